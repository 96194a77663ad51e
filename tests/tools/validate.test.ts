/** @jest-environment node */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runContentCli } from '../setup/content-cli'
import { validateTarget, type Problem } from '../../scripts/lib/validate'

const ROOT = join(__dirname, '..', '..')
const FIXTURES = join(ROOT, 'tests', 'fixtures')

const errors = (problems: Problem[]): Problem[] => problems.filter((p) => p.severity === 'error')

/** Runs the CLI as a reader would, with what it prints as lines. */
async function cli(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const { code, out } = await runContentCli(args)
  return { code, lines: out.split('\n') }
}

function copyContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-content-'))
  cpSync(join(ROOT, 'tests', 'fixtures', 'endpoint-2022'), dir, { recursive: true })
  return dir
}

function edit(file: string, change: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  change(json)
  writeFileSync(file, JSON.stringify(json))
}

describe('content validate', () => {
  test('accepts the published sample endpoint with no errors and follows the feed to the events and office documents', async () => {
    const report = await validateTarget('tests/fixtures/endpoint-2022', ROOT)
    expect(errors(report.problems)).toEqual([])
    expect(report.docs.map((d) => d.kind).sort()).toEqual(['events', 'feed', 'office'])
  })

  test.each(['cms-jsonfeed-1.0.json', 'podcast-1.1.json'])(
    'accepts the plain third-party JSON Feed %s as it is',
    async (name) => {
      const { code } = await cli('validate', join(FIXTURES, 'feeds', name))
      expect(code).toBe(0)
    },
  )

  test.each([
    ['empty.json', '', /is empty/],
    ['bom.json', '', /byte-order mark/],
    ['html.json', '', /looks like HTML/],
    ['truncated.json', '', /not valid JSON \(line 1, column \d+/],
    ['array.json', '', /not a JSON object/],
    ['feed-no-version.json', '/version', /is missing/],
    ['feed-items-not-array.json', '/items', /expected array/],
  ])('rejects broken/%s with one located line and no stack trace', async (name, pointer, message) => {
    const { code, lines } = await cli('validate', join(FIXTURES, 'broken', name))
    expect(code).toBe(1)
    const problems = lines.filter((l) => l.startsWith('error: '))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(`${name}#${pointer}: `)
    expect(problems[0]).toMatch(message)
    expect(lines.join('\n')).not.toMatch(/\n\s+at /)
  })

  test('reports unparseable dates and duplicate ids at their pointers', async () => {
    const report = await validateTarget(join(FIXTURES, 'broken', 'feed-dates-and-duplicates.json'), ROOT)
    expect(errors(report.problems).map((p) => p.pointer)).toEqual(['/items/0/date_published', '/items/1/id'])
  })

  test('reports each broken event rule once, at the field', async () => {
    const report = await validateTarget(join(FIXTURES, 'broken', 'events-bad.json'), ROOT)
    const at = errors(report.problems).map((p) => p.pointer)
    expect(at.sort()).toEqual(
      [
        '/entries/0/start',
        '/entries/1/duration',
        '/entries/2/start',
        '/entries/2/status',
        '/entries/2/timeZone',
        '/entries/2/uid',
      ].sort(),
    )
  })

  test('warns, at the rule, about recurrence the app cannot expand, and accepts what it can', async () => {
    const dir = copyContent()
    edit(join(dir, 'events.json'), (group) => {
      const entries = group.entries as Array<Record<string, unknown>>
      const base = entries[0] as Record<string, unknown>
      entries.push(
        { ...base, uid: 'weekly', recurrenceRules: [{ frequency: 'weekly', byDay: [{ day: 'mo' }] }] },
        { ...base, uid: 'hourly', recurrenceRules: [{ frequency: 'weekly' }, { frequency: 'hourly' }] },
        { ...base, uid: 'week-numbers', excludedRecurrenceRules: [{ frequency: 'yearly', byWeekNo: [1] }] },
        {
          ...base,
          uid: 'old-count',
          start: '1901-01-01T09:00:00',
          recurrenceRules: [{ frequency: 'daily', count: 99999 }],
        },
        { ...base, uid: 'bad-override', recurrenceOverrides: { '2027-01-01T09:00:00': { start: 'soon' } } },
      )
    })
    const report = await validateTarget(join(dir, 'events.json'), ROOT)
    expect(errors(report.problems)).toEqual([])
    const warnings = report.problems.filter(
      (p) => p.pointer.startsWith('/entries/') && /repeat|follow/.test(p.message),
    )
    const count = (JSON.parse(readFileSync(join(dir, 'events.json'), 'utf8')) as { entries: unknown[] })
      .entries.length
    expect(warnings.map((p) => [p.pointer, p.message.split(';')[0]])).toEqual([
      [
        `/entries/${count - 4}/recurrenceRules/1`,
        'the frequency "hourly" repeats within a day, which the app does not show',
      ],
      [`/entries/${count - 3}/excludedRecurrenceRules/0`, 'byWeekNo is not supported by the app'],
      [
        `/entries/${count - 2}/recurrenceRules/0/count`,
        'counts from a start too long ago for the app to follow to today',
      ],
      [`/entries/${count - 1}/recurrenceOverrides/2027-01-01T09:00:00`, 'is not a patch the app can read'],
    ])
  })

  test('refuses, at the rule, recurrence the app would cut for work, and a calendar of more dates than it shows', async () => {
    const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
    const dir = copyContent()
    edit(join(dir, 'events.json'), (group) => {
      const entries = group.entries as Array<Record<string, unknown>>
      const base = entries[0] as Record<string, unknown>
      entries.push({
        ...base,
        uid: 'every-second',
        recurrenceRules: [
          { frequency: 'daily', byHour: range(24), byMinute: range(60), bySecond: range(60) },
        ],
      })
    })
    const report = await validateTarget(join(dir, 'events.json'), ROOT)
    const count = (JSON.parse(readFileSync(join(dir, 'events.json'), 'utf8')) as { entries: unknown[] })
      .entries.length
    expect(errors(report.problems).map((p) => [p.pointer, p.message.split(';')[0]])).toEqual([
      [
        `/entries/${count - 1}/recurrenceRules`,
        'asks for more than 25,000 candidate dates and times within a year either side of today, more than the app works through for one event (it would show only the first date)',
      ],
    ])

    const many = copyContent()
    edit(join(many, 'events.json'), (group) => {
      const entries = group.entries as Array<Record<string, unknown>>
      const base = entries[0] as Record<string, unknown>
      for (const i of range(200))
        entries.push({
          ...base,
          uid: `daily-${i}`,
          start: '2026-01-01T09:00:00',
          recurrenceRules: [{ frequency: 'daily' }],
        })
    })
    const crowded = await validateTarget(join(many, 'events.json'), ROOT)
    expect(errors(crowded.problems).map((p) => [p.pointer, p.message.replace(/\d[\d,]*/, 'N')])).toEqual([
      [
        '/entries',
        'makes N dates within a year either side of today; the app shows at most 5,000 (expected fewer repeating events, a longer interval or an earlier until)',
      ],
    ])
  })

  test('catches links that do not resolve across documents', async () => {
    const dir = copyContent()
    edit(join(dir, 'feed.json'), (feed) => {
      const items = feed.items as Array<Record<string, Record<string, unknown>>>
      const first = items[0]
      if (!first) throw new Error('fixture has no items')
      first._bcecc = { translations: { zh: 'no-such-article' }, related_events: ['no-such-event'] }
    })
    const report = await validateTarget(dir, ROOT)
    const messages = errors(report.problems).map((p) => `${p.pointer} ${p.message}`)
    expect(messages).toEqual([
      expect.stringMatching(/^\/items\/0\/_bcecc\/translations\/zh names article "no-such-article"/),
      expect.stringMatching(/^\/items\/0\/_bcecc\/related_events\/0 names event "no-such-event"/),
    ])
  })

  test('reports a missing linked document at the link', async () => {
    const dir = copyContent()
    edit(join(dir, 'feed.json'), (feed) => {
      ;(feed._bcecc as Record<string, unknown>).office_url = 'missing-office.json'
    })
    const report = await validateTarget(dir, ROOT)
    expect(errors(report.problems)).toEqual([
      expect.objectContaining({
        pointer: '/_bcecc/office_url',
        message: expect.stringMatching(/was not found/) as unknown,
      }),
    ])
  })

  test('rejects a feed page over 256 KB', async () => {
    const dir = copyContent()
    edit(join(dir, 'feed.json'), (feed) => {
      const items = feed.items as Array<Record<string, unknown>>
      const first = items[0]
      if (first) first.content_html = `<p>${'x'.repeat(300 * 1024)}</p>`
    })
    const report = await validateTarget(dir, ROOT)
    expect(errors(report.problems)).toEqual([
      expect.objectContaining({
        pointer: '',
        message: expect.stringMatching(/at most 262144 bytes/) as unknown,
      }),
    ])
  })

  test('warns about, but accepts, http images', async () => {
    const dir = copyContent()
    edit(join(dir, 'feed.json'), (feed) => {
      const first = (feed.items as Array<Record<string, unknown>>)[0]
      if (first) first.image = 'http://insecure.example.com/a.png'
    })
    const { code, lines } = await cli('validate', dir)
    expect(code).toBe(0)
    expect(lines.some((l) => l.startsWith('warning: ') && l.includes('/items/0/image'))).toBe(true)
  })

  test('says what to do when the target does not exist, with exit 1', async () => {
    const { code, lines } = await cli('validate', 'no/such/place.json')
    expect(code).toBe(1)
    expect(lines[0]).toMatch(/does not exist/)
  })
})

test('a third-party feed saved as a file: its links to the web are warnings, never a missing local file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-third-party-'))
  const file = join(dir, 'feed.json')
  writeFileSync(
    file,
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'A chamber',
      feed_url: 'https://chamber.example.org/feed.json',
      next_url: 'https://chamber.example.org/feed.json?page=2',
      _bcecc: { events_url: 'https://chamber.example.org/events.json' },
      items: [{ id: '1', title: 'One', content_text: 'Text' }],
    }),
  )
  const { code, lines } = await cli('validate', file)
  expect(code).toBe(0)
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^warning: .*feed\.json#\/next_url: links to https:\/\/chamber\.example\.org\/feed\.json\?page=2, which was not fetched/,
      ),
      expect.stringMatching(
        /^warning: .*feed\.json#\/_bcecc\/events_url: links to https:\/\/chamber\.example\.org\/events\.json, which was not fetched/,
      ),
    ]),
  )
  expect(lines.join('\n')).not.toMatch(/^error/m)
})
