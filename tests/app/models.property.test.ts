import fc from 'fast-check'
import { ContentFormatError } from '../../miniprogram/core/errors'
import { eventDetails, parseEvents } from '../../miniprogram/core/events'
import { parseFeedPage } from '../../miniprogram/core/feed'
import { DOMAINS, EVENT_TYPES } from '../../miniprogram/core/format'
import { DROPPED_IMAGE, sanitizeHtml, type RichNode } from '../../miniprogram/core/html'
import { parseOffice } from '../../miniprogram/core/office'

const URL = 'https://cdn.example.com/bcecc/feed.json'

/** Either a plausible value or anything at all: documents that are partly valid, as broken endpoints send. */
const maybe = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) })
const dateTime = fc.oneof(
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom('2022-02-30T00:00:00Z', 'yesterday', '2022-01-17T09:00:00+01:00'),
)
const item = fc.record(
  {
    id: maybe(fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.integer())),
    title: maybe(fc.string()),
    summary: maybe(fc.string()),
    content_html: maybe(fc.string()),
    content_text: maybe(fc.string()),
    image: maybe(fc.oneof(fc.webUrl(), fc.string())),
    date_published: maybe(dateTime),
    tags: maybe(fc.array(fc.string())),
    language: maybe(fc.constantFrom('en', 'zh', 'zh-Hans', 'nl-BE')),
    _bcecc: maybe(
      fc.record(
        {
          domain: maybe(fc.constantFrom(...DOMAINS)),
          translations: maybe(fc.dictionary(fc.constantFrom('en', 'zh'), fc.string())),
          related_events: maybe(fc.array(fc.string())),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
)
const feed = fc.oneof(
  fc.record(
    {
      version: maybe(fc.constant('https://jsonfeed.org/version/1.1')),
      title: maybe(fc.string()),
      next_url: maybe(fc.string()),
      items: maybe(fc.array(maybe(item), { maxLength: 12 })),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
)
const localDateTime = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2060-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 19)),
  fc.constantFrom('2022-13-01T00:00:00', '2022-04-07'),
)
const event = fc.record(
  {
    '@type': maybe(fc.constant('Event')),
    uid: maybe(fc.string({ minLength: 1, maxLength: 6 })),
    updated: maybe(dateTime),
    title: maybe(fc.string()),
    start: maybe(localDateTime),
    timeZone: maybe(fc.constantFrom('Asia/Shanghai', 'Europe/Brussels', null)),
    duration: maybe(fc.constantFrom('P4D', 'PT2H', 'P1W', 'P1M', 'PT0S')),
    showWithoutTime: maybe(fc.boolean()),
    status: maybe(fc.constantFrom('confirmed', 'tentative', 'cancelled')),
    keywords: maybe(fc.dictionary(fc.constantFrom(...DOMAINS, ...EVENT_TYPES, 'x'), fc.constant(true))),
    locations: maybe(
      fc.dictionary(
        fc.string({ maxLength: 3 }),
        fc.record(
          { name: maybe(fc.string()), coordinates: maybe(fc.constantFrom('geo:31.2,121.4', 'geo:99,0')) },
          { requiredKeys: [] },
        ),
      ),
    ),
    'bcecc.be:dateStatus': maybe(fc.constantFrom('tba', 'postponed', 'scheduled')),
    localizations: maybe(
      fc.dictionary(
        fc.constantFrom('zh', 'nl'),
        fc.dictionary(
          fc.constantFrom('title', 'description', 'locations/a/name', 'x/y/z/w'),
          fc.jsonValue({ maxDepth: 1 }),
        ),
      ),
    ),
  },
  { requiredKeys: [] },
)
const events = fc.oneof(
  fc.record(
    {
      '@type': fc.constant('Group'),
      uid: maybe(fc.string()),
      entries: maybe(fc.array(maybe(event), { maxLength: 10 })),
    },
    { requiredKeys: [] },
  ),
  event,
  fc.jsonValue(),
)

function onlyFormatErrors(run: () => void): void {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ContentFormatError)
  }
}

describe('models on arbitrary input', () => {
  test('a feed page never throws anything but ContentFormatError, and keeps its invariants', () => {
    fc.assert(
      fc.property(feed, (json) => {
        onlyFormatErrors(() => {
          const page = parseFeedPage(json, URL)
          const ids = page.articles.map((a) => a.id)
          expect(new Set(ids).size).toBe(ids.length)
          const raw = (json as { items: unknown[] }).items
          expect(page.articles.length + page.dropped).toBe(raw.length)
          for (const a of page.articles) {
            expect(a.id.length).toBeGreaterThan(0)
            expect(a.title.trim().length).toBeGreaterThan(0)
            expect(a.language).toMatch(/^[a-z]{2,3}$/)
            if (a.image !== undefined) expect(a.image).toMatch(/^https:\/\//)
            if (a.published !== undefined) expect(Number.isFinite(a.published)).toBe(true)
            if (a.domain !== undefined) expect(DOMAINS).toContain(a.domain)
            expect(Object.values(a.translations).every((t) => t.length > 0 && t !== a.id)).toBe(true)
          }
          if (page.nextUrl !== undefined) expect(page.nextUrl).toMatch(/^https:\/\//)
        })
      }),
      { numRuns: 1000 },
    )
  })

  test('an events document never throws anything but ContentFormatError, and keeps its invariants', () => {
    fc.assert(
      fc.property(events, (json) => {
        onlyFormatErrors(() => {
          const list = parseEvents(json, 'https://cdn.example.com/events.json')
          const uids = list.events.map((e) => e.uid)
          expect(new Set(uids).size).toBe(uids.length)
          for (const e of list.events) {
            expect(Object.values(e.title).every((t) => t.trim().length > 0)).toBe(true)
            expect(e.start !== undefined).toBe(e.dateStatus === 'scheduled')
            expect(e.duration.days).toBeGreaterThanOrEqual(0)
            expect(e.duration.seconds).toBeGreaterThanOrEqual(0)
            expect(Number.isFinite(e.updated)).toBe(true)
            expect(['confirmed', 'tentative', 'cancelled']).toContain(e.status)
            for (const l of eventDetails(e).locations) {
              if (l.latitude !== undefined) expect(Math.abs(l.latitude)).toBeLessThanOrEqual(90)
            }
          }
        })
      }),
      { numRuns: 1000 },
    )
  })

  test('an office profile never throws anything but ContentFormatError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        onlyFormatErrors(() => {
          const office = parseOffice(json, 'https://cdn.example.com/office.json')
          expect(Object.keys(office.name).length).toBeGreaterThan(0)
        })
      }),
      { numRuns: 300 },
    )
  })

  test('sanitised HTML never holds a script, an event handler or an unsafe URL', () => {
    const fragment = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<script>',
        '</script>',
        '<p>',
        '</p>',
        '<a href="javascript:x">',
        '<img src="x.png">',
        '<img src=http://a/b>',
        '<div onclick=x>',
        '<!--',
        '-->',
        '<iframe>',
        '&lt;script&gt;',
        '<a href=" java\tscript:x">',
        '<svg>',
        '</svg>',
        '<li>',
        '<table>',
      ),
    )
    const allowedAttrs = new Set([
      'href',
      'src',
      'alt',
      'title',
      'width',
      'height',
      'colspan',
      'rowspan',
      'start',
      'id',
      DROPPED_IMAGE,
    ])
    const check = (nodes: RichNode[]): void => {
      for (const n of nodes) {
        if ('type' in n) continue
        expect(['script', 'style', 'iframe', 'svg', 'form']).not.toContain(n.name)
        for (const [name, value] of Object.entries(n.attrs)) {
          expect(allowedAttrs.has(name)).toBe(true)
          if (name === 'href') expect(value).toMatch(/^(https?:|mailto:|tel:|bcecc:|#)/i)
          if (name === DROPPED_IMAGE) expect(n.attrs.src).toBeUndefined()
          if (name === 'src') expect(value).toMatch(/^https:/)
        }
        check(n.children)
      }
    }
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        check(sanitizeHtml(parts.join(''), 'https://cdn.example.com/a/b.json').nodes)
      }),
      { numRuns: 1000 },
    )
  })
})
