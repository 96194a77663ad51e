// Pages opened with hostile deep links and fed hostile content: never an exception, never a skeleton for ever.

import fc from 'fast-check'
import { realNow, setNow } from '../../setup/clock'
import { call, openPage, settle, type AnyPage } from '../../setup/simulate'
import { expandTemplate } from '../../../miniprogram/core/format'
import { parseFeedPage } from '../../../miniprogram/core/feed'
import { MAX_LINK_ID_LENGTH } from '../../../miniprogram/core/url'
import { CONTENT_BASE, sample } from '../../setup/sample'

afterEach(() => realNow())

/** Opens a page with `query`, failing the test on any exception from the page's code. */
async function openSafely(path: string, query: Record<string, string>): Promise<AnyPage> {
  const thrown: unknown[] = []
  const onError = (error: unknown): void => void thrown.push(error)
  process.on('unhandledRejection', onError)
  try {
    const { page } = await openPage(path, query)
    await settle()
    expect(thrown).toEqual([])
    return page
  } finally {
    process.off('unhandledRejection', onError)
  }
}

describe('deep links', () => {
  test.each([
    ['pages/article/index', 'id'],
    ['pages/event/index', 'uid'],
  ])('%s with a malformed, empty, huge or path-like %s ends in a clear state', async (path, name) => {
    for (const value of [
      '%',
      '%E0%A4%A',
      '',
      'x'.repeat(100_000),
      '../../feed',
      '%2F..%2F..%2Fetc',
      '中文%',
    ]) {
      const page = await openSafely(path, { [name]: value })
      expect(page.data.state).toBe('missing')
    }
  })

  const PAGES = [
    'pages/news/index',
    'pages/events/index',
    'pages/saved/index',
    'pages/office/index',
    'pages/article/index',
    'pages/event/index',
  ] as const
  /** Options as WeChat may hand them over: any keys (prototype names too), any values, escaped or not. */
  const anyOptions = fc.dictionary(
    fc.oneof(fc.constantFrom('id', 'uid', 'scene', '__proto__', 'constructor', 'q'), fc.string()),
    fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}|[a-z/.?&=#])*$/),
    ),
    { maxKeys: 5 },
  )

  test.each(PAGES)('%s opened with any options leaves the loading state', async (path) => {
    await fc.assert(
      fc.asyncProperty(anyOptions, async (options) => {
        const page = await openSafely(path, options)
        expect(page.data.state).not.toBe('loading')
        expect(Object.prototype).toEqual({})
      }),
      { numRuns: 12 },
    )
  })

  test('an article shared with any id opens from its share path, and shares the same path again', async () => {
    const template = parseFeedPage(sample('feed'), CONTENT_BASE + 'feed.json').links
      .articleUrlTemplate as string
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: MAX_LINK_ID_LENGTH }),
        async (id) => {
          const feed = {
            version: 'https://jsonfeed.org/version/1.1',
            title: 'BCECC',
            items: [{ id, title: 'Shared article', content_text: 'Shared.' }],
          }
          fc.pre(parseFeedPage(feed, CONTENT_BASE + 'x.json').articles[0]?.id === id)
          fakeWx.serveJson(expandTemplate(template, id), feed)
          const first = await openSafely('pages/article/index', { id: encodeURIComponent(id) })
          expect(first.data.state).toBe('ready')
          expect(first.data.title).toBe('Shared article')
          const path = (call(first, 'onShareAppMessage') as { path: string }).path
          // WeChat hands the query over as it was written (not decoded): the page decodes it once.
          const raw = /[?&]id=([^&]*)/.exec(path)?.[1] ?? ''
          const again = await openSafely('pages/article/index', { id: raw })
          expect(again.data.title).toBe('Shared article')
          expect((call(again, 'onShareAppMessage') as { path: string }).path).toBe(path)
          const timeline = (call(again, 'onShareTimeline') as { query: string }).query
          expect(timeline).toBe(`id=${raw}`)
        },
      ),
      { numRuns: 15 },
    )
  }, 60_000)

  test('any tapped link in an article navigates inside the app, copies, or (an in-article #anchor) stays, and never throws', async () => {
    const page = await openSafely('pages/article/index', { id: 'health-tech-en' })
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string().map((s) => `bcecc:article/${s}`),
          fc.string().map((s) => `bcecc:event/${s}`),
          fc.string({ unit: 'binary' }).map((s) => `bcecc:${s}`),
          fc.stringMatching(/^bcecc:(article|event)\/(%[0-9A-Fa-f]{0,2}|[a-z/.?&=#])*$/),
          fc.webUrl(),
          fc.string(),
          fc.string().map((s) => `#${s}`),
        ),
        async (href) => {
          fakeWx.calls.length = 0
          expect(() => call(page, 'onTapRun', { currentTarget: { dataset: { href } } })).not.toThrow()
          await settle(2)
          const acted = fakeWx.calls.filter((c) =>
            ['navigateTo', 'setClipboardData', 'showModal'].includes(c.api),
          )
          // A place in the article: it scrolls there when the article has it, else nothing; it never leaves the page.
          if (href.startsWith('#')) expect(acted).toEqual([])
          else if (href) expect(acted.length).toBeGreaterThan(0)
          for (const c of acted.filter((c) => c.api === 'navigateTo')) {
            const url = String(c.options.url)
            expect(url).toMatch(/^\/pages\/(article|event)\/index\?(id|uid)=[^&#]*$/)
            // The id in the path decodes once, without error.
            expect(() => decodeURIComponent(url.split('=')[1] ?? '')).not.toThrow()
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  test('a tapped in-app link with a malformed escape is copied, not thrown', async () => {
    const page = await openSafely('pages/article/index', { id: 'health-tech-en' })
    expect(() =>
      call(page, 'onTapRun', { currentTarget: { dataset: { href: 'bcecc:article/%E0%A4%A' } } }),
    ).not.toThrow()
    await settle()
  })
})

describe('hostile content', () => {
  test('events with durations that break time math still show the Events tab', async () => {
    setNow('2022-03-15T04:00:00Z')
    const entry = (uid: string, duration: string): Record<string, unknown> => ({
      '@type': 'Event',
      uid,
      updated: '2022-03-01T00:00:00Z',
      title: uid,
      start: '2022-04-07T09:00:00',
      timeZone: 'Asia/Shanghai',
      duration,
      localizations: { zh: { 'locations/__proto__/name': 'x', 'links/constructor/title': 'y' } },
    })
    fakeWx.serveJson(`${CONTENT_BASE}events.json`, {
      '@type': 'Group',
      uid: 'g',
      updated: '2099-01-01T00:00:00Z',
      entries: [
        entry('a', 'P99999999D'),
        entry('b', 'PT99999999999999999999H'),
        entry('c', 'P9999999999999999999999W'),
      ],
    })
    const page = await openSafely('pages/events/index', {})
    expect(page.data.state).toBe('ready')
    const event = await openSafely('pages/event/index', { uid: 'a' })
    expect(event.data.state).toBe('ready')
  })

  test('an article of 900 nested tables and 64 KB of "<" shows its text', async () => {
    const html =
      '<table><tr><td>'.repeat(900) + 'deep text' + '</td></tr></table>'.repeat(900) + '<'.repeat(65536)
    fakeWx.serveJson(`${CONTENT_BASE}articles/deep.json`, {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'BCECC',
      items: [{ id: 'deep', title: 'Deep', content_html: html }],
    })
    const page = await openSafely('pages/article/index', { id: 'deep' })
    expect(page.data.state).toBe('ready')
    expect(JSON.stringify(page.data.blocks)).toContain('deep text')
  })
})
