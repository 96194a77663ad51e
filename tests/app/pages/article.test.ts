import { KEYS } from '../../../miniprogram/services/storage'
import { CONTENT_BASE, sample } from '../../setup/sample'
import {
  call,
  SETDATA_BUDGET_BYTES,
  nodeCount,
  openPage,
  settle,
  tap,
  texts,
  type AnyPage,
} from '../../setup/simulate'

const published = sample<{ items: Array<Record<string, unknown>> }>('feed').items

/** Serves one article as its own document (a one-item JSON Feed), as the static build does. */
function serveArticle(item: Record<string, unknown>): void {
  fakeWx.serveJson(`${CONTENT_BASE}articles/${String(item.id)}.json`, {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'BCECC',
    items: [item],
  })
}

const open = async (
  id: string,
): Promise<{
  page: AnyPage
  log: { calls: number[]; paths: string[][]; mark(): void; sinceMark(): number[] }
}> => openPage('pages/article/index', { id: encodeURIComponent(id) })

describe('article page', () => {
  // The bundled snapshot has the cards only: an article's body is its own document on the endpoint.
  beforeEach(() => {
    for (const item of published) serveArticle(item)
  })

  test('opens an article of the first page from its own document, with its headings, lists and table', async () => {
    const { page } = await open('health-tech-en')
    expect(fakeWx.requests.map((r) => r.url)).toEqual([`${CONTENT_BASE}articles/health-tech-en.json`])
    expect(texts(page, '.bc-article__title')).toEqual(['Health Tech: licensing deals and clinical trials'])
    expect(texts(page, '.bc-article__h')).toEqual(['The opportunity', 'Matchmaking in 2022'])
    expect(texts(page, '.bc-article__li-text')).toHaveLength(3)
    expect(texts(page, '.bc-article__bullet')).toEqual(['1.', '2.', '3.'])
    expect(texts(page, '.bc-tag')).toEqual(['Health'])
    const office = await open('guangzhou-office-en')
    expect(office.page.querySelectorAll('.bc-article__table')).toHaveLength(1)
  })

  test('on a first launch without a network, a card opens to its bundled summary and says the rest will load', async () => {
    fakeWx.routes.set(`${CONTENT_BASE}articles/climate-tech-en.json`, () => ({ fail: 'request:fail -101' }))
    const { page } = await open('climate-tech-en')
    expect(page.data.state).toBe('ready')
    expect(texts(page, '.bc-article__title')).toEqual(['Climate Tech: wind, sun, heat and batteries'])
    expect(texts(page, '.bc-stale').join(' ')).toMatch(/Only the summary is bundled with the app/)
    const summary = published.find((i) => i.id === 'climate-tech-en')?.summary
    expect(texts(page, '.bc-article__p').join(' ')).toContain(String(summary))
  })

  test('lists the related events with the dates the newsletter gives, inventing none', async () => {
    const { page } = await open('health-tech-en')
    expect(texts(page, '.bc-article__event-title')).toEqual([
      'China Medical Equipment Fair (CMEF)',
      'ChinaBio Partnering Forum',
      'BioCentury Health Summit',
      'Flanders Life Science & Health mission to China',
    ])
    expect(texts(page, '.bc-article__event .bc-muted')).toEqual([
      '7–10 Apr 2022 · Shanghai',
      '10–11 May 2022 · Beijing',
      'November 2022 · Shanghai',
      'Date to be announced',
    ])
  })

  test('opens a related event', async () => {
    const { page } = await open('health-tech-en')
    page.querySelectorAll('.bc-article__event')[2]?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls).toContainEqual({
      api: 'navigateTo',
      options: { url: '/pages/event/index?uid=biocentury-2022' },
    })
  })

  test('remembers a larger or smaller reading size, within its range', async () => {
    const { page } = await open('five-year-plan-en')
    tap(page, '.bc-article__tool--large')
    await settle()
    expect(page.data.fontScale).toBe(1.15)
    expect(JSON.parse(fakeWx.storage.get(KEYS.settings) ?? '{}').data.fontScale).toBe(1.15)
    const again = await open('five-year-plan-en')
    expect(again.page.data.fontScale).toBe(1.15)
    for (let i = 0; i < 5; i++) call(again.page, 'onFontSmaller')
    await settle()
    expect(again.page.data).toEqual(
      expect.objectContaining({ fontScale: 0.9, canSmaller: false, canLarger: true }),
    )
  })

  test('opens the other language version', async () => {
    const { page } = await open('digital-tech-en')
    expect(texts(page, '.bc-article__tool')[0]).toBe('阅读中文版')
    page.querySelectorAll('.bc-article__tool')[0]?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls).toContainEqual({
      api: 'navigateTo',
      options: { url: '/pages/article/index?id=digital-tech-zh' },
    })
  })

  test('offers the reader’s own language when the article is in the other one', async () => {
    fakeWx.language = 'zh_CN'
    const { page } = await open('digital-tech-en')
    expect(texts(page, '.bc-article__tool')[0]).toBe('阅读中文版')
    const zh = await open('digital-tech-zh')
    expect(texts(zh.page, '.bc-article__tool')[0]).toBe('Read in English')
  })

  test('opens a deep link to an article the feed no longer lists, from its own document', async () => {
    serveArticle({
      id: 'archive-1',
      title: 'From the archive',
      content_html: '<p>Old <strong>news</strong>.</p>',
      language: 'en',
    })
    const { page } = await open('archive-1')
    expect(texts(page, '.bc-article__title')).toEqual(['From the archive'])
    expect(texts(page, '.bc-article__p')).toEqual(['Old news.'])
    expect(texts(page, '.bc-run--bold')).toEqual(['news'])
  })

  test('says so when the article does not exist', async () => {
    const { page } = await open('no-such-article')
    expect(page.data.state).toBe('missing')
    expect(texts(page, '.bc-article__status')[0]).toContain('no longer available')
  })

  test('follows internal links, opens official-account articles in WeChat, and copies other links', async () => {
    fakeWx.sdkVersion = '3.8.0'
    serveArticle({
      id: 'links',
      title: 'Links',
      content_html:
        '<p><a href="bcecc:article/health-tech-en">internal</a> <a href="bcecc:event/cmef-2022">event</a> <a href="https://mp.weixin.qq.com/s/abc">account</a> <a href="https://example.com/x">web</a></p>',
    })
    const { page } = await open('links')
    const links = page.querySelectorAll('.bc-run--link')
    expect(links.map((l) => l.dom?.textContent)).toEqual(['internal', 'event', 'account', 'web'])
    for (const link of links) link.dispatchEvent('tap')
    await settle()
    const acts = fakeWx.calls.filter((c) => c.api !== 'setNavigationBarTitle')
    expect(acts).toEqual([
      { api: 'navigateTo', options: { url: '/pages/article/index?id=health-tech-en' } },
      { api: 'navigateTo', options: { url: '/pages/event/index?uid=cmef-2022' } },
      { api: 'openOfficialAccountArticle', options: { url: 'https://mp.weixin.qq.com/s/abc' } },
      { api: 'setClipboardData', options: { data: 'https://example.com/x' } },
    ])
    expect(fakeWx.toasts).toEqual(['Link copied: open it in your browser'])
  })

  test('footnote links scroll to their note and back; an anchor the article lacks does nothing', async () => {
    // Markdown footnotes as kramdown and markdown-it write them; the notes come after 60 paragraphs (not drawn yet).
    const filler = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i}.</p>`).join('')
    serveArticle({
      id: 'notes',
      title: 'Notes',
      content_html: `<p>Ports grew<sup id="fnref:1"><a href="#fn:1" class="footnote">1</a></sup> and <a href="#nowhere">elsewhere</a>, <a href="#sec%202">encoded</a>.</p>${filler}<h2 id="sec 2">Section two</h2><ol><li id="fn:0"><p>Zero.</p></li><li id="fn:1"><p>Source: port authority. <a href="#fnref:1">↩</a></p></li></ol>`,
    })
    const { page } = await open('notes')
    const link = (text: string) =>
      page.querySelectorAll('.bc-run--link').find((l) => l.dom?.textContent === text)
    link('1')?.dispatchEvent('tap')
    await settle()
    // The note's block was drawn first, then the page scrolled to the note itself (its list item).
    const blocks = page.data.blocks as Array<{ key: string; kind: string }>
    const list = blocks.find((b) => b.kind === 'list')
    expect(list).toBeDefined()
    expect(fakeWx.calls.filter((c) => c.api === 'pageScrollTo')).toEqual([
      { api: 'pageScrollTo', options: { selector: `#${list?.key ?? ''}-1`, duration: 200 } },
    ])
    expect(page.querySelector(`#${list?.key ?? ''}-1`)).toBeTruthy()
    link('↩')?.dispatchEvent('tap')
    link('encoded')?.dispatchEvent('tap')
    await settle()
    const heading = blocks.find((b) => b.kind === 'heading')
    expect(fakeWx.calls.filter((c) => c.api === 'pageScrollTo').map((c) => c.options.selector)).toEqual([
      `#${list?.key ?? ''}-1`,
      `#${blocks[0]?.key ?? ''}`,
      `#${heading?.key ?? ''}`,
    ])
    fakeWx.calls.length = 0
    link('elsewhere')?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls.filter((c) => c.api !== 'setNavigationBarTitle')).toEqual([])
    expect(fakeWx.toasts).toEqual([])
  })

  test('an image the app may not load (http://) leaves a line in the reader’s language, with its description', async () => {
    const html =
      '<p>The new terminal:</p><p><img src="http://insecure.example/terminal.jpg" alt="The Nansha terminal at night"></p><p><img src="http://insecure.example/b.jpg"></p><p><img src="javascript:alert(1)"></p>'
    serveArticle({ id: 'insecure', title: 'Insecure', content_html: html })
    const { page } = await open('insecure')
    expect(texts(page, '.bc-article__missing-text')).toEqual([
      'A picture cannot be shown here (it is not served securely): The Nansha terminal at night',
      'A picture cannot be shown here (it is not served securely).',
    ])
    expect(page.querySelectorAll('.bc-article__image, .bc-article__framed')).toHaveLength(0)
    fakeWx.language = 'zh_CN'
    const zh = await open('insecure')
    expect(texts(zh.page, '.bc-article__missing-text')[0]).toBe(
      '此处的图片无法显示（未通过安全连接提供）：The Nansha terminal at night',
    )
  })

  test('copies official-account links where the base library cannot open them', async () => {
    fakeWx.sdkVersion = '3.0.0'
    serveArticle({
      id: 'old',
      title: 'Old client',
      content_html: '<p>x</p>',
      _bcecc: { official_account_url: 'https://mp.weixin.qq.com/s/xyz' },
    })
    const { page } = await open('old')
    tap(page, '#official-account')
    await settle()
    expect(fakeWx.calls).toContainEqual({
      api: 'setClipboardData',
      options: { data: 'https://mp.weixin.qq.com/s/xyz' },
    })
  })

  test('shows the cover above the title, its space kept when the feed gives its size; a tap opens it first', async () => {
    serveArticle({
      id: 'covered',
      title: 'Covered',
      image: 'https://cdn.example.com/cover-750.jpg',
      content_html: '<p><img src="https://cdn.example.com/inside.jpg"></p>',
      _bcecc: { image_width: 750, image_height: 500 },
    })
    const { page } = await open('covered')
    const cover = page.querySelector('.bc-article__cover')
    expect(cover?.dom?.getAttribute('style')).toMatch(/padding-top:\s*66\.67%/)
    tap(page, '.bc-article__cover .bc-article__framed')
    await settle()
    expect(fakeWx.calls.find((c) => c.api === 'previewImage')?.options).toEqual({
      current: 'https://cdn.example.com/cover-750.jpg',
      urls: ['https://cdn.example.com/cover-750.jpg', 'https://cdn.example.com/inside.jpg'],
    })
    // Without a size it takes its own height; without an image there is no cover at all.
    serveArticle({
      id: 'unsized',
      title: 'Unsized',
      image: 'https://cdn.example.com/c.jpg',
      content_html: '<p>x</p>',
    })
    const unsized = await open('unsized')
    expect(unsized.page.querySelector('.bc-article__cover')?.dom?.getAttribute('style') ?? '').not.toMatch(
      /padding/,
    )
    expect(unsized.page.querySelectorAll('.bc-article__cover-image')).toHaveLength(1)
    serveArticle({ id: 'plain', title: 'Plain', content_html: '<p>x</p>' })
    expect((await open('plain')).page.querySelectorAll('.bc-article__cover')).toHaveLength(0)
  })

  test('keeps the space of an image that gives its size before it loads, and lets others size themselves', async () => {
    serveArticle({
      id: 'sized',
      title: 'Sized',
      content_html:
        '<p><img src="https://cdn.example.com/a.jpg" width="750" height="500"></p><p><img src="https://cdn.example.com/b.jpg" width="0" height="9"></p>',
    })
    const { page } = await open('sized')
    const frames = page.querySelectorAll('.bc-article__frame')
    expect(frames).toHaveLength(1)
    expect(frames[0]?.dom?.getAttribute('style')).toMatch(/padding-top:\s*66\.67%/)
    expect(page.querySelectorAll('.bc-article__framed')).toHaveLength(1)
    // A size that makes no sense is ignored: the image takes its own height when it arrives.
    expect(page.querySelectorAll('.bc-article__image')).toHaveLength(1)
  })

  test('previews every image of the article from the one tapped', async () => {
    serveArticle({
      id: 'pics',
      title: 'Pictures',
      content_html:
        '<p><img src="https://cdn.example.com/a.png"></p><figure><img src="/b.png" alt="B"></figure>',
    })
    const { page } = await open('pics')
    page.querySelectorAll('.bc-article__image')[1]?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls).toContainEqual({
      api: 'previewImage',
      options: {
        current: 'http://127.0.0.1:8080/b.png',
        urls: ['https://cdn.example.com/a.png', 'http://127.0.0.1:8080/b.png'],
      },
    })
  })

  test('shares to chats and to Moments with a deep link by id', async () => {
    const { page } = await open('climate-tech-zh')
    expect(call(page, 'onShareAppMessage')).toEqual({
      title: '气候科技：风能、太阳能、地热与电池',
      path: '/pages/article/index?id=climate-tech-zh',
    })
    expect(call(page, 'onShareTimeline')).toEqual({
      title: '气候科技：风能、太阳能、地热与电池',
      query: 'id=climate-tech-zh',
    })
  })

  test('in Moments’ single-page mode, offers no navigation', async () => {
    fakeWx.launchScene = 1154
    serveArticle({
      id: 'single',
      title: 'S',
      content_html: '<p><a href="bcecc:article/health-tech-en">internal</a></p>',
      _bcecc: { translations: { zh: 'health-tech-zh' } },
    })
    const { page } = await open('single')
    expect(page.data.translationId).toBe('')
    page.querySelector('.bc-run--link')?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls.map((c) => c.api)).not.toContain('navigateTo')
  })

  test('draws a very long article a part at a time, within the setData and node budgets', async () => {
    const html = Array.from(
      { length: 600 },
      (_, i) => `<p>Paragraph ${i} with <em>some</em> words.</p>`,
    ).join('')
    serveArticle({ id: 'long', title: 'Long', content_html: html })
    const { page, log } = await open('long')
    expect(page.data.blocks).toHaveLength(40)
    expect(nodeCount(page)).toBeLessThan(1000)
    log.mark()
    call(page, 'onReachBottom')
    await settle()
    expect(page.data.blocks).toHaveLength(80)
    expect(log.sinceMark()).toHaveLength(1)
    expect(log.paths[log.paths.length - 1]).toEqual(
      expect.arrayContaining(['blocks[40]', 'blocks[79]', 'hasMoreBlocks']),
    )
    expect(Math.max(...log.calls)).toBeLessThanOrEqual(SETDATA_BUDGET_BYTES)
  })
})

describe('article page offline', () => {
  test('offers a retry when the article cannot be fetched, and shows it when it can', async () => {
    fakeWx.routes.set(`${CONTENT_BASE}articles/later.json`, () => ({ fail: 'request:fail -101' }))
    const { page } = await open('later')
    expect(page.data.state).toBe('error')
    expect(texts(page, '.bc-article__status')[0]).toContain('No connection')
    serveArticle({ id: 'later', title: 'Back online', content_text: 'Hello' })
    tap(page, '#retry')
    await settle()
    expect(texts(page, '.bc-article__title')).toEqual(['Back online'])
  })
})
