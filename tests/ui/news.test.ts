import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEVELOPMENT_FEED_URL } from '../../miniprogram/config'
import type { RootComponent } from 'miniprogram-simulate'
import { load, settle, simulate } from '../setup/simulate'

const bundledFeed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'content', 'feed.json'), 'utf8')) as {
  items: Array<{ title: string }>
}

type NewsPage = RootComponent<
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject
> & {
  instance: { onLoad(): void }
}

async function open(): Promise<NewsPage> {
  const page = simulate.render(load('pages/news/index')) as NewsPage
  page.attach(document.createElement('parent-wrapper'))
  page.instance.onLoad()
  await settle()
  return page
}

function titles(page: NewsPage): string[] {
  return page.querySelectorAll('.bc-card__title').map((node) => node.dom?.textContent ?? '')
}

describe('news page', () => {
  test('shows every bundled article from the endpoint, in feed order', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundledFeed)
    const page = await open()
    expect(page.data.state).toBe('ready')
    expect(titles(page)).toEqual(bundledFeed.items.map((i) => i.title))
  })

  test('shows an error with a retry when the endpoint answers an HTML error page, and recovers on retry', async () => {
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ statusCode: 200, data: '<html>Bad gateway</html>' }))
    const page = await open()
    expect(page.data.state).toBe('error')
    expect(page.querySelector('.bc-news__status')?.dom?.textContent).toContain('could not be read')

    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundledFeed)
    const retry = page.querySelector('#retry')
    expect(retry).toBeTruthy()
    const button = retry?.querySelector('.van-button')
    button?.dispatchEvent('tap')
    await settle()
    expect(page.data.state).toBe('ready')
    expect(titles(page)).toHaveLength(bundledFeed.items.length)
  })

  test('says the network is down when the request fails, and offers no stale list', async () => {
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ fail: 'request:fail timeout' }))
    const page = await open()
    expect(page.data.state).toBe('error')
    expect(page.data.errorMessage).toMatch(/too long/)
    expect(titles(page)).toEqual([])
  })

  test('keeps the list on screen when a refresh fails', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, bundledFeed)
    const page = await open()
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, 'not json', 502)
    ;(page.instance as unknown as { onPullDownRefresh(): void }).onPullDownRefresh()
    await settle()
    expect(page.data.state).toBe('ready')
    expect(titles(page)).toHaveLength(bundledFeed.items.length)
    expect(fakeWx.toasts).toHaveLength(1)
  })

  test('shows the empty state for a feed without items', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL, {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'x',
      items: [],
    })
    const page = await open()
    expect(page.data.state).toBe('empty')
  })
})
