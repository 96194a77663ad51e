// What a reader's phone shows after a publish: the app's own content client (services/content, models, pages) reads
// the bucket the web editor published to, over real HTTP, and News and Events are drawn by miniprogram-simulate.
// Run by `npm run test:editor` with:
//   BCECC_CHAIN_FEED_URL   the bucket's feed.json
//   BCECC_CHAIN_ARTICLE    an article's title, BCECC_CHAIN_EVENT an event's title
//   BCECC_CHAIN_EXPECT     "shown" (just published) or "gone" (the publish undone)

import { request } from 'node:http'
import { openPage, settle, texts, type AnyPage } from '../setup/simulate'

const FEED = process.env.BCECC_CHAIN_FEED_URL ?? ''
const ARTICLE = process.env.BCECC_CHAIN_ARTICLE ?? ''
const EVENT = process.env.BCECC_CHAIN_EVENT ?? ''
const SHOWN = process.env.BCECC_CHAIN_EXPECT !== 'gone'

jest.mock('../../miniprogram/core/config', () => {
  const actual = jest.requireActual<Record<string, unknown>>('../../miniprogram/core/config')
  const feed = process.env.BCECC_CHAIN_FEED_URL ?? ''
  return { ...actual, DEVELOPMENT_FEED_URL: feed, RELEASE_FEED_URL: feed, feedUrlFor: () => feed }
})

/** URLs whose answer has arrived (or failed). */
const answered: string[] = []

beforeAll(() => {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(FEED))
    throw new Error('BCECC_CHAIN_FEED_URL must name the local bucket')
  // wx.request over real HTTP, to this machine only.
  ;(globalThis as unknown as { wx: Record<string, unknown> }).wx.request = (
    options: WechatMiniprogram.RequestOption,
  ) => {
    const url = new URL(options.url)
    if (url.hostname !== '127.0.0.1')
      throw new Error(`the chain test reads this machine only, not ${url.host}`)
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.header as Record<string, string>, agent: false },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => {
          answered.push(options.url)
          options.success?.({
            statusCode: res.statusCode ?? 0,
            data: body,
            header: res.headers,
            cookies: [],
            errMsg: 'request:ok',
          } as unknown as WechatMiniprogram.RequestSuccessCallbackResult)
          options.complete?.({ errMsg: 'request:ok' })
        })
      },
    )
    req.on('error', (error) => {
      answered.push(options.url)
      options.fail?.({
        errMsg: `request:fail ${error.message}`,
        errno: 0,
      } as unknown as WechatMiniprogram.RequestFailCallbackErr)
    })
    req.setTimeout(options.timeout ?? 10_000, () => req.destroy(new Error('timeout')))
    req.end()
    return { abort: () => req.destroy() }
  }
})

/** Waits until `url` has been answered and the page has drawn what it got. */
async function loaded(url: string): Promise<void> {
  const end = Date.now() + 15_000
  while (!answered.includes(url)) {
    if (Date.now() > end) throw new Error(`the app never got an answer from ${url}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  await settle(50)
}

const eventsUrl = FEED.replace(/feed\.json$/, 'events.json')

test(`News ${SHOWN ? 'shows' : 'no longer shows'} the article from the bucket`, async () => {
  const { page } = await openPage('pages/news/index')
  await loaded(FEED)
  const titles = texts(page as AnyPage, '.bc-card__title')
  expect(texts(page, '.bc-news__updated')[0]).toMatch(/^Updated \d\d:\d\d$/)
  if (SHOWN) expect(titles).toContain(ARTICLE)
  else expect(titles).not.toContain(ARTICLE)
  expect(titles.length).toBeGreaterThan(0)
})

test(`Events ${SHOWN ? 'shows' : 'no longer shows'} the event from the bucket`, async () => {
  const { page } = await openPage('pages/events/index')
  await loaded(eventsUrl)
  const titles = texts(page, '.bc-row__title')
  if (SHOWN) expect(titles).toContain(EVENT)
  else expect(titles).not.toContain(EVENT)
  expect(titles.length).toBeGreaterThan(0)
})
