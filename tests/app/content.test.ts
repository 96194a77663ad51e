import { CONTENT_TTL_MS, DEVELOPMENT_FEED_URL } from '../../miniprogram/core/config'
import { SNAPSHOT } from '../../miniprogram/generated/snapshot'
import {
  createContentRepository,
  failureLabel,
  type ContentRepository,
} from '../../miniprogram/services/content'
import { createRequestScope, timing } from '../../miniprogram/services/http'
import { KEYS } from '../../miniprogram/services/storage'
import { setClock } from '../../miniprogram/core/clock'
import { sampleText } from '../setup/sample'

const FEED = DEVELOPMENT_FEED_URL
const EVENTS = FEED.replace('feed.json', 'events.json')
const feedText = sampleText('feed')
const eventsText = sampleText('events')
const feedIds = (JSON.parse(feedText) as { items: Array<{ id: string }> }).items.map((i) => i.id)
const SAVED = JSON.stringify({ v: 1, at: 1, data: { events: ['cmef-2022'] } })

let clock = Date.UTC(2026, 10, 29, 9)
let repo: ContentRepository

beforeEach(() => {
  clock = Date.UTC(2026, 10, 29, 9)
  setClock(() => clock)
  timing.sleep = () => Promise.resolve()
  timing.random = () => 0
  repo = createContentRepository(() => FEED)
  fakeWx.storage.set(KEYS.saved, SAVED)
})
afterEach(() => setClock())

const ids = (): string[] => repo.feed.peek()?.value.articles.map((a) => a.id) ?? []

/** A repository whose cache holds the bundled feed, fetched an hour ago with ETag "v1". */
async function withGoodCache(): Promise<string | undefined> {
  fakeWx.routes.set(FEED, () => ({ statusCode: 200, data: feedText, header: { ETag: '"v1"' } }))
  const outcome = await repo.feed.refresh(createRequestScope())
  expect(outcome.kind).toBe('updated')
  clock += 60 * 60 * 1000
  return fakeWx.storage.get(KEYS.feed)
}

describe('content repository', () => {
  test('shows the bundled snapshot on a first launch, before and without any request', () => {
    const first = repo.feed.peek()
    expect(first?.source).toBe('snapshot')
    expect(first?.checkedAt).toBeUndefined()
    expect(first?.value.articles.length).toBeGreaterThan(0)
    expect(fakeWx.requests).toHaveLength(0)
    expect(SNAPSHOT.revision).toMatch(/^[0-9a-f]{16}$/)
  })

  test('shows cached content synchronously, then skips the request while it is fresh', async () => {
    await withGoodCache()
    clock -= 60 * 60 * 1000 - 1000
    const before = fakeWx.requests.length
    expect(repo.feed.peek()?.source).toBe('cache')
    const outcome = await repo.feed.refresh(createRequestScope())
    expect(outcome.kind).toBe('unchanged')
    expect(fakeWx.requests).toHaveLength(before)
  })

  test('revalidates with If-None-Match after the TTL; a 304 only moves "last updated"', async () => {
    await withGoodCache()
    fakeWx.routes.set(FEED, (req) =>
      req.header['If-None-Match'] === '"v1"' ? { statusCode: 304, data: '' } : { statusCode: 500, data: '' },
    )
    const outcome = await repo.feed.refresh(createRequestScope())
    expect(outcome).toEqual(expect.objectContaining({ kind: 'unchanged' }))
    expect(repo.feed.peek()?.checkedAt).toBe(clock)
    expect(repo.feed.isStale()).toBe(false)
    clock += CONTENT_TTL_MS
    expect(repo.feed.isStale()).toBe(true)
  })

  test('replaces the cache with a newer valid feed', async () => {
    await withGoodCache()
    const changed = JSON.parse(feedText) as { items: Array<Record<string, unknown>> }
    changed.items.unshift({ id: 'breaking', title: 'Breaking', content_text: 'New', language: 'en' })
    fakeWx.serveJson(FEED, changed)
    const outcome = await repo.feed.refresh(createRequestScope(), { force: true })
    expect(outcome.kind).toBe('updated')
    expect(ids()[0]).toBe('breaking')
  })

  // The fault matrix: each broken answer leaves the cached feed and the saved events exactly as they were.
  test.each([
    ['truncated JSON', () => ({ statusCode: 200, data: feedText.slice(0, 500) }), 'format'],
    [
      'an HTML page with status 200',
      () => ({ statusCode: 200, data: '<html><body>Portal login</body></html>' }),
      'format',
    ],
    ['500', () => ({ statusCode: 500, data: '' }), 'status'],
    ['502', () => ({ statusCode: 502, data: '<html>Bad gateway</html>' }), 'status'],
    ['404', () => ({ statusCode: 404, data: '{"error":"not_found"}' }), 'status'],
    ['an empty body', () => ({ statusCode: 200, data: '' }), 'format'],
    [
      'wrong types',
      () => ({
        statusCode: 200,
        data: '{"version":"https://jsonfeed.org/version/1.1","title":1,"items":"none"}',
      }),
      'format',
    ],
    [
      'items missing their required fields',
      () => ({
        statusCode: 200,
        data: '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"title":"no id"},{"id":"x"}]}',
      }),
      'format',
    ],
    [
      'a body over 1 MB',
      () => ({ statusCode: 200, data: `{"items":[],"pad":"${'x'.repeat(1024 * 1024)}"}` }),
      'too-large',
    ],
    ['request:fail timeout', () => ({ fail: 'request:fail timeout' }), 'timeout'],
    ['request:fail interrupted', () => ({ fail: 'request:fail interrupted' }), 'interrupted'],
    ['no network', () => ({ fail: 'request:fail -109:net::ERR_ADDRESS_UNREACHABLE' }), 'offline'],
  ] as const)('keeps the cache and the saved events on %s', async (_name, reply, kind) => {
    const cached = await withGoodCache()
    fakeWx.routes.set(FEED, reply)
    const outcome = await repo.feed.refresh(createRequestScope(), { force: true })
    expect(outcome.kind).toBe('failed')
    if (outcome.kind === 'failed') {
      expect('kind' in outcome.error ? outcome.error.kind : 'format').toBe(kind)
      expect(outcome.loaded?.value.articles.map((a) => a.id)).toEqual(feedIds)
    }
    expect(fakeWx.storage.get(KEYS.feed)).toBe(cached)
    expect(ids()).toEqual(feedIds)
    expect(fakeWx.storage.get(KEYS.saved)).toBe(SAVED)
  })

  test('keeps the cache when the request never answers (the platform times out)', async () => {
    const cached = await withGoodCache()
    jest.useFakeTimers()
    try {
      fakeWx.routes.set(FEED, () => 'hang')
      const pending = repo.feed.refresh(createRequestScope(), { force: true })
      for (let i = 0; i < 3; i++) await jest.advanceTimersByTimeAsync(11_000)
      const outcome = await pending
      expect(outcome.kind).toBe('failed')
    } finally {
      jest.useRealTimers()
    }
    expect(fakeWx.storage.get(KEYS.feed)).toBe(cached)
  })

  test('accepts a feed with a byte-order mark, and drops repeated ids', async () => {
    await withGoodCache()
    const doubled = JSON.parse(feedText) as { items: unknown[] }
    doubled.items.push(doubled.items[0])
    fakeWx.serveJson(FEED, `\ufeff${JSON.stringify(doubled)}`)
    const outcome = await repo.feed.refresh(createRequestScope(), { force: true })
    expect(outcome.kind).toBe('updated')
    expect(ids()).toEqual(feedIds)
    expect(outcome.kind === 'updated' && outcome.loaded.value.dropped).toBe(1)
  })

  test('keeps a newer calendar when the server sends an older one (dates out of order)', async () => {
    fakeWx.routes.set(EVENTS, () => ({ statusCode: 200, data: eventsText }))
    expect((await repo.events.refresh(createRequestScope())).kind).toBe('updated')
    const older = JSON.parse(eventsText) as { updated: string; entries: unknown[] }
    older.updated = '2021-01-01T00:00:00Z'
    older.entries = older.entries.slice(0, 1)
    fakeWx.serveJson(EVENTS, older)
    const outcome = await repo.events.refresh(createRequestScope(), { force: true })
    expect(outcome.kind).toBe('failed')
    if (outcome.kind === 'failed') expect(failureLabel(outcome.error)).toBe('failOlder')
    expect(repo.events.peek()?.value.events).toHaveLength(4)
  })

  test('shows new content even when storage is full, and keeps the old cache', async () => {
    const cached = await withGoodCache()
    fakeWx.storageQuotaBytes = (cached?.length ?? 0) + 1000
    const changed = JSON.parse(feedText) as { items: Array<Record<string, unknown>>; pad?: string }
    changed.items.unshift({ id: 'breaking', title: 'Breaking', content_text: 'x'.repeat(5000) })
    fakeWx.serveJson(FEED, changed)
    const outcome = await repo.feed.refresh(createRequestScope(), { force: true })
    expect(outcome.kind === 'updated' && outcome.loaded.value.articles[0]?.id).toBe('breaking')
    expect(ids()[0]).toBe('breaking')
    expect(fakeWx.storage.get(KEYS.feed)).toBe(cached)
    expect(fakeWx.storage.get(KEYS.saved)).toBe(SAVED)
  })

  test('falls back to the snapshot over a corrupted cached value, and recovers on the next refresh', async () => {
    fakeWx.storage.set(KEYS.feed, JSON.stringify({ v: 1, at: 1, data: { url: FEED, body: 'garbage' } }))
    expect(repo.feed.peek()?.source).toBe('snapshot')
    fakeWx.serveJson(FEED, feedText)
    expect((await repo.feed.refresh(createRequestScope())).kind).toBe('updated')
    expect(repo.feed.peek()?.source).toBe('cache')
  })

  test('reads a cached feed stored in the older, unversioned format and revalidates it', async () => {
    fakeWx.storage.set(KEYS.feed, feedText)
    expect(repo.feed.peek()?.source).toBe('cache')
    expect(ids()).toEqual(feedIds)
    expect(repo.feed.isStale()).toBe(true)
  })

  test('loads an article that is not on the cached first page from its own document', async () => {
    const doc = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'x',
      items: [{ id: 'archived-1', title: 'From the archive', content_html: '<p>Old</p>' }],
    }
    fakeWx.serveJson(FEED.replace('feed.json', 'articles/archived-1.json'), doc)
    const found = await repo.getArticle(createRequestScope(), 'archived-1')
    expect(found).toEqual(
      expect.objectContaining({
        source: 'network',
        article: expect.objectContaining({ title: 'From the archive' }) as unknown,
      }),
    )
    // Cached for offline reading: no second request.
    const before = fakeWx.requests.length
    expect((await repo.getArticle(createRequestScope(), 'archived-1')).source).toBe('cache')
    expect(fakeWx.requests).toHaveLength(before)
  })

  test('finds an event of the calendar without a request; an article of the bundled cards comes from its document', async () => {
    expect((await repo.getEvent(createRequestScope(), 'chinabio-2022')).event.uid).toBe('chinabio-2022')
    expect(fakeWx.requests).toHaveLength(0)
    // The snapshot carries each article's summary for a body: never taken for the article itself.
    expect(repo.peekArticle('health-tech-zh')).toBeUndefined()
    expect(repo.snapshotExcerpt('health-tech-zh')?.contentText).toMatch(/^健康科技或许是最具潜力的领域/)
    const item = (JSON.parse(sampleText('feed')) as { items: Array<{ id: string }> }).items.find(
      (i) => i.id === 'health-tech-zh',
    )
    fakeWx.serveJson(FEED.replace('feed.json', 'articles/health-tech-zh.json'), {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'BCECC',
      items: [item],
    })
    const { article, source } = await repo.getArticle(createRequestScope(), 'health-tech-zh')
    expect(article.contentHtml).toContain('<h2>')
    expect(source).toBe('network')
    expect(fakeWx.requests.map((r) => r.url)).toEqual([
      FEED.replace('feed.json', 'articles/health-tech-zh.json'),
    ])
  })

  test('loads an event that the calendar does not list from its own document, and refuses a wrong one', async () => {
    const event = {
      '@type': 'Event',
      uid: 'extra',
      updated: '2022-01-01T00:00:00Z',
      title: 'Extra',
      start: '2022-06-01T09:00:00',
      timeZone: 'Asia/Shanghai',
    }
    fakeWx.serveJson(FEED.replace('feed.json', 'events/extra.json'), event)
    expect((await repo.getEvent(createRequestScope(), 'extra')).event.title).toEqual({ en: 'Extra' })
    fakeWx.serveJson(FEED.replace('feed.json', 'events/other.json'), event)
    await expect(repo.getEvent(createRequestScope(), 'other')).rejects.toThrow(/does not hold/)
  })

  test('adopts pre-fetched data that is newer than the cache, and ignores what is not a feed', () => {
    const original = fakeWx.api.getBackgroundFetchData
    let payload = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 't',
      items: [{ id: 'pre', title: 'Prefetched', content_text: 'x' }],
    })
    fakeWx.api.getBackgroundFetchData = (o: {
      fetchType: string
      success: (r: { fetchedData: string; timeStamp: number }) => void
    }) => {
      if (o.fetchType === 'pre') o.success({ fetchedData: payload, timeStamp: clock - 1000 })
    }
    try {
      repo.adoptBackgroundFetch()
      expect(ids()).toEqual(['pre'])
      payload = '<html>not a feed</html>'
      repo.adoptBackgroundFetch()
      expect(ids()).toEqual(['pre'])
    } finally {
      fakeWx.api.getBackgroundFetchData = original
    }
  })

  test('follows next_url for more articles', async () => {
    fakeWx.serveJson(FEED.replace('feed.json', 'feed-2.json'), {
      version: 'https://jsonfeed.org/version/1.1',
      title: 't',
      items: [{ id: 'p2', content_text: 'Second page' }],
    })
    const page = await repo.loadPage(createRequestScope(), FEED.replace('feed.json', 'feed-2.json'))
    expect(page.articles.map((a) => a.id)).toEqual(['p2'])
    expect((await repo.getArticle(createRequestScope(), 'p2')).article.title).toBe('Second page')
  })
})
