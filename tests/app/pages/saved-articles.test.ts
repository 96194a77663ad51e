import { call, openPage, settle, tap, texts, type AnyPage } from '../../setup/simulate'

import { CONTENT_BASE, sample } from '../../setup/sample'

const DOCUMENT = `${CONTENT_BASE}articles/breaking.json`
const breaking = {
  id: 'breaking',
  language: 'en',
  title: 'Breaking: a new office in Shenzhen',
  summary: 'FIT opens a second desk in the Greater Bay Area.',
  content_html: '<p>The desk opens in <strong>March</strong>.</p>',
  date_published: '2026-11-30T09:00:00+01:00',
  _bcecc: { domain: 'digital' },
}

const openArticle = async (id: string): Promise<AnyPage> =>
  (await openPage('pages/article/index', { id: encodeURIComponent(id) })).page
const openSaved = async (): Promise<AnyPage> => (await openPage('pages/saved/index')).page
/** Taps the article page's star, and lets the tap land. */
async function save(page: AnyPage): Promise<void> {
  tap(page, '.bc-article__save')
  await settle()
}
/** A restart after WeChat evicted the content caches: only what the reader saved is left. */
function restartWithoutCaches(): void {
  for (const key of [...fakeWx.storage.keys()]) if (key.startsWith('cache:')) fakeWx.storage.delete(key)
}

beforeEach(() => {
  // Every article as its own document, as the endpoint publishes them (the bundled snapshot has the cards only).
  for (const item of [breaking, ...sample<{ items: Array<{ id: string }> }>('feed').items])
    fakeWx.serveJson(`${CONTENT_BASE}articles/${item.id}.json`, {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'BCECC',
      items: [item],
    })
})

describe('saved articles', () => {
  test('saved from the article page, listed in Saved, read from there', async () => {
    const page = await openArticle('breaking')
    expect(texts(page, '.bc-article__save')).toEqual(['Save'])
    tap(page, '.bc-article__save')
    await settle()
    expect(texts(page, '.bc-article__save')).toEqual(['Saved'])
    expect(fakeWx.toasts).toEqual(['Saved: find it in Saved, also offline'])
    const saved = await openSaved()
    // Nothing but an article is saved: the tab opens on articles.
    expect(texts(saved, '.bc-saved__segment')).toEqual(['Events', 'Articles · 1'])
    expect(texts(saved, '.bc-saved__article-title')).toEqual([breaking.title])
    expect(texts(saved, '.bc-saved__article-meta')).toEqual(['30 Nov 2026'])
    saved.querySelector('.bc-saved__article')?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls).toContainEqual({
      api: 'navigateTo',
      options: { url: '/pages/article/index?id=breaking' },
    })
  })

  test('reads offline after the cache is evicted, saying it is the saved copy', async () => {
    await save(await openArticle('breaking'))
    restartWithoutCaches()
    fakeWx.routes.set(DOCUMENT, () => ({ fail: 'request:fail offline' }))
    const page = await openArticle('breaking')
    expect(page.data.state).toBe('ready')
    expect(texts(page, '.bc-article__title')).toEqual([breaking.title])
    expect(texts(page, '.bc-article__p')).toEqual(['The desk opens in March.'])
    expect(texts(page, '.bc-stale')).toEqual(['Your saved copy: the latest version could not be loaded'])
  })

  test('on a slow network, shows the saved copy at once while the endpoint is asked', async () => {
    await save(await openArticle('breaking'))
    restartWithoutCaches()
    fakeWx.routes.set(DOCUMENT, () => 'hang')
    const page = await openArticle('breaking')
    expect(fakeWx.requests.map((r) => r.url)).toContain(DOCUMENT)
    expect(page.data.state).toBe('ready')
    expect(texts(page, '.bc-article__title')).toEqual([breaking.title])
    expect(texts(page, '.bc-stale')).toEqual([])
  })

  test('kept when the endpoint no longer publishes it, and marked so in both places', async () => {
    await save(await openArticle('breaking'))
    restartWithoutCaches()
    fakeWx.routes.set(DOCUMENT, () => ({ statusCode: 404, data: 'Not Found' }))
    const page = await openArticle('breaking')
    expect(texts(page, '.bc-article__title')).toEqual([breaking.title])
    expect(texts(page, '.bc-stale')).toEqual(['No longer published: shown as you saved it'])
    const saved = await openSaved()
    expect(texts(saved, '.bc-saved__notice')).toEqual(['No longer published: shown as you saved it'])
    // Published again: the mark goes.
    fakeWx.serveJson(DOCUMENT, {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'BCECC',
      items: [breaking],
    })
    restartWithoutCaches()
    await openArticle('breaking')
    expect(texts(await openSaved(), '.bc-saved__notice')).toEqual([])
  })

  test('removed from Saved with undo, and unsaved from the article page', async () => {
    await save(await openArticle('breaking'))
    await save(await openArticle('health-tech-en'))
    const saved = await openSaved()
    expect(texts(saved, '.bc-saved__article-title')).toHaveLength(2)
    saved.querySelectorAll('.bc-saved__action--remove')[0]?.dispatchEvent('tap')
    await settle()
    expect(texts(saved, '.bc-saved__article-title')).toHaveLength(1)
    expect(texts(saved, '.bc-saved__undo-text')).toEqual(['Removed from Saved'])
    tap(saved, '.bc-saved__undo-action')
    await settle()
    expect(texts(saved, '.bc-saved__article-title')).toHaveLength(2)
    const page = await openArticle('breaking')
    tap(page, '.bc-article__save')
    await settle()
    expect(texts(page, '.bc-article__save')).toEqual(['Save'])
    const after = await openSaved()
    expect(texts(after, '.bc-saved__article-title')).toEqual([
      'Health Tech: licensing deals and clinical trials',
    ])
  })

  test('switches between saved events and saved articles, each with its own empty state', async () => {
    const saved = await openSaved()
    expect(texts(saved, '.bc-saved__status')[0]).toContain('No saved events yet')
    call(saved, 'onSegment', { currentTarget: { dataset: { key: 'articles' } } })
    await settle()
    expect(texts(saved, '.bc-saved__status')[0]).toContain('No saved articles yet')
    tap(saved, '#browse-news')
    await settle()
    expect(fakeWx.calls).toContainEqual({ api: 'switchTab', options: { url: '/pages/news/index' } })
  })
})
