// The web editor's preview pane (bundled for the browser by server.ts): an article or an event drawn as
// the app draws it, at phone width, in English and in Chinese. It runs the build's own code on what the editor
// typed (the front matter and Markdown through scripts/lib/sources, the event fields through readEvent) and the
// app's own code on the result (the sanitiser, the block renderer, the event view and labels), with the app's WXSS
// turned into CSS. Problems the build would report are shown above the phones.

import { stringify } from 'yaml'
import { parseEvents } from '../miniprogram/core/events'
import { parseFeedPage } from '../miniprogram/core/feed'
import { sanitizeHtml } from '../miniprogram/core/html'
import { installFullDecoder } from '../miniprogram/core/entities'
import { decodeHTML, decodeHTMLAttribute } from 'entities/decode'
import type { UiLanguage } from '../miniprogram/core/localized'
import { toBlocks, type Block, type Run } from '../miniprogram/pages/article/view'
import { articleCard, type ArticleCard } from '../miniprogram/view/article-card'
import { eventView } from '../miniprogram/view/event'
import { formatDay } from '../miniprogram/core/dates'
import { t } from '../miniprogram/core/i18n'
import { parseArticle, renderArticle } from '../scripts/lib/sources/articles'
import { readEvent } from '../scripts/lib/sources/events'
import { SourceFile, formatSourceProblem, type SourceProblem } from '../scripts/lib/sources/fields'

interface ImmutableLike {
  toJS(): unknown
  get(key: string): unknown
  getIn(path: string[]): unknown
}
interface PreviewProps {
  entry: ImmutableLike
  getAsset(path: string): { toString(): string } | undefined
}
type H = (tag: string, props: Record<string, unknown> | null, ...children: unknown[]) => unknown
interface Cms {
  registerPreviewTemplate(name: string, component: unknown): void
  registerPreviewStyle(url: string): void
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const el = (tag: string, cls: string, inner: string, attrs = ''): string =>
  `<wx-${tag} class="${cls}"${attrs}>${inner}</wx-${tag}>`

function runs(list: Run[]): string {
  return list.map((run) => el('text', run.cls, escape(run.text))).join('')
}

/** The article page's blocks, as its WXML draws them. */
function blocksHtml(blocks: Block[], language: UiLanguage): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return el('text', `bc-article__h bc-article__h${block.level}`, runs(block.runs))
        case 'paragraph':
          return el('text', `bc-article__p ${block.quote ? 'bc-article__quote' : ''}`, runs(block.runs))
        case 'list':
          return el(
            'view',
            'bc-article__list',
            block.items
              .map((li) =>
                el(
                  'view',
                  'bc-article__li',
                  el('text', 'bc-article__bullet', escape(li.bullet)) +
                    el('text', 'bc-article__li-text', runs(li.runs)),
                ),
              )
              .join(''),
          )
        case 'image': {
          const image = `<img src="${escape(block.src)}" alt="${escape(block.alt)}" style="width:100%;display:block">`
          return block.ratio
            ? el(
                'view',
                'bc-article__frame',
                image.replace('display:block', 'position:absolute;top:0;left:0;height:100%;object-fit:cover'),
                ` style="padding-top:${block.ratio}%"`,
              )
            : el('view', 'bc-article__image', image)
        }
        case 'table':
          return el('view', 'bc-article__table', tableHtml(block.nodes))
        case 'code':
          return el('text', 'bc-article__code', escape(block.text))
        case 'rule':
          return el('view', 'bc-article__rule', '')
        case 'missing-image':
          return el(
            'view',
            'bc-article__missing-image',
            el(
              'text',
              'bc-article__missing-text',
              escape(
                block.alt
                  ? t('imageNotShownAlt', language, { alt: block.alt })
                  : t('imageNotShown', language),
              ),
            ),
          )
        default:
          return ''
      }
    })
    .join('')
}

type Node = { type?: string; text?: string; name?: string; attrs?: Record<string, string>; children?: Node[] }
function tableHtml(nodes: Node[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'text') return escape(n.text ?? '')
      const style = n.attrs?.style ? ` style="${escape(n.attrs.style)}"` : ''
      const tag = /^(table|thead|tbody|tr|th|td)$/.test(n.name ?? '') ? (n.name as string) : 'span'
      return `<${tag}${style}>${tableHtml(n.children ?? [])}</${tag}>`
    })
    .join('')
}

const phone = (label: string, body: string): string =>
  `<div class="bc-editor-phone"><div class="bc-editor-phone__label">${escape(label)}</div><main class="bc-editor-phone__screen">${body}</main></div>`

function problemsHtml(problems: SourceProblem[]): string {
  if (problems.length === 0) return ''
  return `<ul class="bc-editor-problems">${problems
    .map(
      (p) =>
        `<li class="bc-editor-problems__${p.severity}">${escape(formatSourceProblem(p).replace(/^[^:]*:/, 'line '))}</li>`,
    )
    .join('')}</ul>`
}

/** Text of a field as YAML would hold it: the CMS gives dates as strings already. */
function frontMatter(data: Record<string, unknown>): string {
  const { body: _body, ...fields } = data
  void _body
  const clean = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  )
  return `---\n${stringify(clean)}---\n${typeof data.body === 'string' ? data.body : ''}`
}

/** The editor's folder (/admin/ of npm start, or wherever the hosted editor is served): its files sit next to it. */
const BASE = new URL('.', location.href).href
const FEED = new URL('feed.json', BASE).href

// The article page's full table of character references (the app installs it with its article subpackage).
installFullDecoder({ decodeHTML, decodeHTMLAttribute })

/** What the preview says while an entry lacks what it needs to be drawn (the lines above the phones say what). */
const INCOMPLETE = {
  article: {
    en: 'Not enough to draw the article yet: fill in what the lines above ask for (a title and a date, at least).',
    zh: '内容尚不足以显示文章：请按上方提示填写（至少需要标题和日期）。',
  },
  event: {
    en: 'Not enough to draw the event yet: fill in what the lines above ask for (a title, and a start or "to be announced").',
    zh: '内容尚不足以显示活动：请按上方提示填写（名称，以及开始时间或“待定”）。',
  },
} as const

function articleHtml(
  data: Record<string, unknown>,
  language: UiLanguage,
  props: PreviewProps,
  problems: SourceProblem[],
): string {
  const article = parseArticle(
    'this article',
    frontMatter(data),
    'preview',
    language,
    'Asia/Shanghai',
    problems,
  )
  if (!article) return `<p class="bc-editor-empty">${escape(INCOMPLETE.article[language])}</p>`
  // Links and images are checked by the build against every article and event; here any name is taken.
  const anyName = { has: () => true, get: () => new Set([language]) } as unknown as ReadonlyMap<
    string,
    ReadonlySet<'en' | 'zh'>
  >
  const { item } = renderArticle(article, {
    articles: anyName,
    events: { has: () => true } as unknown as ReadonlySet<string>,
    image: (path) => ({ url: `admin/${path}`, width: 0, height: 0, bytes: 0 }),
  })
  // A picture just chosen is not on disk yet: the editor holds it, by its path in the content folder.
  const shown = (src: string): string => {
    const path = src.startsWith(BASE) ? src.slice(BASE.length) : src
    return props.getAsset(path)?.toString() ?? src
  }
  const safe = sanitizeHtml(String(item.content_html), FEED, { allowHttpImages: true })
  const blocks = toBlocks(safe.nodes).map((block) =>
    block.kind === 'image' ? { ...block, src: shown(block.src) } : block,
  )
  // The app's own reading of the item (feed model) and presentation (News card), as readers see them.
  const [read] = parseFeedPage({ version: 'https://jsonfeed.org/version/1.1', items: [item] }, FEED).articles
  const cover = read?.image ? shown(read.image) : ''
  const published = Date.parse(article.date)
  const domain = article.domain
  const head = [
    domain ? el('text', `bc-tag bc-tag--${domain}`, escape(t(domain, language))) : '',
    el('text', 'bc-article__title', escape(article.title)),
    el(
      'text',
      'bc-article__meta',
      escape(Number.isFinite(published) ? formatDay(published, language, 8 * 60) : ''),
    ),
  ].join('')
  const coverHtml = !cover
    ? ''
    : read?.imageRatio
      ? el(
          'view',
          'bc-article__cover',
          `<img class="bc-article__framed" src="${escape(cover)}" alt="" style="object-fit:cover">`,
          ` style="padding-top:${read.imageRatio}%"`,
        )
      : el('view', 'bc-article__cover', `<img class="bc-article__cover-image" src="${escape(cover)}" alt="">`)
  const card = read ? cardHtml(articleCard(read, language, 8 * 60), cover) : ''
  return (
    el('view', 'bc-editor-label', escape(t('tabNews', language))) +
    el('view', 'bc-news bc-editor-card', card) +
    el(
      'view',
      'bc-page bc-article',
      coverHtml +
        el('view', 'bc-article__head', head) +
        el('view', 'bc-article__body', blocksHtml(blocks, language)),
    )
  )
}

/** A News card, as pages/news/index.wxml draws it. */
function cardHtml(card: ArticleCard, cover: string): string {
  return el(
    'view',
    'bc-card',
    (cover
      ? `<img class="bc-card__cover" src="${escape(cover)}" alt="" style="object-fit:cover;display:block">`
      : '') +
      el(
        'view',
        'bc-card__body',
        (card.domainLabel ? el('text', `bc-tag bc-tag--${card.domain}`, escape(card.domainLabel)) : '') +
          el('text', 'bc-card__title', escape(card.title)) +
          (card.summary ? el('text', 'bc-card__summary', escape(card.summary)) : '') +
          (card.meta ? el('text', 'bc-card__meta', escape(card.meta)) : ''),
      ),
  )
}

function eventHtml(data: Record<string, unknown>, language: UiLanguage, problems: SourceProblem[]): string {
  const file = new SourceFile('this event', stringify(data), problems)
  const fields = file.parseMapping('the event fields')
  const event = fields ? readEvent('preview', fields) : undefined
  if (!event) return `<p class="bc-editor-empty">${escape(INCOMPLETE.event[language])}</p>`
  const [calendarEvent] = parseEvents({ '@type': 'Group', uid: 'preview', entries: [event] }, FEED).events
  if (!calendarEvent) return `<p class="bc-editor-empty">${escape(INCOMPLETE.event[language])}</p>`
  const view = eventView(calendarEvent, language)
  const head = [
    el(
      'view',
      'bc-event__tags',
      [
        ...view.domains.map((d) => el('text', `bc-tag bc-tag--${d.code}`, escape(d.label))),
        ...view.badges.map((b) => el('text', `bc-badge bc-badge--${b.kind}`, escape(b.label))),
      ].join(''),
    ),
    el('text', 'bc-event__title', escape(view.title)),
    view.types ? el('text', 'bc-muted', escape(view.types)) : '',
    el(
      'view',
      'bc-event__when',
      el(
        'view',
        'bc-event__when-text',
        el('text', 'bc-event__date', escape(view.date)) +
          (view.local ? el('text', 'bc-muted', escape(view.local)) : '') +
          (view.repeats ? el('text', 'bc-muted', escape(view.repeats)) : ''),
      ),
    ),
  ].join('')
  const section = (title: string, rows: string[]): string =>
    rows.length > 0
      ? el('view', 'bc-section', el('text', 'bc-section__title', escape(title)) + rows.join(''))
      : ''
  const row = (strong: string, muted: string): string =>
    el(
      'view',
      'bc-event__row',
      el(
        'view',
        'bc-event__row-text',
        el('text', 'bc-event__strong', escape(strong)) + (muted ? el('text', 'bc-muted', escape(muted)) : ''),
      ),
    )
  const keyRow = (key: string, value: string): string =>
    value
      ? el(
          'view',
          'bc-event__row',
          el('text', 'bc-muted bc-event__key', escape(key)) + el('text', '', escape(value)),
        )
      : ''
  const venues = section(
    t('venue', language),
    view.venues.map((v) => row(v.name, v.description)),
  )
  const about = !view.hasAbout
    ? ''
    : el(
        'view',
        'bc-section',
        keyRow(t('attendance', language), view.attendance) +
          keyRow(t('organiser', language), view.organiser) +
          (view.description ? el('text', 'bc-event__description', escape(view.description)) : ''),
      )
  const links = section(
    t('eventLinks', language),
    view.links.map((l) => row(l.title, l.href)),
  )
  return el('view', 'bc-page bc-event', el('view', 'bc-event__head', head) + venues + about + links)
}

/** The article's data in each language: the CMS keeps the other locales under i18n.<locale>.data. */
function localeData(entry: ImmutableLike): Array<{ language: UiLanguage; data: Record<string, unknown> }> {
  const out: Array<{ language: UiLanguage; data: Record<string, unknown> }> = []
  const main = entry.get('data') as ImmutableLike | undefined
  if (main) out.push({ language: 'en', data: main.toJS() as Record<string, unknown> })
  const zh = entry.getIn(['i18n', 'zh', 'data']) as ImmutableLike | undefined
  if (zh) out.push({ language: 'zh', data: zh.toJS() as Record<string, unknown> })
  return out
}

export function register(cms: Cms, h: H, createClass: (spec: Record<string, unknown>) => unknown): void {
  const template = (render: (props: PreviewProps) => string): unknown =>
    createClass({
      render(this: { props: PreviewProps }) {
        return h('div', {
          className: 'bc-editor-preview',
          dangerouslySetInnerHTML: { __html: render(this.props) },
        })
      },
    })
  cms.registerPreviewStyle(new URL('preview.css', BASE).href)
  cms.registerPreviewTemplate(
    'articles',
    template((props) => {
      const problems: SourceProblem[] = []
      const phones = localeData(props.entry).map(({ language, data }) =>
        phone(language === 'en' ? 'English' : '中文', articleHtml(data, language, props, problems)),
      )
      return problemsHtml(problems) + `<div class="bc-editor-phones">${phones.join('')}</div>`
    }),
  )
  cms.registerPreviewTemplate(
    'events',
    template((props) => {
      const problems: SourceProblem[] = []
      const data = (props.entry.get('data') as ImmutableLike).toJS() as Record<string, unknown>
      const phones = (['en', 'zh'] as const).map((language) =>
        phone(
          language === 'en' ? 'English' : '中文',
          eventHtml(data, language, language === 'en' ? problems : []),
        ),
      )
      return problemsHtml(problems) + `<div class="bc-editor-phones">${phones.join('')}</div>`
    }),
  )
}

// Decap CMS puts itself and its preview helpers on window.
const page = window as unknown as {
  CMS?: Cms
  h?: H
  createClass?: (spec: Record<string, unknown>) => unknown
}
if (page.CMS && page.h && page.createClass) register(page.CMS, page.h, page.createClass)
