/** @jest-environment node */
// The editors' sources: Markdown articles and YAML events compiled to the documents the app reads, every problem
// one located line, images sized for phones and cached.

import fc from 'fast-check'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import { parseEvents, eventDetails, type CalendarEvent } from '../../miniprogram/core/events'
import { occurrencesOf } from '../../miniprogram/core/occurrences'
import { scheduleOf, whenOf } from '../../miniprogram/core/schedule'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { EVENT_FIELDS, REPEAT_FIELDS, readEvent } from '../../scripts/lib/sources/events'
import { parseFeedPage } from '../../miniprogram/core/feed'
import { parseOffice } from '../../miniprogram/core/office'
import type { RunningServer } from '../../scripts/lib/tasks/serve'
import { runContentCli } from '../setup/content-cli'
import { buildSite } from '../../scripts/lib/build'
import { SourceMemo, compileAround, compileContent, type CompiledContent } from '../../scripts/lib/sources'
import { cameraPhoto } from '../../scripts/lib/camera-photo'
import { SourceFile, formatSourceProblem, type SourceProblem } from '../../scripts/lib/sources/fields'
import { parseRecurrence } from '../../miniprogram/core/recurrence'

const ROOT = join(__dirname, '..', '..')
const PUBLISHED = join(ROOT, 'tests', 'fixtures', 'endpoint-2022')
const URL_BASE = 'https://cdn.example.com/'

/** A copy of the sample sources to change. */
function copyContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-sources-'))
  cpSync(join(ROOT, 'content'), dir, { recursive: true })
  return dir
}

function write(dir: string, path: string, text: string | Buffer): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), text)
}

const lines = (compiled: CompiledContent, severity?: 'error' | 'warning'): string[] =>
  compiled.problems.filter((p) => !severity || p.severity === severity).map(formatSourceProblem)

/** The published documents of a compiled folder, as a CDN would serve them. */
function published(compiled: CompiledContent): Record<'feed' | 'events' | 'office', unknown> {
  if (!compiled.documents) throw new Error(lines(compiled).join('\n'))
  const site = buildSite({ ...compiled.documents, assets: compiled.assets }, { pageItems: 1000 })
  const doc = (name: string): unknown => JSON.parse(site.files.get(name)?.toString('utf8') ?? 'null')
  return { feed: doc('feed.json'), events: doc('events.json'), office: doc('office.json') }
}

const json = (name: string): unknown => JSON.parse(readFileSync(join(PUBLISHED, name), 'utf8'))
/** Image names carry a hash of the image; the models are otherwise the same. */
const unhashed = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replace(/-[0-9a-f]{12}(-\d+)?\.(svg|png|jpg)/g, '.$2'))

describe('the migrated sample content', () => {
  let compiled: CompiledContent
  beforeAll(async () => {
    compiled = await compileContent(join(ROOT, 'content'), { cwd: ROOT })
  })

  test('compiles with no error and no warning', () => {
    expect(lines(compiled)).toEqual([])
    expect(compiled.summary).toMatchObject({ articles: 12, events: 4 })
  })

  test('gives the app the same articles, events and office as the endpoint published before', () => {
    const now = published(compiled)
    const byId = <T extends { id: string }>(list: T[]): T[] =>
      [...list].sort((a, b) => (a.id < b.id ? -1 : 1))
    const articles = (doc: unknown) => byId(parseFeedPage(doc, `${URL_BASE}feed.json`).articles)
    expect(articles(now.feed)).toEqual(articles(json('feed.json')))

    const events = (doc: unknown) =>
      parseEvents(doc, `${URL_BASE}events.json`).events.map(({ source: _source, ...summary }) => ({
        summary,
        details: eventDetails(
          parseEvents(doc, `${URL_BASE}events.json`).events.find((e) => e.uid === summary.uid) ??
            (() => {
              throw new Error('lost')
            })(),
        ),
      }))
    expect(events(now.events)).toEqual(events(json('events.json')))

    const office = (doc: unknown) => unhashed(parseOffice(doc, `${URL_BASE}office.json`))
    expect(office(now.office)).toEqual(office(json('office.json')))
  })

  test('compiles to the same bytes every time', async () => {
    const again = await compileContent(join(ROOT, 'content'), { cwd: ROOT })
    expect(JSON.stringify(again.documents)).toBe(JSON.stringify(compiled.documents))
  })
})

describe('problems are located lines', () => {
  test('YAML syntax, unknown fields, bad dates and zones, end before start, each at its line and column', async () => {
    const dir = copyContent()
    write(dir, 'events/broken.yaml', 'title: { en: Fair\nstart: 2022-04-07\n')
    write(
      dir,
      'events/typo.yaml',
      'titel: { en: Fair }\nstart: 2022-02-30\ntime_zone: Asia/Shangai\nupdated: 2022-01-01T00:00:00Z\n',
    )
    write(
      dir,
      'events/backwards.yaml',
      'title: { en: Fair }\nstart: 2022-04-07\nend: 2022-04-05\nupdated: 2022-01-01T00:00:00Z\n',
    )
    const compiled = await compileContent(dir, { cwd: dir })
    const errors = lines(compiled, 'error')
    expect(compiled.documents).toBeUndefined()
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^events\/broken\.yaml:1:8: error: the group of fields opened with \{ is not closed/,
        ),
        expect.stringMatching(
          /^events\/typo\.yaml:1:1: error: titel is not a field here; expected title \(a typo\?\)/,
        ),
        expect.stringMatching(
          /^events\/typo\.yaml:2:8: error: start is "2022-02-30", which is not a real date/,
        ),
        expect.stringMatching(
          /^events\/typo\.yaml:3:12: error: time_zone is "Asia\/Shangai", which is not a time zone/,
        ),
        expect.stringMatching(/^events\/backwards\.yaml:3:6: error: end \(2022-04-05\) is before start/),
      ]),
    )
    // One line each: no stack trace, nothing spread over lines.
    for (const line of errors) expect(line).not.toMatch(/\n|\bat .*\.ts:\d+/)
  })

  test('a YAML mistake is reported once, on the line that has it, in words that say what to do', async () => {
    const dir = copyContent()
    const english = readFileSync(join(dir, 'articles/climate-tech/index.en.md'), 'utf8')
    // tags: [Climate, Energy, Batteries] loses its ], with a field after it (the parser notices on the next line).
    const slipped = english.replace(/^tags: \[(.*)\]$/m, 'tags: [$1\nauthor: FIT Guangzhou')
    const tagsLine = slipped.split('\n').findIndex((l) => l.startsWith('tags:')) + 1
    write(dir, 'articles/climate-tech/index.en.md', slipped)
    const mistakes: Array<[string, string, RegExp]> = [
      [
        'events/quote.yaml',
        'title: "Fair\nstart: 2027-04-07\n',
        /^events\/quote\.yaml:1:8: error: the text opened with " is not closed/,
      ],
      [
        'events/colon.yaml',
        'title: Climate: wind\nstart: 2027-04-07\n',
        /^events\/colon\.yaml:1:8: error: the value has ": " in it.*in double quotes/,
      ],
      [
        'events/indent.yaml',
        'title: Fair\n  start: 2027-04-07\n',
        /^events\/indent\.yaml:2:1: error: this line is indented/,
      ],
      [
        'events/tab.yaml',
        'title: Fair\n\tstart: 2027-04-07\n',
        /^events\/tab\.yaml:2:1: error: this line starts with a tab/,
      ],
      [
        'events/nocolon.yaml',
        'title: Fair\nstart 2027-04-07\nend: 2027-04-08\n',
        /^events\/nocolon\.yaml:2:1: error: this line is not a field/,
      ],
      [
        'events/twice.yaml',
        'title: Fair\ntitle: Fair again\n',
        /^events\/twice\.yaml:2:1: error: this field is given twice/,
      ],
      [
        'events/apostrophe.yaml',
        "title: 'it's a fair'\nstart: 2027-04-07\n",
        /^events\/apostrophe\.yaml:1:\d+: error: a ' inside a value in single quotes/,
      ],
    ]
    for (const [path, text] of mistakes) write(dir, path, text)
    const compiled = await compileContent(dir, { cwd: dir })
    const all = lines(compiled)
    expect(all.filter((l) => l.includes('climate-tech'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^articles/climate-tech/index\\.en\\.md:${tagsLine}:7: error: the list opened with \\[ is not closed; expected a \\] at its end`,
        ),
      ),
    ])
    for (const [path, , expected] of mistakes) {
      const about = all.filter((l) => l.startsWith(`${path}:`))
      expect(about).toEqual([expect.stringMatching(expected)])
    }
  })

  test('links to nothing, missing images, lone languages and duplicate uids', async () => {
    const dir = copyContent()
    write(
      dir,
      'articles/new-one/index.en.md',
      [
        '---',
        'title: New',
        'date: 2026-12-01',
        'image: images/missing.jpg',
        'events: [no-such-event]',
        '---',
        '',
        'See [the plan](article:five-year-plan) and [the fair](event:cmef-2022).',
        '',
        'Also [gone](article:no-such-article), [lost](event:no-such-event) and ![x](images/nope.png).',
      ].join('\n'),
    )
    write(dir, 'events/cmef-2022.yml', readFileSync(join(dir, 'events', 'cmef-2022.yaml')))
    const compiled = await compileContent(dir, { cwd: dir })
    expect(lines(compiled)).toEqual(
      expect.arrayContaining([
        'articles/new-one/index.en.md:1:1: warning: has no Chinese version (articles/new-one/index.zh.md); readers of Chinese see this one (to review before publishing)',
        expect.stringMatching(
          /^articles\/new-one\/index\.en\.md:4:8: error: image images\/missing\.jpg was not found/,
        ),
        expect.stringMatching(
          /^articles\/new-one\/index\.en\.md:5:\d+: error: events lists no-such-event, which is not an event/,
        ),
        expect.stringMatching(
          /^articles\/new-one\/index\.en\.md:10:13: error: links to article:no-such-article, which is not an article/,
        ),
        expect.stringMatching(
          /^articles\/new-one\/index\.en\.md:10:\d+: error: links to event:no-such-event, which is not an event/,
        ),
        expect.stringMatching(
          /^articles\/new-one\/index\.en\.md:10:\d+: error: image images\/nope\.png was not found/,
        ),
        expect.stringMatching(
          /^events\/cmef-2022\.yml:1:1: error: has the uid cmef-2022 of events\/cmef-2022\.yaml too/,
        ),
      ]),
    )
    // The working links were not reported.
    expect(lines(compiled).join('\n')).not.toMatch(/five-year-plan|event:cmef-2022/)
  })

  test('validate exits 1 with file:line:column lines and a summary, never a stack trace', async () => {
    const dir = copyContent()
    write(dir, 'articles/partnership-2026/index.en.md', '---\ntitle: [unclosed\n---\nBody\n')
    const { code, out: text } = await runContentCli(['validate', dir])
    expect(code).toBe(1)
    const out = text.split('\n')
    expect(out[0]).toMatch(/articles\/partnership-2026\/index\.en\.md:2:\d+: error: /)
    expect(out[out.length - 1]).toMatch(/^invalid: .* \(11 articles, 4 events, \d+ errors?, \d+ warnings?\)$/)
    expect(out.join('\n')).not.toMatch(/\bat .*\(.*:\d+:\d+\)/)
  })

  test('arbitrary text in any source file gives problems, never an exception or a polluted prototype', async () => {
    const dir = copyContent()
    const hostile = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom(
        '__proto__: { polluted: 1 }\ntitle: x\n',
        'constructor: { prototype: { polluted: 1 } }\n',
        '---\n__proto__: x\n---\n',
        'a: &a [*a]\n',
        `${'['.repeat(5000)}${']'.repeat(5000)}`,
        'title: !!js/function "() => 1"\n',
        '\uFEFF\u0000title: x',
      ),
      fc.jsonValue().map((v) => `title: ${JSON.stringify(v)}\nstart: ${JSON.stringify(v)}\n`),
    )
    await fc.assert(
      fc.asyncProperty(
        hostile,
        fc.constantFrom('events/x.yaml', 'articles/x/index.zh.md', 'site.yaml', 'office.yaml'),
        async (text, path) => {
          const before = readFileSync(
            join(
              ROOT,
              'content',
              path.startsWith('articles/x') || path === 'events/x.yaml' ? 'site.yaml' : path,
            ),
          )
          write(dir, path, text)
          const compiled = await compileContent(dir, { cwd: dir })
          for (const p of compiled.problems) expect(p.line).toBeGreaterThanOrEqual(1)
          expect(({} as Record<string, unknown>).polluted).toBeUndefined()
          if (path === 'site.yaml' || path === 'office.yaml') write(dir, path, before)
          else rmSync(join(dir, path))
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('events', () => {
  async function compileEvent(
    yaml: string,
  ): Promise<{ event?: Record<string, unknown>; problems: string[] }> {
    const dir = copyContent()
    write(dir, 'events/probe.yaml', yaml)
    const compiled = await compileContent(dir, { cwd: dir })
    const entries = (compiled.documents?.events.entries ?? []) as Array<Record<string, unknown>>
    return { event: entries.find((e) => e.uid === 'probe'), problems: lines(compiled) }
  }
  const UPDATED = 'updated: 2026-12-01T10:00:00Z\n'

  test('a timed event in Brussels, ending at a time on the same day, with a registration link in both languages', async () => {
    const { event, problems } = await compileEvent(
      `title: { en: Brussels briefing, zh: 布鲁塞尔简报会 }\nstart: 2026-03-29 01:30\nend: "04:00"\ntime_zone: Europe/Brussels\nregistration: https://example.com/register\ntype: conference\n${UPDATED}`,
    )
    expect(problems).toEqual([])
    expect(event).toMatchObject({
      start: '2026-03-29T01:30:00',
      timeZone: 'Europe/Brussels',
      duration: 'PT1H30M',
      keywords: { conference: true },
      links: { registration: { href: 'https://example.com/register' } },
      localizations: { zh: { title: '布鲁塞尔简报会', 'links/registration/title': '报名' } },
    })
    expect(event).not.toHaveProperty('showWithoutTime')
    // 01:30 CET is 00:30 UTC; clocks go forward at 02:00, so 04:00 CEST is 02:00 UTC: 90 minutes, not 150.
    const [read] = parseEvents(
      { '@type': 'Group', uid: 'g', entries: [event] },
      `${URL_BASE}events.json`,
    ).events
    expect(read?.start).toEqual({ year: 2026, month: 3, day: 29, hour: 1, minute: 30, second: 0 })
    expect(read?.duration).toEqual({ days: 0, seconds: 90 * 60 })
  })

  describe('an end given as a local time is the instant the editor wrote, across clock changes', () => {
    // [start, end, the exact length, the UTC instant of the end]: Brussels changes at 02:00 CET on 2027-03-28
    // (to CEST, UTC+2) and at 03:00 CEST on 2027-10-31 (back to CET, UTC+1).
    const cases: Array<[string, string, string, string, string]> = [
      ['the spring night', '2027-03-27 23:00', '2027-03-28 04:00', 'PT4H', '2027-03-28T02:00:00Z'],
      ['the autumn night', '2027-10-30 23:00', '2027-10-31 04:00', 'PT6H', '2027-10-31T03:00:00Z'],
      [
        'days across the spring change',
        '2027-03-26 10:00',
        '2027-03-29 12:00',
        'P3DT2H',
        '2027-03-29T10:00:00Z',
      ],
      [
        'days across the autumn change',
        '2027-10-29 18:00',
        '2027-11-01 09:30',
        'P2DT15H30M',
        '2027-11-01T08:30:00Z',
      ],
      ['the same time days later', '2027-10-30 09:00', '2027-11-02 09:00', 'P3D', '2027-11-02T08:00:00Z'],
      ['inside the repeated hour', '2027-10-31 01:30', '2027-10-31 02:30', 'PT1H', '2027-10-31T00:30:00Z'],
    ]
    test.each(cases)('%s: %s to %s is %s', async (_name, start, end, duration, endUtc) => {
      const { event, problems } = await compileEvent(
        `title: Night shift\nstart: ${start}\nend: ${end}\ntime_zone: Europe/Brussels\n${UPDATED}`,
      )
      expect(problems).toEqual([])
      expect(event?.duration).toBe(duration)
      // The app reads the end back as the same instant and the same local time.
      const [read] = parseEvents(
        { '@type': 'Group', uid: 'g', entries: [event] },
        `${URL_BASE}events.json`,
      ).events
      const schedule = scheduleOf(read as CalendarEvent)
      if (schedule.kind !== 'timed') throw new Error(`expected a timed event, got ${schedule.kind}`)
      expect(new Date(schedule.endMs).toISOString()).toBe(endUtc.replace('Z', '.000Z'))
      const [day, time] = end.split(' ') as [string, string]
      const [y, mo, d] = day.split('-').map(Number)
      const [h, mi] = time.split(':').map(Number)
      expect(schedule.end).toEqual({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 })
      // And the event page says that end, in the event's own time.
      expect(whenOf(read as CalendarEvent, 'en').date).toMatch(
        new RegExp(`[–-] ?(\\d+ \\w+ \\d{4} )?${time}\\b`),
      )
    })

    test('an end at or before the start in instants is refused, even when the wall clock says later', async () => {
      // 02:30 on the autumn night is read as the first (earlier) 02:30; 02:10 is also the first: before.
      const { event, problems } = await compileEvent(
        `title: Backwards\nstart: 2027-10-31 02:30\nend: 2027-10-31 02:10\ntime_zone: Europe/Brussels\n${UPDATED}`,
      )
      expect(event).toBeUndefined()
      expect(problems).toEqual([expect.stringMatching(/error: end \(2027-10-31 02:10\) is not after start/)])
    })
  })

  test('a summary is plain text in the feed: tags an editor typed are taken out', async () => {
    const dir = copyContent()
    const path = 'articles/digital-tech/index.en.md'
    write(
      dir,
      path,
      readFileSync(join(dir, path), 'utf8').replace(
        /^summary: .*$/m,
        'summary: "Chips <script>alert(1)</script>and <b>AI</b> for 3 < 4 markets <img src=x onerror=alert(1)>"',
      ),
    )
    const compiled = await compileContent(dir, { cwd: dir })
    const item = (compiled.documents?.feed.items as Array<Record<string, unknown>>).find(
      (i) => i.id === 'digital-tech-en',
    )
    expect(item?.summary).toBe('Chips and AI for 3 < 4 markets')
  })

  test('all-day over several days, a month only, and a date to be announced', async () => {
    const allDay = await compileEvent(
      `title: Fair\nstart: 2024-02-27\nend: 2024-03-01\nstatus: cancelled\n${UPDATED}`,
    )
    expect(allDay.event).toMatchObject({
      start: '2024-02-27T00:00:00',
      duration: 'P4D',
      showWithoutTime: true,
      status: 'cancelled',
    })
    const month = await compileEvent(`title: Summit\nstart: 2024-02\n${UPDATED}`)
    expect(month.event).toMatchObject({ duration: 'P29D', 'bcecc.be:datePrecision': 'month' })
    const tba = await compileEvent(`title: Mission\ndate_status: tba\n${UPDATED}`)
    expect(tba.event).toMatchObject({ 'bcecc.be:dateStatus': 'tba', showWithoutTime: true })
    expect(tba.event).not.toHaveProperty('start')
    const noStart = await compileEvent(`title: Mission\n${UPDATED}`)
    expect(noStart.problems).toEqual([
      expect.stringMatching(/^events\/probe\.yaml:1:1: error: start is missing/),
    ])
  })

  test('a repeating event: every week on two days, until a day, with a skipped date; the app shows its occurrences', async () => {
    const { event, problems } = await compileEvent(
      `title: { en: Members' breakfast, zh: 会员早餐会 }\nstart: 2026-11-02 08:00\nend: "09:30"\nrepeat:\n  every: week\n  on: [monday, thursday]\n  until: 2026-12-31\n  skip: [2026-12-24]\n${UPDATED}`,
    )
    expect(problems).toEqual([])
    expect(event).toMatchObject({
      recurrenceRules: [
        {
          frequency: 'weekly',
          byDay: [{ day: 'mo' }, { day: 'th' }],
          until: '2026-12-31T23:59:59',
        },
      ],
      recurrenceOverrides: { '2026-12-24T08:00:00': { excluded: true } },
    })
    const [read] = parseEvents(
      { '@type': 'Group', uid: 'g', entries: [event] },
      `${URL_BASE}events.json`,
    ).events
    const days = occurrencesOf(read as CalendarEvent, Date.UTC(2026, 11, 1)).map((o) =>
      o.recurrenceId?.slice(5, 10),
    )
    // Mondays and Thursdays from 2 November to 31 December, but not Christmas Eve.
    expect(days).toEqual([
      ...['11-02', '11-05', '11-09', '11-12', '11-16', '11-19', '11-23', '11-26', '11-30'],
      ...['12-03', '12-07', '12-10', '12-14', '12-17', '12-21', '12-28', '12-31'],
    ])
  })

  test('a monthly repeat on the last Friday, five times; mistakes in repeat each at their line', async () => {
    const monthly = await compileEvent(
      `title: Mixer\nstart: 2026-10-30 18:00\nrepeat: { every: month, on: last friday, times: 5 }\n${UPDATED}`,
    )
    expect(monthly.problems).toEqual([])
    expect(monthly.event).toMatchObject({
      recurrenceRules: [{ frequency: 'monthly', byDay: [{ day: 'fr', nthOfPeriod: -1 }], count: 5 }],
    })
    const wrong = await compileEvent(
      `title: Mixer\nstart: 2026-10-30 18:00\nrepeat:\n  every: fortnight\n${UPDATED}`,
    )
    expect(wrong.problems).toEqual([
      expect.stringMatching(
        /^events\/probe\.yaml:4:10: error: repeat\.every is "fortnight"; expected .*day, week, month, year/,
      ),
    ])
    const both = await compileEvent(
      `title: Mixer\nstart: 2026-10-30 18:00\nrepeat:\n  every: week\n  until: 2027-01-01\n  times: 3\n${UPDATED}`,
    )
    expect(both.problems).toEqual([expect.stringMatching(/:6:10: error: repeat has both until: and times:/)])
    const onDay = await compileEvent(
      `title: Mixer\nstart: 2026-10-30 18:00\nrepeat:\n  every: month\n  on: friday\n${UPDATED}`,
    )
    expect(onDay.problems).toEqual([
      expect.stringMatching(/:5:7: error: repeat\.on is "friday"; expected first, second/),
    ])
    const month = await compileEvent(`title: Summit\nstart: 2026-11\nrepeat: { every: year }\n${UPDATED}`)
    expect(month.problems).toEqual([expect.stringMatching(/:3:9: error: repeat needs a start day/)])
    const skip = await compileEvent(
      `title: Mixer\nstart: 2026-10-30 18:00\nrepeat: { every: week, skip: [2026-11-03] }\n${UPDATED}`,
    )
    expect(skip.problems).toEqual([
      expect.stringMatching(/warning: repeat\.skip has 2026-11-03, a day the event does not repeat on/),
    ])
    const blank = await compileEvent(
      `title: Mixer\nstart: 2026-10-30 18:00\nrepeat: { every: "", until: "" }\n${UPDATED}`,
    )
    expect(blank.problems).toEqual([])
    expect(blank.event).not.toHaveProperty('recurrenceRules')
  })

  test('a venue with a name, city, address and coordinates', async () => {
    const { event, problems } = await compileEvent(
      `title: Fair\nstart: 2026-04-07\nvenue:\n  name: { en: NECC, zh: 国家会展中心 }\n  city: { en: Shanghai, zh: 上海 }\n  address: 333 Songze Avenue\n  coordinates: 31.19, 121.30\n${UPDATED}`,
    )
    expect(problems).toEqual([])
    expect(event?.locations).toEqual({
      shanghai: {
        '@type': 'Location',
        name: 'NECC',
        description: '333 Songze Avenue, Shanghai',
        coordinates: 'geo:31.19,121.30',
        timeZone: 'Asia/Shanghai',
      },
    })
    expect(event?.localizations).toMatchObject({
      zh: {
        'locations/shanghai/name': '国家会展中心',
        'locations/shanghai/description': '333 Songze Avenue，上海',
      },
    })
  })
})

describe('images', () => {
  async function photo(width: number, height: number, alpha = false): Promise<Buffer> {
    const image = sharp({
      create: {
        width,
        height,
        channels: alpha ? 4 : 3,
        background: alpha ? { r: 200, g: 30, b: 30, alpha: 0.5 } : '#3366aa',
      },
    })
    return alpha ? image.png().toBuffer() : image.jpeg({ quality: 95 }).toBuffer()
  }

  test('sized for phones, with width and height in the feed, cached by content, and weighed per article', async () => {
    const dir = copyContent()
    const cache = mkdtempSync(join(tmpdir(), 'bcecc-image-cache-'))
    write(dir, 'images/cover.jpg', await photo(3000, 2000))
    write(dir, 'images/diagram.png', await photo(400, 300, true))
    const article = readFileSync(join(dir, 'articles/digital-tech/index.en.md'), 'utf8').replace(
      '\n---\n',
      '\nimage: images/cover.jpg\n---\n\n![A diagram](../../images/diagram.png)\n',
    )
    write(dir, 'articles/digital-tech/index.en.md', article)

    const first = await compileContent(dir, { cwd: dir, cacheDir: cache })
    expect(lines(first, 'error')).toEqual([])
    expect(first.summary.encoded).toBe(2)
    const paths = [...first.assets.keys()].filter((p) => !p.endsWith('.svg'))
    expect(paths).toEqual([
      expect.stringMatching(/^images\/cover-[0-9a-f]{12}-1500\.jpg$/),
      expect.stringMatching(/^images\/cover-[0-9a-f]{12}-750\.jpg$/),
      expect.stringMatching(/^images\/diagram-[0-9a-f]{12}-400\.png$/),
    ])
    for (const path of paths) {
      const meta = await sharp(first.assets.get(path)).metadata()
      expect(meta.width).toBe(Number(/-(\d+)\.\w+$/.exec(path)?.[1]))
    }
    const item = (first.documents?.feed.items as Array<Record<string, unknown>>).find(
      (i) => i.id === 'digital-tech-en',
    )
    expect(item?.image).toMatch(/-750\.jpg$/)
    expect(item?._bcecc).toMatchObject({ image_width: 750, image_height: 500 })
    expect(item?.content_html).toMatch(
      /<img src="images\/diagram-[0-9a-f]{12}-400\.png" alt="A diagram" width="400" height="300">/,
    )
    const weight = first.summary.imageBytes.find((a) => a.id === 'digital-tech-en')?.bytes ?? 0
    const expected = [...first.assets]
      .filter(([p]) => /-(750\.jpg|400\.png)$/.test(p))
      .reduce((n, [, b]) => n + b.length, 0)
    expect(weight).toBe(expected)

    // A second build reads every variant from the cache and gives the same bytes.
    const second = await compileContent(dir, { cwd: dir, cacheDir: cache })
    expect(second.summary.encoded).toBe(0)
    expect([...second.assets.keys()]).toEqual([...first.assets.keys()])
    for (const [path, bytes] of first.assets) expect(second.assets.get(path)?.equals(bytes)).toBe(true)

    // Encoding is deterministic: another machine with an empty cache publishes the same bytes.
    const elsewhere = await compileContent(dir, {
      cwd: dir,
      cacheDir: mkdtempSync(join(tmpdir(), 'bcecc-cache-')),
    })
    expect(elsewhere.summary.encoded).toBe(2)
    for (const [path, bytes] of first.assets) expect(elsewhere.assets.get(path)?.equals(bytes)).toBe(true)

    // Over the budget: a warning, still built.
    write(
      dir,
      'site.yaml',
      `${readFileSync(join(dir, 'site.yaml'), 'utf8').replace(/image_budget_kb: \d+/, 'image_budget_kb: 1')}`,
    )
    const heavy = await compileContent(dir, { cwd: dir, cacheDir: cache })
    expect(lines(heavy, 'warning')).toEqual([
      expect.stringMatching(
        /^articles\/digital-tech\/index\.en\.md:1:1: warning: has \d+ KB of images; expected at most 1 KB/,
      ),
    ])
    expect(heavy.documents).toBeDefined()
  })

  test('a camera photo of 45 MB and 48 megapixels is made phone-sized; one over the limit names the article that uses it', async () => {
    const dir = copyContent()
    const camera = await cameraPhoto(45 * 1024 * 1024)
    expect(camera.length).toBe(45 * 1024 * 1024)
    write(dir, 'images/camera.jpg', camera)
    write(dir, 'images/huge.jpg', await cameraPhoto(101 * 1024 * 1024, 400, 300))
    const cover = (slug: string, image: string): void => {
      const path = `articles/${slug}/index.en.md`
      write(dir, path, readFileSync(join(dir, path), 'utf8').replace('\n---\n', `\nimage: ${image}\n---\n`))
    }
    cover('digital-tech', 'images/camera.jpg')
    cover('health-tech', 'images/huge.jpg')
    const compiled = await compileContent(dir, { cwd: dir })
    expect(lines(compiled, 'error')).toEqual([
      expect.stringMatching(
        /^images\/huge\.jpg:1:1: error: could not be read as an image \(is larger than 100 MB\), used by articles\/health-tech\/index\.en\.md; expected .* at most 100 MB and 200 megapixels/,
      ),
    ])
    const around = await compileAround(dir, { cwd: dir })
    const item = (around.served?.documents?.feed.items as Array<Record<string, unknown>>).find(
      (i) => i.id === 'digital-tech-en',
    )
    const main = around.served?.assets.get(String(item?.image))
    expect(await sharp(main).metadata()).toMatchObject({ width: 750, height: 563, format: 'jpeg' })
    expect(main?.length).toBeLessThan(200 * 1024)
  })

  test("a scanner's TIFF is published as JPEG; an iPhone's HEIC photo gets a message that says what to do", async () => {
    const dir = copyContent()
    write(
      dir,
      'images/scan.tif',
      await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#357' } })
        .tiff()
        .toBuffer(),
    )
    write(dir, 'images/IMG_0001.HEIC', Buffer.from('ftypheic, as far as this test goes'))
    const path = 'articles/digital-tech/index.en.md'
    write(
      dir,
      path,
      `${readFileSync(join(dir, path), 'utf8')}\n![Scan](images/scan.tif)\n\n![Phone](images/IMG_0001.HEIC)\n`,
    )
    const compiled = await compileContent(dir, { cwd: dir })
    expect(lines(compiled, 'error')).toEqual([
      expect.stringMatching(
        /^images\/IMG_0001\.HEIC:1:1: error: is a HEIC photo .*used by articles\/digital-tech\/index\.en\.md; expected it exported as JPEG/,
      ),
    ])
    const scans = [...compiled.assets.keys()].filter((p) => p.startsWith('images/scan-'))
    expect(scans).toEqual([expect.stringMatching(/-750\.jpg$/)])
  })

  test('an SVG that could run script is published as a PNG drawing of it; a plain one as it is', async () => {
    const dir = copyContent()
    const drawing =
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="200" fill="#1d4e89"/>'
    write(dir, 'images/chart.svg', `${drawing}<script>fetch('/admin/api')</script></svg>`)
    write(dir, 'images/handler.svg', `${drawing.replace('<rect', '<rect onload="alert(1)"')}</svg>`)
    write(dir, 'images/plain.svg', `${drawing}</svg>`)
    const path = 'articles/digital-tech/index.en.md'
    write(
      dir,
      path,
      `${readFileSync(join(dir, path), 'utf8')}\n![A](images/chart.svg) ![B](images/handler.svg) ![C](images/plain.svg)\n`,
    )
    const compiled = await compileContent(dir, { cwd: dir })
    expect(lines(compiled, 'error')).toEqual([])
    const names = [...compiled.assets.keys()].filter((p) => /chart|handler|plain/.test(p)).sort()
    expect(names).toEqual([
      expect.stringMatching(/^images\/chart-[0-9a-f]{12}-400\.(png|jpg)$/),
      expect.stringMatching(/^images\/handler-[0-9a-f]{12}-400\.(png|jpg)$/),
      expect.stringMatching(/^images\/plain-[0-9a-f]{12}\.svg$/),
    ])
    for (const name of names.slice(0, 2))
      expect((compiled.assets.get(name) as Buffer).includes('script')).toBe(false)
  })

  test('a file that is not an image is one error, naming it', async () => {
    const dir = copyContent()
    write(dir, 'images/fake.jpg', 'not a jpeg at all')
    const article = readFileSync(join(dir, 'articles/digital-tech/index.zh.md'), 'utf8').replace(
      '\n---\n',
      '\nimage: images/fake.jpg\n---\n',
    )
    write(dir, 'articles/digital-tech/index.zh.md', article)
    const compiled = await compileContent(dir, { cwd: dir })
    expect(lines(compiled, 'error')).toEqual([
      expect.stringMatching(/^images\/fake\.jpg:1:1: error: could not be read as an image/),
    ])
  })
})

test('a moved file is found by its new name only', async () => {
  const dir = copyContent()
  renameSync(join(dir, 'events', 'cmef-2022.yaml'), join(dir, 'events', 'cmef-2022-moved.yaml'))
  const compiled = await compileContent(dir, { cwd: dir })
  expect(lines(compiled, 'error')).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/health-tech\/index\.(en|zh)\.md:\d+:\d+: error: events lists cmef-2022/),
    ]),
  )
})

describe('npm start', () => {
  /** The dev server over `dir` on a free port, with the lines it reports as errors. */
  async function startOn(dir: string): Promise<{ server: RunningServer; out: string[] }> {
    const out: string[] = []
    const { startContentServer } = await import('../../scripts/lib/tasks/serve')
    const server = await startContentServer(dir, {
      port: 0,
      host: '127.0.0.1',
      log: () => undefined,
      error: (l) => out.push(l),
    })
    return { server, out }
  }
  /** The items of the feed it serves now. */
  const served = async (server: RunningServer): Promise<Array<{ id: string; title: string }>> =>
    ((await (await fetch(server.url)).json()) as { items: Array<{ id: string; title: string }> }).items
  const until = async (test: () => boolean | Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 100 && !(await test()); i++) await new Promise((r) => setTimeout(r, 50))
  }

  test('rebuilds on save; a save with errors prints file:line lines and keeps the last good endpoint', async () => {
    const dir = copyContent()
    const { server, out } = await startOn(dir)
    const err = jest
      .spyOn(console, 'error')
      .mockImplementation((...a: unknown[]) => void out.push(a.join(' ')))
    const titles = async (): Promise<string[]> => (await served(server)).map((i) => i.title)
    try {
      const before = await titles()
      const file = join(dir, 'articles', 'health-tech', 'index.en.md')
      const good = readFileSync(file, 'utf8')
      writeFileSync(`${file}.swp`, good.replace(/^date: .*$/m, 'date: 2022-02-30'))
      renameSync(`${file}.swp`, file)
      await until(() => out.some((l) => l.includes('still serving the last good version')))
      expect(out).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /health-tech\/index\.en\.md:3:7: error: date is "2022-02-30", which is not a real date/,
          ),
        ]),
      )
      expect(await titles()).toEqual(before)

      // Saved as many editors save: a new file renamed over the old one (the watcher must keep following it).
      writeFileSync(`${file}.swp`, good.replace(/^title: .*$/m, 'title: Health Tech, revised'))
      renameSync(`${file}.swp`, file)
      await until(async () => (await titles()).includes('Health Tech, revised'))
      expect(await titles()).toContain('Health Tech, revised')
    } finally {
      await server.close()
      err.mockRestore()
    }
  })

  test('starts with a broken file: serves the rest, says what was left out, and a fix brings it back', async () => {
    const dir = copyContent()
    const file = join(dir, 'articles', 'climate-tech', 'index.en.md')
    const good = readFileSync(file, 'utf8')
    writeFileSync(file, good.replace(/^tags: \[(.*)\]$/m, 'tags: [$1'))
    writeFileSync(join(dir, 'events', 'broken.yaml'), 'title: { en: Fair\nstart: 2027-04-07\n')
    const { server, out } = await startOn(dir)
    const ids = async (): Promise<string[]> => (await served(server)).map((i) => i.id)
    try {
      const first = await ids()
      expect(first.length).toBeGreaterThan(5)
      expect(first.filter((id) => id.startsWith('climate-tech'))).toEqual([])
      const report = server.problems()
      expect(report.leftOut).toEqual([
        'articles/climate-tech/index.en.md',
        'articles/climate-tech/index.zh.md',
        'events/broken.yaml',
      ])
      expect(report.headline).toMatch(/^Saved\. 2 errors: the preview leaves out .*not yet live for readers/)
      expect(report.problems.map((p) => p.line)).toEqual([
        expect.stringMatching(
          /climate-tech\/index\.en\.md:\d+:7: error: the list opened with \[ is not closed/,
        ),
        expect.stringMatching(
          /events\/broken\.yaml:1:8: error: the group of fields opened with \{ is not closed/,
        ),
      ])
      expect(out.join('\n')).toMatch(/Left out until fixed: articles\/climate-tech\/index\.en\.md/)

      writeFileSync(file, good)
      rmSync(join(dir, 'events', 'broken.yaml'))
      await until(async () => (await ids()).includes('climate-tech-en'))
      expect(await ids()).toContain('climate-tech-en')
      expect(server.problems()).toMatchObject({ leftOut: [], justFixed: true })
      expect(server.problems().headline).toMatch(/^Saved and built; not yet live for readers/)
    } finally {
      await server.close()
    }
  })

  test('links in the folder (a loop, one out to /usr) are not followed by the watcher', async () => {
    const dir = copyContent()
    symlinkSync(join(dir, 'images'), join(dir, 'images', 'loop'))
    symlinkSync('/usr', join(dir, 'images', 'usr'))
    const started = Date.now()
    const { server } = await startOn(dir)
    try {
      expect(Date.now() - started).toBeLessThan(15_000)
      expect((await fetch(server.url)).status).toBe(200)
    } finally {
      await server.close()
    }
  })

  test('starts with a broken site.yaml: the server is up (for the editor), with nothing to serve yet', async () => {
    const dir = copyContent()
    writeFileSync(join(dir, 'site.yaml'), 'title: [BCECC\n')
    const { server, out } = await startOn(dir)
    try {
      expect((await fetch(server.url)).status).toBe(404)
      expect(out.join('\n')).toMatch(
        /site\.yaml:1:8: error: the list opened with \[ is not closed[\s\S]*Nothing can be built until the errors above are fixed/,
      )
    } finally {
      await server.close()
    }
  })
})

test('a rebuild that reuses unchanged parses gives what a fresh build gives, problems included', async () => {
  const dir = copyContent()
  const memo = new SourceMemo()
  const same = async (): Promise<void> => {
    const kept = await compileContent(dir, { cwd: dir, memo })
    const fresh = await compileContent(dir, { cwd: dir })
    expect(lines(kept)).toEqual(lines(fresh))
    expect(JSON.stringify(kept.documents)).toBe(JSON.stringify(fresh.documents))
  }
  await same()
  const file = join(dir, 'articles', 'five-year-plan', 'index.en.md')
  const text = readFileSync(file, 'utf8')
  writeFileSync(file, `${text}\nSee [the fair](event:no-such-fair).\n`)
  await same()
  // The link now works: a file that did not change is rendered again against the new events.
  write(dir, 'events/no-such-fair.yaml', 'title: Fair\nstart: 2027-01-05\nupdated: 2026-12-01T00:00:00Z\n')
  await same()
  rmSync(join(dir, 'events', 'no-such-fair.yaml'))
  writeFileSync(file, text)
  await same()
})

test('what a web editor writes: empty fields, a date picker with all_day or month_only', async () => {
  const dir = copyContent()
  write(
    dir,
    'events/picked.yaml',
    [
      'title: { en: Picked, zh: "" }',
      'description: { en: "", zh: "" }',
      'start: 2027-04-07 00:00',
      'end: 2027-04-09 00:00',
      'all_day: true',
      'registration: ""',
      'updated: 2026-12-01T00:00:00Z',
    ].join('\n'),
  )
  write(
    dir,
    'events/month.yaml',
    'title: Month\nstart: 2027-11-15 00:00\nend: 2027-11-20 00:00\nmonth_only: true\nupdated: 2026-12-01T00:00:00Z\n',
  )
  const compiled = await compileContent(dir, { cwd: dir })
  expect(lines(compiled)).toEqual([])
  const entries = compiled.documents?.events.entries as Array<Record<string, unknown>>
  const picked = entries.find((e) => e.uid === 'picked')
  expect(picked).toMatchObject({ start: '2027-04-07T00:00:00', duration: 'P3D', showWithoutTime: true })
  expect(picked).not.toHaveProperty('description')
  expect(picked).not.toHaveProperty('localizations')
  expect(entries.find((e) => e.uid === 'month')).toMatchObject({
    start: '2027-11-01T00:00:00',
    duration: 'P30D',
    'bcecc.be:datePrecision': 'month',
  })
})

test('the web editor offers exactly the event fields the sources read, repeat included', () => {
  const config = parseYaml(readFileSync(join(ROOT, 'editor', 'config.yml'), 'utf8')) as {
    collections: Array<{ name: string; fields: Array<{ name: string; fields?: Array<{ name: string }> }> }>
  }
  const events = config.collections.find((c) => c.name === 'events')
  expect(events?.fields.map((f) => f.name).sort()).toEqual([...EVENT_FIELDS].sort())
  const repeat = events?.fields.find((f) => f.name === 'repeat')
  expect(repeat?.fields?.map((f) => f.name).sort()).toEqual([...REPEAT_FIELDS].sort())
})

test('any repeat: an editor may write gives problems or a rule the app expands, never an exception', () => {
  const value = fc.oneof(
    fc.constantFrom(
      'day',
      'week',
      'month',
      'year',
      'fortnight',
      '',
      'last friday',
      'monday',
      '2026-12-24',
      '2027-02-30',
    ),
    fc.integer({ min: -3, max: 2000 }),
    fc.string({ maxLength: 12 }),
    fc.array(fc.oneof(fc.constantFrom('monday', 'first sunday', 'last friday', '2026-12-28'), fc.string()), {
      maxLength: 4,
    }),
    fc.constant(null),
  )
  const repeat = fc.dictionary(
    fc.oneof(
      fc.constantFrom('every', 'interval', 'on', 'until', 'times', 'skip', '__proto__'),
      fc.string({ maxLength: 6 }),
    ),
    value,
    { maxKeys: 6 },
  )
  fc.assert(
    fc.property(
      fc.oneof(repeat, value),
      fc.constantFrom('2026-11-02 08:00', '2026-11-02', '2026-11', ''),
      (given, start) => {
        const problems: SourceProblem[] = []
        const text = stringifyYaml({
          title: 'Probe',
          ...(start ? { start } : { date_status: 'tba' }),
          repeat: given,
          updated: '2026-12-01T10:00:00Z',
        })
        const fields = new SourceFile('probe.yaml', text, problems).parseMapping('the event fields')
        const event = fields ? readEvent('probe', fields) : undefined
        if (event?.recurrenceRules !== undefined) {
          const { recurrence, problems: unexpandable } = parseRecurrence(event)
          expect(unexpandable).toEqual([])
          expect(recurrence?.rules).toHaveLength(1)
          const [read] = parseEvents(
            { '@type': 'Group', uid: 'g', entries: [event] },
            `${URL_BASE}events.json`,
          ).events
          expect(occurrencesOf(read as CalendarEvent, Date.UTC(2026, 11, 1)).length).toBeGreaterThan(0)
        }
        for (const p of problems)
          expect(formatSourceProblem(p)).toMatch(/^probe\.yaml:\d+:\d+: (error|warning): /)
        expect(Object.keys(Object.prototype)).toEqual([])
      },
    ),
    { numRuns: 500 },
  )
})
