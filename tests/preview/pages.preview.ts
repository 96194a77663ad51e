// Renders every page in its main states, in English and Chinese, light and dark, to HTML files under
// preview/html/ (scripts/preview.ts turns them into pictures). Run by npm run preview, not by npm test.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEVELOPMENT_FEED_URL } from '../../miniprogram/core/config'
import { KEYS } from '../../miniprogram/services/storage'
import { parseFeedPage } from '../../miniprogram/core/feed'
import { markArticleGone, saveArticle } from '../../miniprogram/services/saved-articles'
import { realNow, setNow } from '../setup/clock'
import { APP_ROOT, openPage, settle, type AnyPage } from '../setup/simulate'
import { compileWxss, toBrowserCss } from './setup'

const ROOT = join(__dirname, '..', '..')
const OUT = process.env.BCECC_PREVIEW_HTML ?? join(ROOT, 'preview', 'html')
/** The endpoint to draw: the sample compiled from content/, or (content preview <slug>) a build with drafts. */
const ENDPOINT = process.env.BCECC_PREVIEW_ENDPOINT ?? join(ROOT, '.cache', 'sample')
/** content preview <slug>: only that article and its News card, light. */
const ARTICLE = process.env.BCECC_PREVIEW_ARTICLE
const BASE = DEVELOPMENT_FEED_URL.replace('feed.json', '')
const json = (name: string): unknown => JSON.parse(readFileSync(join(ENDPOINT, name), 'utf8'))
const feed = json('feed.json')
const events = json('events.json')
const office = json('office.json')

// Lets a scenario take away the bundled snapshot, as if the app had shipped without one.
let noSnapshot = false
jest.mock('../../miniprogram/generated/snapshot', () => {
  const actual = jest.requireActual<{ SNAPSHOT: { feed: unknown; office: unknown } }>(
    '../../miniprogram/generated/snapshot',
  )
  return {
    get SNAPSHOT() {
      return noSnapshot ? { ...actual.SNAPSHOT, feed: { items: 'none' }, office: {} } : actual.SNAPSHOT
    },
  }
})

interface Scenario {
  name: string
  path: string
  query?: Record<string, string> | ((language: 'en' | 'zh') => Record<string, string>)
  /** Light only (an editor's preview); light and dark otherwise. */
  lightOnly?: boolean
  tab?: number
  /** "Now" for the page (ISO); the real time when absent. */
  now?: string
  setup(): void
  after?(page: AnyPage): Promise<void>
}

const serveAll = (): void => {
  fakeWx.serveJson(DEVELOPMENT_FEED_URL, feed)
  fakeWx.serveJson(`${BASE}events.json`, events)
  fakeWx.serveJson(`${BASE}office.json`, office)
  // Every article as its own document, as the endpoint publishes them (an article opens from it).
  for (const item of (feed as { items: Array<{ id: string }> }).items)
    fakeWx.serveJson(`${BASE}articles/${item.id}.json`, {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'BCECC',
      items: [item],
    })
  // A previewed build also has one document per article and per event (deep links read them).
  for (const folder of ['articles', 'events']) {
    const dir = join(ENDPOINT, folder)
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')))
      fakeWx.serveJson(`${BASE}${folder}/${name}`, JSON.parse(readFileSync(join(dir, name), 'utf8')))
  }
}
const offline = (): void => {
  for (const url of [DEVELOPMENT_FEED_URL, `${BASE}events.json`, `${BASE}office.json`])
    fakeWx.routes.set(url, () => ({ fail: 'request:fail -101' }))
}
const cached = (key: string, url: string, body: unknown): void => {
  const at = Date.UTC(2026, 10, 29, 1, 5)
  fakeWx.storage.set(key, JSON.stringify({ v: 1, at, data: { url, body, fetchedAt: at, checkedAt: at } }))
}

const MARCH_2022 = '2022-03-15T04:00:00Z'
/** A weekly breakfast since 2019 (one week skipped) and a yearly day since 1900: occurrences, not 1900. */
const RECURRING = [
  {
    '@type': 'Event',
    uid: 'members-breakfast',
    updated: '2026-01-01T00:00:00Z',
    title: 'Members’ breakfast',
    localizations: { zh: { title: '会员早餐会' } },
    start: '2019-01-07T08:00:00',
    duration: 'PT1H30M',
    timeZone: 'Asia/Shanghai',
    keywords: { digital: true, matchmaking: true },
    locations: { gz: { '@type': 'Location', name: 'Guangzhou' } },
    recurrenceRules: [{ '@type': 'RecurrenceRule', frequency: 'weekly' }],
    recurrenceOverrides: { '2026-12-14T08:00:00': { excluded: true } },
  },
  {
    '@type': 'Event',
    uid: 'founding-day',
    updated: '2026-01-01T00:00:00Z',
    title: 'Chamber founding day',
    localizations: { zh: { title: '商会成立日' } },
    start: '1900-12-20T00:00:00',
    showWithoutTime: true,
    duration: 'P1D',
    timeZone: 'Asia/Shanghai',
    recurrenceRules: [{ '@type': 'RecurrenceRule', frequency: 'yearly' }],
  },
]

/** The article `slug` in the reader's language when it is written in it, else in the other one. */
function articleScenarios(slug: string): Scenario[] {
  const items = (feed as { items: Array<{ id: string }> }).items
  const ids = new Set(items.map((i) => i.id))
  const idFor = (language: 'en' | 'zh'): string =>
    ids.has(`${slug}-${language}`) ? `${slug}-${language}` : `${slug}-${language === 'en' ? 'zh' : 'en'}`
  const own = {
    ...(feed as Record<string, unknown>),
    items: items.filter((i) => i.id.startsWith(`${slug}-`)),
  }
  return [
    {
      name: `article-${slug}`,
      path: 'pages/article/index',
      query: (l) => ({ id: idFor(l) }),
      lightOnly: true,
      // The sources as they are now (their feed, as a reader who opened News has it), not the app's snapshot.
      setup: () => {
        noSnapshot = true
        serveAll()
        cached(KEYS.feed, DEVELOPMENT_FEED_URL, feed)
        cached(KEYS.office, `${BASE}office.json`, office)
      },
    },
    {
      name: `card-${slug}`,
      path: 'pages/news/index',
      tab: 0,
      lightOnly: true,
      setup: () => {
        noSnapshot = true
        serveAll()
        fakeWx.serveJson(DEVELOPMENT_FEED_URL, own)
      },
    },
  ]
}

const SCENARIOS: Scenario[] = ARTICLE
  ? articleScenarios(ARTICLE)
  : [
      { name: 'news-ready', path: 'pages/news/index', tab: 0, setup: serveAll },
      {
        name: 'news-offline-cache',
        path: 'pages/news/index',
        tab: 0,
        setup: () => {
          offline()
          cached(KEYS.feed, DEVELOPMENT_FEED_URL, feed)
        },
      },
      {
        name: 'news-empty',
        path: 'pages/news/index',
        tab: 0,
        setup: () => {
          noSnapshot = true
          fakeWx.serveJson(DEVELOPMENT_FEED_URL, {
            version: 'https://jsonfeed.org/version/1.1',
            title: 'BCECC',
            items: [],
          })
        },
      },
      {
        name: 'news-error',
        path: 'pages/news/index',
        tab: 0,
        setup: () => {
          noSnapshot = true
          offline()
        },
      },
      {
        name: 'news-health',
        path: 'pages/news/index',
        tab: 0,
        setup: serveAll,
        after: async (page) => {
          page.querySelectorAll('.bc-filter__chip')[3]?.dispatchEvent('tap')
          await settle()
        },
      },
      { name: 'events-today', path: 'pages/events/index', tab: 1, setup: serveAll },
      { name: 'events-march-2022', path: 'pages/events/index', tab: 1, now: MARCH_2022, setup: serveAll },
      {
        name: 'events-recurring',
        path: 'pages/events/index',
        tab: 1,
        now: '2026-12-02T04:00:00Z',
        setup: () => {
          serveAll()
          fakeWx.serveJson(`${BASE}events.json`, { ...(events as object), entries: RECURRING })
        },
      },
      {
        name: 'event-recurring',
        path: 'pages/event/index',
        query: { uid: 'members-breakfast', at: '2026-12-21T08%3A00%3A00' },
        now: '2026-12-02T04:00:00Z',
        setup: () => {
          serveAll()
          fakeWx.serveJson(`${BASE}events/members-breakfast.json`, RECURRING[0])
        },
      },
      {
        name: 'events-day-march-2022',
        path: 'pages/events/index',
        tab: 1,
        now: MARCH_2022,
        setup: serveAll,
        after: async (page) => {
          const days = Array.from(page.querySelectorAll('.bc-cal__day'))
          days.find((cell) => cell.dom?.querySelector('wx-text')?.textContent === '8')?.dispatchEvent('tap')
          await settle()
        },
      },
      {
        name: 'event-cmef-march-2022',
        path: 'pages/event/index',
        query: { uid: 'cmef-2022' },
        now: MARCH_2022,
        setup: serveAll,
      },
      {
        name: 'event-mission',
        path: 'pages/event/index',
        query: { uid: 'flanders-health-mission' },
        setup: serveAll,
      },
      {
        name: 'saved-march-2022',
        path: 'pages/saved/index',
        tab: 2,
        now: MARCH_2022,
        setup: () => {
          serveAll()
          const entries = ['chinabio-2022', 'biocentury-2022', 'flanders-health-mission'].map((uid, i) => ({
            uid,
            savedAt: i,
            snapshot: (events as { entries: Array<{ uid: string }> }).entries.find((e) => e.uid === uid),
          }))
          fakeWx.storage.set(KEYS.saved, JSON.stringify({ v: 2, at: 1, data: { entries } }))
        },
      },
      { name: 'saved-empty', path: 'pages/saved/index', tab: 2, setup: serveAll },
      {
        name: 'saved-articles',
        path: 'pages/saved/index',
        tab: 2,
        setup: () => {
          serveAll()
          const articles = parseFeedPage(feed, DEVELOPMENT_FEED_URL).articles
          for (const id of ['five-year-plan-en', 'climate-tech-zh', 'health-tech-en']) {
            const article = articles.find((a) => a.id === id)
            if (article) saveArticle(article)
          }
          markArticleGone('five-year-plan-en', true)
        },
      },
      {
        name: 'article-saved-copy',
        path: 'pages/article/index',
        query: { id: 'breaking' },
        setup: () => {
          serveAll()
          const [first] = parseFeedPage(feed, DEVELOPMENT_FEED_URL).articles
          if (first) saveArticle({ ...first, id: 'breaking' })
          markArticleGone('breaking', true)
          fakeWx.routes.set(`${BASE}articles/breaking.json`, () => ({ statusCode: 404, data: 'gone' }))
        },
      },
      {
        name: 'events-not-updated',
        path: 'pages/events/index',
        tab: 1,
        now: MARCH_2022,
        setup: () => {
          serveAll()
          fakeWx.routes.set(`${BASE}events.json`, () => ({ statusCode: 503, data: 'busy' }))
        },
      },
      { name: 'office-ready', path: 'pages/office/index', tab: 3, setup: serveAll },
      {
        name: 'office-offline-cache',
        path: 'pages/office/index',
        tab: 3,
        setup: () => {
          offline()
          cached(KEYS.office, `${BASE}office.json`, office)
        },
      },
      {
        name: 'office-error',
        path: 'pages/office/index',
        tab: 3,
        setup: () => {
          noSnapshot = true
          offline()
        },
      },
      {
        name: 'article-ready',
        path: 'pages/article/index',
        query: { id: 'health-tech-en' },
        setup: serveAll,
      },
      {
        name: 'article-table',
        path: 'pages/article/index',
        query: { id: 'guangzhou-office-en' },
        setup: serveAll,
      },
      {
        name: 'article-missing',
        path: 'pages/article/index',
        query: { id: 'no-such-article' },
        setup: serveAll,
      },
    ]

/** Images are native in WeChat and empty boxes in simulate: draw those of the endpoint's folder from its files. */
function drawImages(page: AnyPage): void {
  // simulate keeps no src attribute: article images carry theirs in data-src, card covers come from the cards
  // (drawn in chunks: News keeps its cards in chunks[].items).
  const chunks = (page.data.chunks ?? []) as Array<{ items?: Array<{ cover?: string }> }>
  const covers = chunks.flatMap((chunk) => (chunk.items ?? []).flatMap((c) => (c.cover ? [c.cover] : [])))
  for (const element of Array.from(page.dom?.querySelectorAll('wx-image') ?? [])) {
    const src =
      element.getAttribute('data-src') ??
      (element.classList.contains('main--bc-card__cover') ? covers.shift() : undefined) ??
      ''
    if (!src.startsWith(BASE)) continue
    const file = join(ENDPOINT, ...src.slice(BASE.length).split('/'))
    if (!existsSync(file)) continue
    const style = element.getAttribute('style') ?? ''
    element.setAttribute('style', `${style};background:url("file://${file}") center/cover no-repeat`)
  }
}

const BASE_CSS = `
body { margin: 0; min-height: 100vh; font-family: -apple-system, 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif; -webkit-font-smoothing: antialiased; }
main, wx-view, wx-rich-text, wx-official-account { display: block; }
wx-text { display: inline; white-space: pre-wrap; }
wx-image { display: inline-block; width: 320px; height: 240px; background: repeating-linear-gradient(45deg, #d9dce3 0 6px, #e9ebf0 6px 12px); }
wx-official-account { height: 84px; margin: 0 12px 12px; border-radius: 8px; background: #f2f3f5; }
.bc-preview-nav { position: sticky; top: 0; z-index: 10; height: 64px; display: flex; align-items: flex-end; justify-content: center; padding-bottom: 10px; box-sizing: border-box; font-size: 17px; font-weight: 600; color: var(--bc-nav-text); background: var(--bc-nav-bg); }
.bc-preview-capsule { position: absolute; right: 7px; bottom: 6px; width: 87px; height: 32px; border-radius: 16px; border: 1px solid rgba(128,128,128,.3); box-sizing: border-box; }
body { --bc-nav-bg: #ffffff; --bc-nav-text: #000000; }
body.bc-dark { --bc-nav-bg: #191a1f; --bc-nav-text: #ffffff; }
.bc-preview-tabbar { position: fixed; left: 0; right: 0; bottom: 0; z-index: 10; }
`

function iconFont(): string {
  const less = readFileSync(join(ROOT, 'node_modules', '@vant', 'icons', 'src', 'encode-woff2.less'), 'utf8')
  return less.replace(/@import[^;]+;/g, '')
}

function appCss(): string {
  return compileWxss(toBrowserCss(readFileSync(join(APP_ROOT, 'app.wxss'), 'utf8'), 'main'), {
    prefix: 'main',
  })
}

interface Node {
  type?: string
  text?: string
  name?: string
  attrs?: Record<string, string>
  children?: Node[]
}

/** rich-text is native in WeChat and empty in simulate: draw its nodes (our sanitised ones) as HTML. */
function richText(nodes: Node[]): string {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return nodes
    .map((n) => {
      if (n.type === 'text') return escape(n.text ?? '')
      const attrs = Object.entries(n.attrs ?? {})
        .map(([k, v]) => ` ${k}="${escape(v).replace(/"/g, '&quot;')}"`)
        .join('')
      return `<${n.name ?? 'span'}${attrs}>${richText(n.children ?? [])}</${n.name ?? 'span'}>`
    })
    .join('')
}

function fillRichText(page: AnyPage): void {
  const blocks = (page.data.blocks ?? []) as Array<{ kind: string; nodes?: Node[] }>
  const tables = blocks.filter((b) => b.kind === 'table')
  Array.from(page.dom?.querySelectorAll('wx-rich-text') ?? []).forEach((element, i) => {
    element.innerHTML = richText(tables[i]?.nodes ?? [])
  })
}

function html(page: AnyPage, tabBar: AnyPage | undefined, title: string, dark: boolean): string {
  fillRichText(page)
  const styles = Array.from(document.head.querySelectorAll('style'))
    .map((s) => s.textContent ?? '')
    .concat(appCss())
    .join('\n')
  const themed = dark ? styles.replace(/@media\s*\(prefers-color-scheme:\s*dark\)/g, '@media all') : styles
  const body = [
    `<div class="bc-preview-nav">${title}<span class="bc-preview-capsule"></span></div>`,
    page.dom?.outerHTML ?? '',
    tabBar ? `<div class="bc-preview-tabbar">${tabBar.dom?.outerHTML ?? ''}</div>` : '',
  ].join('\n')
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=375">
<style>${iconFont()}</style><style>${BASE_CSS}</style><style>${themed}</style>
</head><body class="${dark ? 'bc-dark' : ''}">${body}</body></html>`
}

describe('page previews', () => {
  beforeAll(() => mkdirSync(OUT, { recursive: true }))
  afterEach(() => {
    noSnapshot = false
    realNow()
  })

  for (const scenario of SCENARIOS) {
    for (const language of ['en', 'zh'] as const) {
      test(`${scenario.name} ${language}`, async () => {
        for (const dark of scenario.lightOnly ? [false] : [false, true]) {
          fakeWx.reset()
          fakeWx.language = language === 'zh' ? 'zh_CN' : 'en'
          if (scenario.now) setNow(scenario.now)
          else realNow()
          scenario.setup()
          const query =
            typeof scenario.query === 'function' ? scenario.query(language) : (scenario.query ?? {})
          const { page } = await openPage(scenario.path, query)
          await scenario.after?.(page)
          let tabBar: AnyPage | undefined
          if (scenario.tab !== undefined) {
            tabBar = (await openPage('custom-tab-bar/index')).page
            tabBar.setData({ active: scenario.tab })
            await settle()
          }
          const titles = fakeWx.calls
            .filter((c) => c.api === 'setNavigationBarTitle')
            .map((c) => String(c.options.title))
          drawImages(page)
          const file = join(OUT, `${scenario.name}-${language}-${dark ? 'dark' : 'light'}.html`)
          writeFileSync(file, html(page, tabBar, titles[titles.length - 1] ?? 'BCECC', dark))
        }
      })
    }
  }
})
