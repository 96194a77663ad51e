// Hostile content, as an attacker or a careless tool would write it: prototype pollution through content keys,
// durations and dates that break time math, HTML that once took quadratic time or overflowed the stack, malformed
// percent escapes. Models may only ever throw ContentFormatError, Object.prototype never changes, and time grows
// linearly (measured by growth ratio, not wall time).

import fc from 'fast-check'
import { ContentFormatError } from '../../miniprogram/core/errors'
import { eventDetails, parseEvents, type CalendarEvent } from '../../miniprogram/core/events'
import { parseFeedPage } from '../../miniprogram/core/feed'
import {
  MAX_DURATION_DAYS,
  parseDuration,
  parseLocalDateTime,
  parseRfc3339,
} from '../../miniprogram/core/format'
import { MAX_HTML_DEPTH, plainText, sanitizeHtml, type RichNode } from '../../miniprogram/core/html'
import { parseOffice } from '../../miniprogram/core/office'
import { decodeComponent, linkId } from '../../miniprogram/core/url'
import { toBlocks, type Block } from '../../miniprogram/pages/article/view'
import { eventView } from '../../miniprogram/view/event'
import { eventsView } from '../../miniprogram/view/events'
import { articleCard } from '../../miniprogram/view/article-card'
import { officeView } from '../../miniprogram/view/office'
import { scheduleOf, whenOf } from '../../miniprogram/core/schedule'
import { sample } from '../setup/sample'

const EVENTS_URL = 'https://cdn.example.com/events.json'
const FEED_URL = 'https://cdn.example.com/feed.json'
const read = (name: string): Record<string, unknown> =>
  sample<Record<string, unknown>>(name.replace('.json', '') as 'feed' | 'events' | 'office')

/** What Object.prototype holds now, to compare after the hostile run. */
function prototypeState(): string {
  const names = Object.getOwnPropertyNames(Object.prototype).sort()
  const probe = {} as Record<string, unknown>
  return JSON.stringify([names, probe.name, probe.title, probe.description, probe.polluted, probe.x])
}
const cleanPrototype = prototypeState()
afterEach(() => expect(prototypeState()).toBe(cleanPrototype))

/** Parses as JSON.parse does (so "__proto__" is an own key), as content from the network arrives. */
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown

const event = (extra: Record<string, unknown>): Record<string, unknown> => ({
  '@type': 'Event',
  uid: 'probe',
  updated: '2022-01-01T00:00:00Z',
  title: 'Probe',
  start: '2022-04-07T09:00:00',
  timeZone: 'Asia/Shanghai',
  locations: { venue: { name: 'Shanghai' } },
  links: { site: { href: 'https://example.com/' } },
  participants: { org: { name: 'FIT', roles: { owner: true } } },
  ...extra,
})
const group = (...entries: unknown[]): unknown => wire({ '@type': 'Group', uid: 'g', entries })

/** Everything the pages derive from one event: details, schedule, labels, the agenda. */
function useEvent(e: CalendarEvent): void {
  eventDetails(e)
  scheduleOf(e)
  whenOf(e, 'en')
  whenOf(e, 'zh')
  eventView(e, 'zh')
}

function expectOnlyFormatErrors(run: () => void): void {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ContentFormatError)
  }
}

/**
 * Time per call, as the fastest of five rounds of at least 20 ms each: other work on the machine (the other jest
 * worker, the collector) only ever adds time, so the fastest round is the truest.
 */
function timePerCall(run: (input: string) => unknown, input: string): number {
  let best = Infinity
  for (let round = 0; round < 5; round++) {
    let calls = 0
    const started = performance.now()
    let elapsed = 0
    while (elapsed < 20) {
      run(input)
      calls++
      elapsed = performance.now() - started
    }
    best = Math.min(best, elapsed / calls)
  }
  return best
}

/**
 * How much longer 4× the input takes: about 4 when linear, 16 when quadratic. Noise can only make a linear run
 * look worse, never a quadratic one look linear, so the best of up to three tries is kept.
 */
function growth(run: (input: string) => unknown, make: (bytes: number) => string, bytes = 16 * 1024): number {
  const [small, large] = [make(bytes), make(4 * bytes)]
  run(large) // warm-up
  let best = Infinity
  for (let attempt = 0; attempt < 3 && best >= 9; attempt++)
    best = Math.min(best, timePerCall(run, large) / timePerCall(run, small))
  return best
}

describe('prototype pollution', () => {
  test.each([
    'locations/__proto__/name',
    'links/__proto__/title',
    'participants/__proto__/name',
    '__proto__/polluted',
    '/__proto__/polluted',
    'locations/constructor/name',
    'locations/constructor/prototype/polluted',
    'links/constructor/title',
    'constructor/prototype/polluted',
    'prototype/x',
  ])('a localization patch of %s changes nothing outside the event', (path) => {
    const list = parseEvents(group(event({ localizations: { zh: { [path]: 'polluted' } } })), EVENTS_URL)
    for (const e of list.events) useEvent(e)
    // An unrelated document still reads as before.
    const again = parseEvents(read('events.json'), EVENTS_URL)
    expect(again.dropped).toBe(0)
    expect(again.repaired).toBe(0)
    expect(parseFeedPage(read('feed.json'), FEED_URL).repaired).toBe(0)
  })

  test('ids named __proto__, constructor or prototype are left out, and the rest of the event stays', () => {
    const list = parseEvents(
      group(
        event({
          locations: { __proto__: { name: 'X' }, constructor: { name: 'Y' }, venue: { name: 'Shanghai' } },
          links: { prototype: { href: 'https://evil.example/' } },
          keywords: { constructor: true, health: true },
        }),
      ),
      EVENTS_URL,
    )
    const [e] = list.events
    expect(e?.place).toEqual({ en: 'Shanghai' })
    expect(e?.domains).toEqual(['health'])
    expect(eventDetails(e as CalendarEvent).locations.map((l) => l.id)).toEqual(['venue'])
    expect(list.repaired).toBeGreaterThan(0)
  })

  test('a tag or an entity named like a prototype member is only text', () => {
    const safe = sanitizeHtml(
      '<constructor x=1>a</constructor> &constructor; &__proto__; <toString>b',
      FEED_URL,
    )
    expect(JSON.stringify(safe.nodes)).not.toMatch(/function|native code/)
    expect(plainText('&constructor; &hasOwnProperty;')).toBe('&constructor; &hasOwnProperty;')
  })

  test('arbitrary keys anywhere in an event never reach a prototype and never throw but ContentFormatError', () => {
    const key = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
      fc.string({ maxLength: 12 }),
    )
    const path = fc
      .array(fc.oneof(key, fc.constantFrom('locations', 'links', 'participants', 'name', 'title')), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) => parts.join('/'))
    const map = fc.dictionary(
      key,
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ name: 'n', href: 'h' })),
      {
        maxKeys: 4,
      },
    )
    fc.assert(
      fc.property(
        map,
        map,
        fc.dictionary(fc.constantFrom('en', 'zh', 'nl'), fc.dictionary(path, fc.string(), { maxKeys: 4 })),
        fc.dictionary(key, fc.constant(true), { maxKeys: 4 }),
        (locations, links, localizations, keywords) => {
          expectOnlyFormatErrors(() => {
            const list = parseEvents(group(event({ locations, links, localizations, keywords })), EVENTS_URL)
            for (const e of list.events) useEvent(e)
          })
          expect(prototypeState()).toBe(cleanPrototype)
        },
      ),
      { numRuns: 400 },
    )
  })
})

describe('durations and dates that break time math', () => {
  test.each(['P99999999D', 'P9999999999999999999999W', 'PT99999999999999999999H', 'P3654D', 'PT87672H1S'])(
    '%s is no duration, and the event still shows',
    (duration) => {
      expect(parseDuration(duration)).toBeUndefined()
      const list = parseEvents(group(event({ duration })), EVENTS_URL)
      const [e] = list.events
      expect(e).toBeDefined()
      useEvent(e as CalendarEvent)
      expect(() =>
        eventsView({
          events: list.events,
          now: Date.UTC(2022, 2, 1),
          language: 'en',
          domain: 'all',
          type: 'all',
          showPast: true,
        }),
      ).not.toThrow()
    },
  )

  test('ten years is the longest duration', () => {
    expect(parseDuration(`P${MAX_DURATION_DAYS}D`)).toEqual({ days: MAX_DURATION_DAYS, seconds: 0 })
    expect(parseDuration(`P${MAX_DURATION_DAYS + 1}D`)).toBeUndefined()
  })

  test.each([
    '0000-01-01T00:00:00',
    '0099-12-31T00:00:00',
    '1899-12-31T23:59:59',
    '2200-01-01T00:00:00',
    '9999-12-31T23:59:59',
  ])('the date %s is out of range, and its event is dropped with a count', (start) => {
    expect(parseLocalDateTime(start)).toBeUndefined()
    expect(parseRfc3339(`${start}Z`)).toBeUndefined()
    expect(parseEvents(group(event({ start })), EVENTS_URL).dropped).toBe(1)
  })

  test('any duration, date and zone an event is given leaves every view computable', () => {
    const digits = fc.stringMatching(/^\d{1,25}$/)
    const duration = fc.oneof(
      fc.tuple(digits, digits, digits).map(([w, d, h]) => `P${w}W${d}DT${h}H`),
      digits.map((d) => `P${d}D`),
      digits.map((s) => `PT${s}S`),
      fc.string(),
    )
    const start = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
      )
      .map(
        ([y, m, d]) =>
          `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T10:00:00`,
      )
    const zone = fc.constantFrom(
      'Asia/Shanghai',
      'Europe/Brussels',
      'America/New_York',
      'Mars/Olympus',
      'UTC',
      null,
    )
    fc.assert(
      fc.property(duration, start, zone, fc.boolean(), fc.boolean(), (d, s, z, allDay, month) => {
        const list = parseEvents(
          group(
            event({
              duration: d,
              start: s,
              timeZone: z,
              showWithoutTime: allDay,
              ...(month ? { 'bcecc.be:datePrecision': 'month' } : {}),
            }),
          ),
          EVENTS_URL,
        )
        for (const e of list.events) useEvent(e)
        eventsView({
          events: list.events,
          now: Date.UTC(2026, 11, 2),
          language: 'zh',
          domain: 'all',
          type: 'all',
          showPast: true,
        })
      }),
      { numRuns: 500 },
    )
  })
})

describe('HTML in linear time', () => {
  const hostile: Array<[string, (bytes: number) => string]> = [
    ["'<b ' repeated", (n) => '<b '.repeat(n / 3)],
    ["'<' repeated", (n) => '<'.repeat(n)],
    ['unclosed quotes', (n) => '<a title="x <b>'.repeat(n / 16)],
    ['unclosed comments and scripts', (n) => '<!-- <script>'.repeat(n / 13)],
    ['deep nesting then stray end tags', (n) => '<b>'.repeat(n / 8) + '</i>'.repeat(n / 8)],
    ['attribute soup', (n) => `<p ${'a=a='.repeat(n / 4)}>`],
    ['long numeric references', (n) => `&#${'9'.repeat(n)};`],
  ]

  test.each(hostile)('the sanitiser and plain text grow linearly on %s', (_name, make) => {
    expect(growth((html) => sanitizeHtml(html, FEED_URL), make)).toBeLessThan(9)
    expect(growth((html) => plainText(html, 1_000_000), make)).toBeLessThan(9)
  })

  test('a feed item whose summary is 64 KB of "<" parses with the rest of the feed', () => {
    const feed = wire({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'T',
      items: [
        { id: 'a', title: 'A', summary: '<'.repeat(64 * 1024), content_html: '<p>x</p>' },
        { id: 'b', title: 'B', content_html: '<b '.repeat(20_000) },
      ],
    })
    const page = parseFeedPage(feed, FEED_URL)
    expect(page.articles.map((a) => a.id)).toEqual(['a', 'b'])
    expect(page.articles[0]?.summary.length).toBeLessThanOrEqual(160)
  })

  test('a tag cut off at the end is dropped with what follows it, as browsers do', () => {
    const text = (nodes: RichNode[]): string =>
      nodes.map((n) => ('type' in n ? n.text : text(n.children))).join('')
    expect(text(sanitizeHtml('<p>kept <a title="never closed>lost', FEED_URL).nodes)).toBe('kept ')
    expect(text(sanitizeHtml('1 < 2 and 3 <4', FEED_URL).nodes)).toBe('1 < 2 and 3 <4')
  })

  test('plain text keeps link text and sentence spacing', () => {
    expect(plainText('<p>Packing for the <a href="x">summit</a>.</p><p>Next</p>')).toBe(
      'Packing for the summit. Next',
    )
  })
})

describe('nesting', () => {
  const blockText = (blocks: Block[]): string =>
    blocks
      .map((b) =>
        b.kind === 'paragraph' || b.kind === 'heading'
          ? b.runs.map((r) => r.text).join('')
          : b.kind === 'table'
            ? JSON.stringify(b.nodes)
            : b.kind === 'list'
              ? b.items.map((i) => i.runs.map((r) => r.text).join('')).join(' ')
              : '',
      )
      .join(' ')

  test.each([
    ['tables', (n: number) => '<table><tr><td>'.repeat(n) + 'deep text' + '</td></tr></table>'.repeat(n)],
    ['lists', (n: number) => '<ul><li>'.repeat(n) + 'deep text' + '</li></ul>'.repeat(n)],
    [
      'quotes and divs',
      (n: number) => '<blockquote><div>'.repeat(n) + 'deep text' + '</div></blockquote>'.repeat(n),
    ],
    [
      'links and bold',
      (n: number) => '<a href="https://x.example/"><b>'.repeat(n) + 'deep text' + '</b></a>'.repeat(n),
    ],
  ])('%s nested 900 deep become blocks that keep the deepest text', (_name, make) => {
    const safe = sanitizeHtml(make(900), FEED_URL)
    const depth = (nodes: RichNode[]): number =>
      Math.max(0, ...nodes.map((n) => ('type' in n ? 0 : 1 + depth(n.children))))
    expect(depth(safe.nodes)).toBeLessThanOrEqual(MAX_HTML_DEPTH)
    expect(blockText(toBlocks(safe.nodes))).toContain('deep text')
  })

  test('blocks from a tree deeper than the sanitiser makes still keep its text', () => {
    let tree: RichNode = { type: 'text', text: 'bottom' }
    for (let i = 0; i < 20_000; i++) tree = { name: i % 2 ? 'div' : 'table', attrs: {}, children: [tree] }
    expect(blockText(toBlocks([tree]))).toContain('bottom')
  })
})

describe('percent escapes from outside', () => {
  test.each(['%', '%E0%A4%A', '%zz', '%%', 'a%2', '%C0%AF', '%ED%A0%80'])(
    '%s decodes to nothing, never a URIError',
    (text) => {
      expect(decodeComponent(text)).toBeUndefined()
      expect(linkId(text)).toBe(text)
    },
  )

  test('ids are decoded once, and absent or absurd ones are empty', () => {
    expect(linkId('health%20tech')).toBe('health tech')
    expect(linkId('%2525')).toBe('%25')
    expect(linkId(undefined)).toBe('')
    expect(linkId('x'.repeat(5000))).toBe('')
  })

  test('any string: decodeComponent never throws and linkId is bounded and can always be encoded again', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}|[a-z])*$/)),
        (text) => {
          decodeComponent(text)
          const id = linkId(text)
          expect(id.length).toBeLessThanOrEqual(1024)
          // A link or share path is made from it: encodeURIComponent throws on a lone surrogate.
          expect(() => encodeURIComponent(id)).not.toThrow()
        },
      ),
      { numRuns: 2000 },
    )
  })

  test('ids with a lone surrogate name nothing: such items and events are left out, the rest stays', () => {
    const lone = 'x\ud800'
    expect(linkId(lone)).toBe('')
    const feed = parseFeedPage(
      {
        version: 'https://jsonfeed.org/version/1.1',
        title: 'F',
        items: [
          { id: lone, title: 'Broken', content_text: 'x' },
          { id: 'ok\ud83d\ude00', title: 'Emoji', content_text: 'y' },
        ],
      },
      'https://cdn.example.com/feed.json',
    )
    expect(feed.articles.map((a) => a.title)).toEqual(['Emoji'])
    const group = sample('events') as { entries: Array<Record<string, unknown>> }
    const events = parseEvents(
      { ...group, entries: [{ ...group.entries[0], uid: '\udc00lone' }, group.entries[1]] },
      'https://cdn.example.com/events.json',
    ).events
    expect(events).toHaveLength(1)
    for (const e of events) expect(() => encodeURIComponent(e.uid)).not.toThrow()
  })
})

describe('arbitrary documents', () => {
  const hostileKey = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'items', 'entries', '@type', 'content_html'),
    fc.string({ maxLength: 8 }),
  )
  const hostileValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.constantFrom(
        '<b ',
        '<'.repeat(50),
        'P99999999D',
        '9999-12-31T23:59:59',
        '%E0%A4%A',
        '&constructor;',
      ),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
    ),
  })).value

  test('the models and every view function never throw anything but ContentFormatError', () => {
    const feedShaped = fc.record({
      version: fc.constant('https://jsonfeed.org/version/1.1'),
      items: fc.array(fc.dictionary(hostileKey, hostileValue, { maxKeys: 6 }), { maxLength: 4 }),
    })
    const groupShaped = fc.record({
      '@type': fc.constant('Group'),
      uid: fc.constant('g'),
      entries: fc.array(
        fc.dictionary(hostileKey, hostileValue, { maxKeys: 6 }).map((extra) => event(extra)),
        { maxLength: 4 },
      ),
    })
    fc.assert(
      fc.property(fc.oneof(hostileValue, feedShaped, groupShaped), (doc) => {
        const json = wire(doc)
        expectOnlyFormatErrors(() => {
          const page = parseFeedPage(json, FEED_URL)
          for (const a of page.articles) {
            articleCard(a, 'en', 480)
            if (a.contentHtml !== undefined) toBlocks(sanitizeHtml(a.contentHtml, FEED_URL).nodes)
          }
        })
        expectOnlyFormatErrors(() => {
          const list = parseEvents(json, EVENTS_URL)
          for (const e of list.events) useEvent(e)
          eventsView({
            events: list.events,
            now: Date.UTC(2026, 11, 2),
            language: 'en',
            domain: 'all',
            type: 'all',
            showPast: true,
          })
        })
        expectOnlyFormatErrors(() => officeView(parseOffice(json, FEED_URL), 'zh'))
        expect(prototypeState()).toBe(cleanPrototype)
      }),
      { numRuns: 600 },
    )
  })
})
