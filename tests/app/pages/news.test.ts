import { DEVELOPMENT_FEED_URL } from '../../../miniprogram/core/config'
import { KEYS } from '../../../miniprogram/services/storage'
import {
  call,
  FIRST_SCREEN_BUDGET_BYTES,
  SETDATA_BUDGET_BYTES,
  nodeCount,
  openPage,
  settle,
  tap,
  scrollToEnd,
  texts,
  type AnyPage,
} from '../../setup/simulate'
import { cardHeight, type ArticleCard } from '../../../miniprogram/view/article-card'
import { sample } from '../../setup/sample'
import { realNow, setNow } from '../../setup/clock'

interface Item {
  id: string
  title: string
  summary?: string
  tags?: string[]
  language: string
  content_html?: string
  content_text?: string
  _bcecc?: { domain?: string }
}
const bundled = sample('feed') as {
  items: Item[]
}
const titlesIn = (language: string, domain?: string): string[] =>
  bundled.items
    .filter((i) => i.language === language && (!domain || i._bcecc?.domain === domain))
    .map((i) => i.title)

// Lets a test take away the bundled snapshot, as if the app had shipped without one.
let snapshotFeed: unknown = undefined
jest.mock('../../../miniprogram/generated/snapshot', () => {
  const actual = jest.requireActual<{ SNAPSHOT: { feed: unknown } }>(
    '../../../miniprogram/generated/snapshot',
  )
  return {
    get SNAPSHOT() {
      return { ...actual.SNAPSHOT, feed: snapshotFeed ?? actual.SNAPSHOT.feed }
    },
  }
})
afterEach(() => {
  snapshotFeed = undefined
})

const open = async (): Promise<{
  page: AnyPage
  log: { calls: number[]; paths: string[][]; mark(): void; sinceMark(): number[] }
}> => openPage('pages/news/index')
const titles = (page: AnyPage): string[] => texts(page, '.bc-card__title')
const status = (page: AnyPage): string => texts(page, '.bc-news__updated')[0] ?? ''

describe('news page', () => {
  test('on a first launch offline, shows the English articles bundled with the app and says so', async () => {
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ fail: 'request:fail -101' }))
    const { page } = await open()
    expect(page.data.state).toBe('ready')
    expect(titles(page)).toEqual(titlesIn('en'))
    expect(status(page)).toMatch(/Offline copy/)
  })

  test('follows a Chinese WeChat: Chinese articles and labels', async () => {
    fakeWx.language = 'zh_CN'
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
    const { page } = await open()
    expect(titles(page)).toEqual(titlesIn('zh'))
    expect(texts(page, '.bc-filter__chip')).toEqual(['全部', '数字', '气候', '健康'])
    expect(fakeWx.calls).toContainEqual({ api: 'setNavigationBarTitle', options: { title: 'BCECC 资讯' } })
  })

  test('replaces the bundled articles with the endpoint feed and shows when it was updated', async () => {
    const fresh = {
      ...bundled,
      items: [
        { id: 'new', title: 'Fresh from the endpoint', content_text: 'x', language: 'en' },
        ...bundled.items,
      ],
    }
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, fresh)
    const { page } = await open()
    expect(titles(page)).toEqual(['Fresh from the endpoint', ...titlesIn('en')])
    expect(status(page)).toMatch(/^Updated \d\d:\d\d$/)
  })

  test('the first screen in one setData: with a cached feed, the first call already carries the cards', async () => {
    const at = Date.now()
    fakeWx.storage.set(
      KEYS.feed,
      JSON.stringify({
        v: 1,
        at,
        data: { url: DEVELOPMENT_FEED_URL, body: bundled, fetchedAt: at, checkedAt: at },
      }),
    )
    const { page, log } = await open()
    expect(page.data.state).toBe('ready')
    // The cache is fresh: no request, and the first setData has the labels, the state and the cards together.
    const first = log.paths[0] ?? []
    expect(first).toEqual(expect.arrayContaining(['labels', 'filters', 'state']))
    expect(first.some((p) => p.startsWith('chunks'))).toBe(true)
    const firstCards = log.paths.findIndex((paths) => paths.some((p) => p.startsWith('chunks')))
    expect(firstCards).toBe(0)
    expect(log.calls[0]).toBeLessThan(64 * 1024)
  })

  test('the first screen in one setData with a feed WeChat pre-fetched before launch: no skeleton, no request', async () => {
    const prefetched = {
      ...bundled,
      items: [
        { id: 'pre', title: 'Pre-fetched before launch', content_text: 'x', language: 'en' },
        ...bundled.items,
      ],
    }
    const original = fakeWx.api.getBackgroundFetchData
    fakeWx.api.getBackgroundFetchData = (o: {
      fetchType: string
      success: (r: { fetchedData: string; timeStamp: number }) => void
    }) => {
      if (o.fetchType === 'pre') o.success({ fetchedData: JSON.stringify(prefetched), timeStamp: Date.now() })
    }
    try {
      // What App.onLaunch does, before any page.
      const { content } = await import('../../../miniprogram/services/content')
      content.adoptBackgroundFetch()
    } finally {
      fakeWx.api.getBackgroundFetchData = original
    }
    const { page, log } = await open()
    expect(fakeWx.requests).toHaveLength(0)
    expect(log.paths[0]?.some((p) => p.startsWith('chunks'))).toBe(true)
    expect(log.paths[0]).toEqual(expect.arrayContaining(['labels', 'state']))
    expect(titles(page)[0]).toBe('Pre-fetched before launch')
    // The first screen's one call, within the first-screen budget.
    expect(log.calls[0]).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET_BYTES)
  })

  test('shows cached articles at once, and keeps them when the endpoint answers an HTML error page', async () => {
    fakeWx.storage.set(
      KEYS.feed,
      JSON.stringify({
        v: 1,
        at: 1,
        data: {
          url: DEVELOPMENT_FEED_URL,
          body: { items: [{ id: 'c', title: 'Cached article', content_text: 'x' }] },
          fetchedAt: 1,
          checkedAt: 1,
        },
      }),
    )
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ statusCode: 200, data: '<html>Captive portal</html>' }))
    const { page } = await open()
    expect(titles(page)).toEqual(['Cached article'])
    expect(status(page)).toMatch(/ · the content could not be read$/)
  })

  test.each([
    ['no connection', () => ({ fail: 'request:fail -101' }), /^Updated \d\d:\d\d · no connection$/],
    [
      'a server error',
      () => ({ statusCode: 503, data: 'busy' }),
      /^Updated \d\d:\d\d · the server is having problems$/,
    ],
    [
      'broken JSON',
      () => ({ statusCode: 200, data: '{"items": [' }),
      /^Updated \d\d:\d\d · the content could not be read$/,
    ],
  ])('after a relaunch with %s, the list stays and the status says which', async (_what, reply, expected) => {
    setNow('2026-11-29T01:00:00Z')
    try {
      fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
      const first = await open()
      const before = titles(first.page)
      // Eleven minutes later (the cache is stale), the endpoint fails in its own way.
      fakeWx.routes.set(DEVELOPMENT_FEED_URL, reply)
      setNow('2026-11-29T01:11:00Z')
      const { page } = await open()
      expect(titles(page)).toEqual(before)
      expect(status(page)).toMatch(expected)
    } finally {
      realNow()
    }
  })

  test('tells a failed pull-to-refresh with a toast, and keeps the list', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
    const { page } = await open()
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ statusCode: 502, data: '' }))
    call(page, 'onPullDownRefresh')
    await settle(20)
    expect(titles(page)).toEqual(titlesIn('en'))
    expect(fakeWx.toasts).toEqual([expect.stringMatching(/server had a problem/)])
    expect(fakeWx.calls.map((c) => c.api)).toContain('stopPullDownRefresh')
  })

  test('with nothing to show, says what went wrong and retries on tap', async () => {
    snapshotFeed = { items: 'missing' }
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ statusCode: 200, data: '<html>Bad gateway</html>' }))
    const { page } = await open()
    expect(page.data.state).toBe('error')
    expect(texts(page, '.bc-news__status')[0]).toContain('could not be read')
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
    tap(page, '#retry')
    await settle()
    expect(titles(page)).toEqual(titlesIn('en'))
  })

  test('shows the empty state for a feed without items', async () => {
    snapshotFeed = { items: [] }
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'x',
      items: [],
    })
    const { page } = await open()
    expect(page.data.state).toBe('empty')
    expect(texts(page, '.bc-news__status')[0]).toContain('No articles yet')
  })

  test('filters by domain with one small update', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
    const { page, log } = await open()
    log.mark()
    page.querySelectorAll('.bc-filter__chip')[3]?.dispatchEvent('tap')
    await settle()
    expect(titles(page)).toEqual(titlesIn('en', 'health'))
    expect(log.sinceMark().length).toBeLessThanOrEqual(3)
  })

  test('searches titles, summaries and tags, and offers to clear a search that finds nothing', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
    const { page } = await open()
    call(page, 'onSearch', { detail: 'IMEC' })
    await settle()
    const withImec = bundled.items.filter(
      (i) =>
        i.language === 'en' &&
        `${i.title} ${i.summary ?? ''} ${(i.tags ?? []).join(' ')}`.toLowerCase().includes('imec'),
    )
    expect(withImec.length).toBeGreaterThan(0)
    expect(titles(page)).toEqual(withImec.map((i) => i.title))
    call(page, 'onSearch', { detail: 'no such words anywhere' })
    await settle()
    expect(titles(page)).toEqual([])
    expect(texts(page, '.bc-news__status')[0]).toContain('No articles match')
    tap(page, '#clear-filters')
    await settle()
    expect(titles(page)).toEqual(titlesIn('en'))
  })

  test('switches to Chinese in place and remembers it', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
    const { page } = await open()
    tap(page, '.bc-lang')
    await settle()
    expect(titles(page)).toEqual(titlesIn('zh'))
    expect(texts(page, '.bc-lang')).toEqual(['English'])
    expect(JSON.parse(fakeWx.storage.get(KEYS.settings) ?? '{}')).toEqual(
      expect.objectContaining({ data: expect.objectContaining({ language: 'zh' }) as unknown }),
    )
  })

  test('opens an article by id', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
    const { page } = await open()
    page.querySelectorAll('.bc-card')[0]?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls).toContainEqual({
      api: 'navigateTo',
      options: { url: `/pages/article/index?id=${bundled.items[0]?.id}` },
    })
  })

  test('loads the next page at the bottom, sending only the chunk that changes', async () => {
    const page2 = DEVELOPMENT_FEED_URL.replace('feed.json', 'feed-2.json')
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, { ...bundled, next_url: 'feed-2.json' })
    fakeWx.serveJson(page2, {
      version: 'https://jsonfeed.org/version/1.1',
      title: 't',
      items: [{ id: 'older', title: 'An older article', content_text: 'x', language: 'en' }],
    })
    const { page, log } = await open()
    log.mark()
    call(page, 'onReachBottom')
    await settle()
    expect(titles(page)).toEqual([...titlesIn('en'), 'An older article'])
    const last = log.paths[log.paths.length - 1] ?? []
    expect(last.filter((p) => p.startsWith('chunks'))).toEqual(['chunks[0]'])
    expect(log.sinceMark().length).toBeLessThanOrEqual(3)
    expect(texts(page, '.bc-news__more')[0]).toContain('seen every article')
  })

  describe('with 300 articles over three pages', () => {
    const items = Array.from({ length: 300 }, (_, i) => ({
      ...bundled.items[i % bundled.items.length],
      id: `a${i}`,
      title: `Article ${i}: ${bundled.items[i % bundled.items.length]?.title ?? ''}`,
      language: 'en',
    }))
    const pageUrl = (n: number): string => DEVELOPMENT_FEED_URL.replace('feed.json', `feed-${n}.json`)
    beforeEach(() => {
      fakeWx.serveJson(DEVELOPMENT_FEED_URL, {
        ...bundled,
        items: items.slice(0, 100),
        next_url: 'feed-2.json',
      })
      fakeWx.serveJson(pageUrl(2), { ...bundled, items: items.slice(100, 200), next_url: 'feed-3.json' })
      fakeWx.serveJson(pageUrl(3), { ...bundled, items: items.slice(200) })
    })
    const scroll = (page: AnyPage): ReturnType<typeof scrollToEnd> =>
      scrollToEnd(page, {
        estimate: (card: ArticleCard) => cardHeight(card, 375),
        key: (card: ArticleCard) => card.id,
      })

    test('the reader scrolls to the end: every article drawn, never 1000 nodes, every setData within budget', async () => {
      const { page, log } = await open()
      expect(log.calls.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET_BYTES)
      const seen = await scroll(page)
      expect(seen.seen.size).toBe(300)
      expect(seen.maxNodes).toBeLessThan(1000)
      expect(Math.max(...log.calls)).toBeLessThanOrEqual(SETDATA_BUDGET_BYTES)
      expect(fakeWx.requests.map((r) => r.url)).toEqual(expect.arrayContaining([pageUrl(2), pageUrl(3)]))
      expect(texts(page, '.bc-news__more')[0]).toContain('seen every article')
      // Far above, the first cards are placeholders of their height; back at the top they are drawn again.
      expect(titles(page)).not.toContain('Article 0: ' + (bundled.items[0]?.title ?? ''))
      call(page, 'onPageScroll', { scrollTop: 0 })
      await settle()
      expect(titles(page)[0]).toBe('Article 0: ' + (bundled.items[0]?.title ?? ''))
      expect(nodeCount(page)).toBeLessThan(1000)
    })

    test('a search after scrolling starts a short list, and clearing it brings all articles back', async () => {
      const { page } = await open()
      await scroll(page)
      call(page, 'onSearch', { detail: 'Article 299' })
      await settle()
      expect(titles(page)).toEqual([items[299]?.title])
      call(page, 'onClearSearch')
      await settle()
      expect((await scroll(page)).seen.size).toBe(300)
    })

    test('opening an article and coming back keeps the list where it was', async () => {
      const { page } = await open()
      await scroll(page)
      const before = titles(page)
      page.querySelectorAll('.bc-card')[0]?.dispatchEvent('tap')
      call(page, 'onShow')
      await settle()
      expect(titles(page)).toEqual(before)
    })

    test('a pull-down refresh shows what was published since, and paging goes on from there', async () => {
      const { page } = await open()
      await scroll(page)
      const fresh = { id: 'fresh', title: 'Published just now', content_text: 'x', language: 'en' }
      fakeWx.serveJson(DEVELOPMENT_FEED_URL, {
        ...bundled,
        items: [fresh, ...items.slice(0, 100)],
        next_url: 'feed-2.json',
      })
      call(page, 'onPullDownRefresh')
      await settle()
      expect(fakeWx.calls.some((c) => c.api === 'stopPullDownRefresh')).toBe(true)
      call(page, 'onPageScroll', { scrollTop: 0 })
      await settle()
      expect(titles(page)[0]).toBe('Published just now')
      const again = await scroll(page)
      expect(again.seen.size).toBe(301)
      expect(again.maxNodes).toBeLessThan(1000)
    })
  })

  test('aborts its requests when it unloads', async () => {
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => 'hang')
    const { page } = await open()
    // WeChat detaches a page built with Component() when it unloads.
    page.detach()
    await settle()
    expect(fakeWx.requests).toHaveLength(1)
    expect(page.data.state).toBe('ready')
  })
})
