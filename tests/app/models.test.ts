import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ContentFormatError } from '../../miniprogram/core/errors'
import { eventDetails, parseEvents, type CalendarEvent } from '../../miniprogram/core/events'
import { parseArticleDocument, parseFeedPage } from '../../miniprogram/core/feed'
import { plainText, sanitizeHtml, type RichNode } from '../../miniprogram/core/html'
import { pick } from '../../miniprogram/core/localized'
import { parseOffice } from '../../miniprogram/core/office'
import { resolveUrl } from '../../miniprogram/core/url'
import { sample } from '../setup/sample'

const ROOT = join(__dirname, '..', '..')
const read = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'))
const FEED_URL = 'https://cdn.example.com/bcecc/feed.json'

describe('feed model', () => {
  test('reads every bundled article with its language, domain, date and links', () => {
    const page = parseFeedPage(sample('feed'), FEED_URL)
    expect(page.dropped).toBe(0)
    expect(page.articles).toHaveLength(12)
    expect(page.articles.filter((a) => a.language === 'zh')).toHaveLength(6)
    const health = page.articles.find((a) => a.id === 'health-tech-en')
    expect(health).toEqual(
      expect.objectContaining({
        domain: 'health',
        published: Date.UTC(2022, 0, 24, 8),
        translations: { zh: 'health-tech-zh' },
        relatedEvents: ['cmef-2022', 'chinabio-2022', 'biocentury-2022', 'flanders-health-mission'],
      }),
    )
    expect(page.links).toEqual({
      eventsUrl: 'https://cdn.example.com/bcecc/events.json',
      officeUrl: 'https://cdn.example.com/bcecc/office.json',
      articleUrlTemplate: 'https://cdn.example.com/bcecc/articles/{id}.json',
      eventUrlTemplate: 'https://cdn.example.com/bcecc/events/{uid}.json',
    })
  })

  test('reads a plain CMS feed as it is: numeric ids, no titles, text-only content, JSON Feed 1.0 author', () => {
    const page = parseFeedPage(
      read('tests/fixtures/feeds/cms-jsonfeed-1.0.json'),
      'https://blog.example.org/feed.json',
    )
    expect(page.articles.map((a) => a.id)).toEqual(['2048', '2047'])
    expect(page.articles[0]).toEqual(
      expect.objectContaining({ title: 'A status update without a title.', authors: ['J. Doe'] }),
    )
    expect(page.articles[1]).toEqual(
      expect.objectContaining({ summary: 'Hello', image: 'https://blog.example.org/img/cover.jpg' }),
    )
  })

  test('drops and counts bad or repeated items instead of failing the page, and keeps the good ones in order', () => {
    const page = parseFeedPage(
      {
        version: 'https://jsonfeed.org/version/1.1',
        title: 't',
        items: [
          { id: 'a', title: 'A', content_text: 'x' },
          null,
          { title: 'no id', content_text: 'x' },
          { id: 'a', title: 'dup', content_text: 'y' },
          { id: 'b' },
          { id: 'c', content_html: '<p>Only &amp; HTML</p>' },
        ],
      },
      FEED_URL,
    )
    expect(page.articles.map((a) => [a.id, a.title])).toEqual([
      ['a', 'A'],
      ['c', 'Only & HTML'],
    ])
    expect(page.dropped).toBe(4)
  })

  test('keeps an item whose optional fields are invalid, without those fields', () => {
    const page = parseFeedPage(
      {
        items: [
          {
            id: 'a',
            content_text: 'x',
            date_published: 'yesterday',
            image: 'javascript:alert(1)',
            tags: 'news',
          },
        ],
      },
      FEED_URL,
    )
    expect(page.articles).toHaveLength(1)
    expect(page.articles[0]?.published).toBeUndefined()
    expect(page.articles[0]?.image).toBeUndefined()
    expect(page.repaired).toBe(2)
  })

  test('resolves next_url and images against the page URL, and refuses http ones outside development', () => {
    const base = { items: [{ id: 'a', content_text: 'x', image: 'img/a.png' }] }
    expect(parseFeedPage({ ...base, next_url: 'feed-2.json' }, FEED_URL).nextUrl).toBe(
      'https://cdn.example.com/bcecc/feed-2.json',
    )
    expect(parseFeedPage(base, FEED_URL).articles[0]?.image).toBe('https://cdn.example.com/bcecc/img/a.png')
    expect(parseFeedPage(base, 'http://news.example.com/feed.json').articles[0]?.image).toBeUndefined()
    expect(parseFeedPage(base, 'http://127.0.0.1:8080/feed.json').articles[0]?.image).toBe(
      'http://127.0.0.1:8080/img/a.png',
    )
    expect(parseFeedPage({ ...base, next_url: 'feed.json' }, FEED_URL).nextUrl).toBeUndefined()
  })

  test.each([null, [], 'feed', 42, { items: 'nope' }, { title: 'no items' }])(
    'refuses %p as a feed with a typed error',
    (json) => {
      expect(() => parseFeedPage(json, FEED_URL)).toThrow(ContentFormatError)
    },
  )

  test('reads one article document', () => {
    const doc = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 't',
      items: [{ id: 'x', title: 'X', content_html: '<p>x</p>' }],
    }
    expect(parseArticleDocument(doc, 'https://cdn.example.com/articles/x.json').article?.id).toBe('x')
  })

  test('makes one-line plain text from HTML, with entities decoded and scripts dropped', () => {
    expect(plainText('<p>A &amp; B</p><script>alert(1)</script><p>C&#8217;s &lt;D&gt;</p>')).toBe(
      'A & B C’s <D>',
    )
    expect(plainText('word '.repeat(100), 20)).toHaveLength(20)
  })
})

describe('events model', () => {
  const list = parseEvents(sample('events'), 'https://cdn.example.com/events.json')
  const byUid = (uid: string) => list.events.find((e) => e.uid === uid)

  test('reads the four bundled events with their dates as the newsletter gives them', () => {
    expect(list.dropped).toBe(0)
    expect(byUid('cmef-2022')).toEqual(
      expect.objectContaining({
        start: { year: 2022, month: 4, day: 7, hour: 0, minute: 0, second: 0 },
        duration: { days: 4, seconds: 0 },
        allDay: true,
        timeZone: 'Asia/Shanghai',
        datePrecision: 'day',
        status: 'confirmed',
        attendance: 'hybrid',
        domains: ['health'],
        types: ['trade-fair', 'matchmaking'],
      }),
    )
    expect(byUid('biocentury-2022')).toEqual(
      expect.objectContaining({ datePrecision: 'month', status: 'tentative' }),
    )
    const mission = byUid('flanders-health-mission')
    expect(mission?.start).toBeUndefined()
    expect(mission?.dateStatus).toBe('tba')
  })

  test('applies the Chinese localizations to title and place, and to the details read on demand', () => {
    const cmef = byUid('cmef-2022')
    if (!cmef) throw new Error('missing event')
    expect(pick(cmef.title, 'zh')).toBe('中国国际医疗器械博览会（CMEF）')
    expect(pick(cmef.title, 'en')).toBe('China Medical Equipment Fair (CMEF)')
    expect(pick(cmef.place, 'zh')).toBe('上海')
    const details = eventDetails(cmef)
    expect(pick(details.locations[0]?.name, 'zh')).toBe('上海')
    expect(pick(details.locations[0]?.description, 'zh')).toBe('具体场馆待主办方确认。')
    expect(details.locations[0]).toEqual(expect.objectContaining({ latitude: 31.2304, longitude: 121.4737 }))
    expect(pick(details.organiser, 'zh')).toBe('弗兰德投资贸易局（FIT）')
    expect(pick(details.description, 'zh')).toMatch(/^FIT在中国国际医疗器械博览会/)
    expect(eventDetails(cmef)).toBe(details)
  })

  test('drops events without a usable date unless they are marked to be announced', () => {
    const events = parseEvents(
      {
        '@type': 'Group',
        uid: 'g',
        entries: [
          {
            '@type': 'Event',
            uid: 'ok',
            updated: '2022-01-01T00:00:00Z',
            title: 'ok',
            start: '2022-01-01T10:00:00',
            duration: 'PT1H',
            virtualLocations: { v: { uri: 'https://meet.example.com/x' } },
          },
          { '@type': 'Event', uid: 'no-date', updated: '2022-01-01T00:00:00Z', title: 'no date' },
          {
            '@type': 'Event',
            uid: 'bad-date',
            updated: '2022-01-01T00:00:00Z',
            title: 'x',
            start: '2022-02-30T10:00:00',
          },
          {
            '@type': 'Event',
            uid: 'ok',
            updated: '2022-01-01T00:00:00Z',
            title: 'duplicate',
            start: '2022-01-01T10:00:00',
          },
          {
            '@type': 'Event',
            uid: 'postponed',
            updated: '2022-01-01T00:00:00Z',
            title: 'p',
            start: '2022-03-01T10:00:00',
            'bcecc.be:dateStatus': 'postponed',
          },
        ],
      },
      'https://cdn.example.com/events.json',
    )
    expect(events.events.map((e) => e.uid)).toEqual(['ok', 'postponed'])
    expect(events.dropped).toBe(3)
    expect(events.events[0]?.attendance).toBe('online')
    expect(eventDetails(events.events[0] as CalendarEvent).onlineUrl).toBe('https://meet.example.com/x')
    expect(events.events[0]?.timeZone).toBeUndefined()
    expect(events.events[1]?.start).toBeUndefined()
  })

  test('reads one event document, and refuses what is not JSCalendar', () => {
    const one = (sample('events') as { entries: unknown[] }).entries[0]
    expect(parseEvents(one, 'https://cdn.example.com/events/cmef-2022.json').events[0]?.uid).toBe('cmef-2022')
    expect(() => parseEvents({ entries: [] }, 'https://x.example/e.json')).toThrow(ContentFormatError)
    expect(() =>
      parseEvents({ '@type': 'Group', uid: 'g', entries: 'x' }, 'https://x.example/e.json'),
    ).toThrow(ContentFormatError)
  })
})

describe('office model', () => {
  test('reads the bundled office profile with its domains, services, contact and official account', () => {
    const office = parseOffice(sample('office'), 'https://cdn.example.com/office.json')
    expect(pick(office.name, 'zh')).toBe('弗兰德投资贸易局广州科技办公室')
    expect(office.domains.map((d) => d.code)).toEqual(['digital', 'climate', 'health'])
    expect(office.services.map((s) => s.id)).toEqual([
      'matchmaking',
      'licensing',
      'clinical-trials',
      'missions',
    ])
    expect(pick(office.people[0]?.jobTitle, 'en')).toBe('Science & Technology Counselor')
    expect(office.officialAccount).toEqual(
      expect.objectContaining({
        username: 'gh_000000000000',
        qrCode: expect.stringMatching(
          /^https:\/\/cdn\.example\.com\/images\/official-account-qr-placeholder-[0-9a-f]{12}\.svg$/,
        ) as string,
      }),
    )
    expect(office.placeholders).toContain('telephone')
    expect(office.geo).toEqual({ latitude: 23.1291, longitude: 113.2644 })
  })

  test('leaves out an invalid telephone but keeps the profile; refuses a profile without its account', () => {
    const doc = sample('office') as Record<string, unknown>
    const office = parseOffice({ ...doc, telephone: 'call us' }, 'https://cdn.example.com/office.json')
    expect(office.telephone).toBeUndefined()
    expect(office.repaired).toBe(1)
    expect(() => parseOffice({ ...doc, _bcecc: {} }, 'https://cdn.example.com/office.json')).toThrow(
      ContentFormatError,
    )
  })
})

function flatten(nodes: RichNode[]): string {
  return nodes
    .map((n) =>
      'type' in n
        ? n.text
        : `<${n.name}${Object.entries(n.attrs)
            .map(([k, v]) => ` ${k}="${v}"`)
            .join('')}>${flatten(n.children)}</${n.name}>`,
    )
    .join('')
}

describe('article HTML sanitiser', () => {
  const base = 'https://cdn.example.com/bcecc/articles/a.json'

  test('keeps headings, lists, tables, links and images, resolving relative URLs', () => {
    const safe = sanitizeHtml(
      '<h2>T</h2><ul><li>a<li>b</ul><table><tr><td colspan="2">c</td></tr></table><a href="../x.html">x</a><img src="img/p.png" alt="P">',
      base,
    )
    expect(flatten(safe.nodes)).toBe(
      '<h2>T</h2><ul><li>a</li><li>b</li></ul><table><tr><td colspan="2">c</td></tr></table><a href="https://cdn.example.com/bcecc/x.html">x</a><img src="https://cdn.example.com/bcecc/articles/img/p.png" alt="P"></img>',
    )
    expect(safe.images).toEqual(['https://cdn.example.com/bcecc/articles/img/p.png'])
  })

  test.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<style>p{}</style><iframe src="https://x"></iframe><p>ok</p>', '<p>ok</p>'],
    ['<p onclick="steal()" style="color:red" class="x">ok</p>', '<p>ok</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="java&#x09;script:alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" JAVASCRIPT:alert(1)">x</a>', '<a>x</a>'],
    ['<img src="data:image/png;base64,AAAA">', ''],
    // In-article anchors stay in the article (never resolved against the feed's address); ids are their targets.
    [
      '<a href="#fn:1" name="fnref:1">1</a><li id="fn:1">n</li>',
      '<a href="#fn:1" id="fnref:1">1</a><li id="fn:1">n</li>',
    ],
    ['<a href="#%E2%9C%93">x</a><a href="#">y</a>', '<a href="#✓">x</a><a>y</a>'],
    // Not loaded; marked, so that the page says a picture is missing.
    ['<img src="http://insecure.example.com/a.png">', '<img data-dropped="1"></img>'],
    ['<form><input value="x"><button>go</button></form><p>ok</p>', '<p>ok</p>'],
    ['<svg><script>x</script></svg>ok', 'ok'],
    ['<blink>kept text</blink>', 'kept text'],
    ['<!-- hidden --><p>ok</p>', '<p>ok</p>'],
    ['<script>never closed <p>lost', ''],
  ])('makes %s safe', (html, expected) => {
    expect(flatten(sanitizeHtml(html, base).nodes)).toBe(expected)
  })

  test('decodes entities in text and attributes', () => {
    expect(flatten(sanitizeHtml('<p>A &amp; B &lt;C&gt; &#x4E2D;&#25991; &bogus;</p>', base).nodes)).toBe(
      '<p>A & B <C> 中文 &bogus;</p>',
    )
  })

  test('stops at the node budget and says so', () => {
    const safe = sanitizeHtml('<p>x</p>'.repeat(5000), base, { maxNodes: 1000 })
    expect(safe.nodeCount).toBe(1000)
    expect(safe.truncated).toBe(true)
  })
})

describe('URL resolution', () => {
  test.each([
    ['feed-2.json', 'https://a.example/x/feed.json', 'https://a.example/x/feed-2.json'],
    ['../up.json', 'https://a.example/x/y/feed.json', 'https://a.example/x/up.json'],
    ['/root.json', 'https://a.example/x/feed.json', 'https://a.example/root.json'],
    ['//cdn.example/a.png', 'https://a.example/feed.json', 'https://cdn.example/a.png'],
    ['?page=2', 'https://a.example/feed?page=1', 'https://a.example/feed?page=2'],
    ['https://other.example/a', 'https://a.example/', 'https://other.example/a'],
  ])('resolves %s against %s', (link, base, expected) => {
    expect(resolveUrl(link, base)).toBe(expected)
  })
})

describe('character references', () => {
  const FEED = 'https://cdn.example.com/feed.json'
  const text = (nodes: RichNode[]): string =>
    nodes.map((n) => ('type' in n ? n.text : text(n.children))).join('')

  test('every HTML5 name, legacy names without ";" and numeric ones read as the characters they stand for', () => {
    const html =
      '<p>Caf&eacute; &hellip; a&nbsp;b &NotEqualTilde; &frac12; &copy 2026 &#x1F600; &#8217; &#0; &#99999999999999999999; &unknownname;</p>'
    expect(text(sanitizeHtml(html, FEED).nodes)).toBe(
      'Café … a\u00a0b ≂̸ ½ © 2026 😀 ’ \ufffd \ufffd &unknownname;',
    )
  })

  test('in links, a legacy name before "=" stays as written, as browsers read query strings', () => {
    const [p] = sanitizeHtml('<p><a href="https://x.example/?a=1&copy=2&amp;b=3">l</a></p>', FEED).nodes
    const link = p && !('type' in p) ? p.children[0] : undefined
    expect(link && !('type' in link) ? link.attrs.href : '').toBe('https://x.example/?a=1&copy=2&b=3')
  })

  test('entity-encoded titles, tags and authors of third-party feeds are decoded once', () => {
    const page = parseFeedPage(
      {
        version: 'https://jsonfeed.org/version/1.1',
        title: 'WP',
        items: [
          {
            id: 'w1',
            title: 'BCECC &amp; FIT: what&#8217;s next &amp;amp; why',
            tags: ['R&amp;D'],
            authors: [{ name: 'Fran&ccedil;oise' }],
            content_html: '<p>x</p>',
          },
        ],
      },
      FEED,
    )
    expect(page.articles[0]).toMatchObject({
      title: 'BCECC & FIT: what’s next &amp; why',
      tags: ['R&D'],
      authors: ['Françoise'],
    })
  })

  test('summaries made from HTML keep the text of links and normal spacing', () => {
    expect(
      plainText('<p>Packing for <a href="https://x.example">the summit</a>.</p><p>Next&hellip;</p>'),
    ).toBe('Packing for the summit. Next…')
  })
})
