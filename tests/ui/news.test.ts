import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RootComponent } from 'miniprogram-simulate'
import { DEVELOPMENT_FEED_URL } from '../../miniprogram/config'
import { KEYS } from '../../miniprogram/services/storage'
import { load, settle, simulate } from '../setup/simulate'

const bundled = JSON.parse(readFileSync(join(__dirname, '..', '..', 'content', 'feed.json'), 'utf8')) as {
  items: Array<{ id: string; title: string }>
}

// Lets one test take away the bundled snapshot, as if the app had shipped without one.
let snapshotFeed: unknown = undefined
jest.mock('../../miniprogram/generated/snapshot', () => {
  const actual = jest.requireActual<{ SNAPSHOT: { feed: unknown } }>('../../miniprogram/generated/snapshot')
  return {
    get SNAPSHOT() {
      return { ...actual.SNAPSHOT, feed: snapshotFeed ?? actual.SNAPSHOT.feed }
    },
  }
})

type Page = RootComponent<
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject
> & {
  instance: { onLoad(): void; onUnload(): void; onPullDownRefresh(): void }
}

async function open(): Promise<Page> {
  const page = simulate.render(load('pages/news/index')) as Page
  page.attach(document.createElement('parent-wrapper'))
  page.instance.onLoad()
  await settle()
  return page
}

const titles = (page: Page): string[] =>
  page.querySelectorAll('.bc-card__title').map((node) => node.dom?.textContent ?? '')
const status = (page: Page): string => page.querySelector('.bc-news__updated')?.dom?.textContent ?? ''

afterEach(() => {
  snapshotFeed = undefined
})

describe('news page', () => {
  test('on a first launch offline, shows the articles bundled with the app and says so', async () => {
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ fail: 'request:fail -101' }))
    const page = await open()
    expect(page.data.state).toBe('ready')
    expect(titles(page).length).toBeGreaterThan(0)
    expect(bundled.items.map((i) => i.title)).toEqual(expect.arrayContaining(titles(page)))
    expect(status(page)).toMatch(/Offline copy/)
  })

  test('replaces the bundled articles with the endpoint feed and shows when it was updated', async () => {
    const fresh = {
      ...bundled,
      items: [{ id: 'new', title: 'Fresh from the endpoint', content_text: 'x' }, ...bundled.items],
    }
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, fresh)
    const page = await open()
    expect(titles(page)[0]).toBe('Fresh from the endpoint')
    expect(titles(page)).toHaveLength(bundled.items.length + 1)
    expect(status(page)).toMatch(/^Updated \d\d:\d\d/)
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
    const page = await open()
    expect(page.data.state).toBe('ready')
    expect(titles(page)).toEqual(['Cached article'])
    expect(status(page)).toMatch(/offline/)
  })

  test('tells a failed pull-to-refresh with a toast, and keeps the list', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
    const page = await open()
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ statusCode: 502, data: '' }))
    page.instance.onPullDownRefresh()
    await settle(20)
    expect(titles(page)).toHaveLength(bundled.items.length)
    expect(fakeWx.toasts).toEqual([expect.stringMatching(/server had a problem/)])
  })

  test('with nothing to show, says what went wrong and retries on tap', async () => {
    snapshotFeed = { items: 'missing' }
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ statusCode: 200, data: '<html>Bad gateway</html>' }))
    const page = await open()
    expect(page.data.state).toBe('error')
    expect(page.querySelector('.bc-news__status')?.dom?.textContent).toContain('could not be read')

    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundled)
    page.querySelector('#retry')?.querySelector('.van-button')?.dispatchEvent('tap')
    await settle()
    expect(page.data.state).toBe('ready')
    expect(titles(page)).toHaveLength(bundled.items.length)
  })

  test('shows the empty state for a feed without items', async () => {
    snapshotFeed = { items: [] }
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'x',
      items: [],
    })
    const page = await open()
    expect(page.data.state).toBe('empty')
  })

  test('aborts its requests when it unloads', async () => {
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => 'hang')
    const page = await open()
    page.instance.onUnload()
    await settle()
    expect(fakeWx.requests).toHaveLength(1)
    expect(page.data.state).toBe('ready')
  })
})
