// Articles as editors write them: content/articles/<slug>/index.en.md and index.zh.md, YAML front matter and a
// CommonMark body (tables included). Read in two steps: parse every file (front matter, Markdown tokens, the links and
// images it uses), then, once every slug, event and image is known, render each to a JSON Feed item.
//
// Why markdown-it: CommonMark with GFM tables built in, synchronous, a token stream with line numbers for messages,
// and raw HTML can be switched off (editors write Markdown; the app sanitises the HTML again anyway).

import MarkdownIt from 'markdown-it'
import { DOMAINS, type Domain } from '../../../miniprogram/core/format'
import { SourceFile, type Fields, type Language, type SourceProblem } from './fields'
import { parseWhen, toRfc3339 } from './when'

export const ARTICLE_FIELDS = [
  'title',
  'date',
  'updated',
  'summary',
  'domain',
  'tags',
  'image',
  'image_alt',
  'events',
  'official_account_url',
  'author',
  'draft',
] as const

/** Slugs name folders and, with the language, the article's id and document: lower-case words and hyphens. */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false })

interface Use {
  /** 1-based line and column in the file. */
  line: number
  column: number
  target: string
}

export interface ArticleSource {
  slug: string
  language: Language
  id: string
  file: SourceFile
  title: string
  date: string
  updated?: string
  summary?: string
  domain?: Domain
  tags: string[]
  image?: Use
  imageAlt?: string
  events: Use[]
  officialAccountUrl?: string
  author?: string
  draft: boolean
  tokens: MarkdownIt.Token[]
  links: Use[]
  images: Use[]
}

/** A summary as plain text: elements (with a script's or style's content) and stray angle brackets taken out. */
export function plainSummary(text: string): string {
  return text
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, '')
    .replace(/<\/?[A-Za-z!?][^<>]*>?/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Splits `---` front matter from the body; undefined when the file has none. */
export function splitFrontMatter(text: string): { head: string; body: string; bodyLine: number } | undefined {
  const lines = text.split(/\r?\n/)
  if (lines[0]?.trim() !== '---') return undefined
  const end = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'))
  if (end < 0) return undefined
  return { head: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 }
}

/** Parses one article file; undefined (with its problems reported) when it cannot be read as an article. */
export function parseArticle(
  name: string,
  text: string,
  slug: string,
  language: Language,
  timeZone: string,
  sink: SourceProblem[],
): ArticleSource | undefined {
  const whole = new SourceFile(name, text, sink)
  const parts = splitFrontMatter(text)
  if (!parts) {
    whole.reportAtLine(
      'error',
      1,
      1,
      'has no front matter; expected the file to start with a line ---, the fields (title:, date:, …), and another line ---',
    )
    return undefined
  }
  const head = new SourceFile(name, parts.head, sink, 1)
  const fields = head.parseMapping('the article fields: title:, date:, summary:, …')
  if (!fields) return undefined
  fields.only(ARTICLE_FIELDS)

  const title = fields.text('title', 'the title readers see', true)
  const date = readDate(fields, 'date', timeZone, true)
  const updated = readDate(fields, 'updated', timeZone, false)
  const officialAccountUrl = fields.text('official_account_url', 'an https://mp.weixin.qq.com/s/… address')
  if (officialAccountUrl !== undefined && !/^https:\/\/mp\.weixin\.qq\.com\//.test(officialAccountUrl))
    fields.wrong(
      'official_account_url',
      'the article in the official account, an https://mp.weixin.qq.com/s/… address',
    )
  const draft = fields.bool('draft') ?? false
  const image = fields.text('image', 'an image in content/images, such as images/cover.jpg')
  const events = fields.texts(
    'events',
    'the uid of an event (the name of its file in content/events, without .yaml)',
  )
  const eventsNode = fields.at('events')

  const bodyLines = parts.body.split('\n')
  const tokens = md.parse(parts.body, {})
  const links: Use[] = []
  const images: Use[] = []
  for (const block of tokens) {
    if (block.type !== 'inline' || !block.children) continue
    const firstLine = block.map?.[0] ?? 0
    const lastLine = block.map?.[1] ?? firstLine + 1
    const place = (raw: string): { line: number; column: number } => {
      for (let i = firstLine; i < lastLine; i++) {
        const column = bodyLines[i]?.indexOf(raw) ?? -1
        if (column >= 0) return { line: parts.bodyLine + i, column: column + 1 }
      }
      return { line: parts.bodyLine + firstLine, column: 1 }
    }
    for (const child of block.children) {
      if (child.type === 'link_open') {
        const href = String(child.attrGet('href') ?? '')
        links.push({ ...place(href), target: href })
      } else if (child.type === 'image') {
        const src = String(child.attrGet('src') ?? '')
        images.push({ ...place(src), target: src })
      }
    }
  }
  const at = (node: ReturnType<Fields['at']>): { line: number; column: number } => head.position(node)

  if (title === undefined || date === undefined) return undefined
  return {
    slug,
    language,
    id: `${slug}-${language}`,
    file: whole,
    title,
    date,
    ...(updated !== undefined ? { updated } : {}),
    ...optional('summary', fields.text('summary', 'one or two sentences for the News card')),
    ...optional('domain', fields.choice('domain', DOMAINS)),
    tags: fields.texts('tags', 'a tag such as Partnership'),
    ...(image !== undefined ? { image: { ...at(fields.at('image')), target: image } } : {}),
    ...optional('imageAlt', fields.text('image_alt', 'a short description of the image')),
    events: events.map((uid) => ({ ...at(eventsNode), target: uid })),
    ...(officialAccountUrl !== undefined && /^https:\/\/mp\.weixin\.qq\.com\//.test(officialAccountUrl)
      ? { officialAccountUrl }
      : {}),
    ...optional('author', fields.text('author', 'the name of the author')),
    draft,
    tokens,
    links,
    images,
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

function readDate(fields: Fields, name: string, timeZone: string, required: boolean): string | undefined {
  const expected = `a date such as 2022-01-17 (read as noon), or a date and time such as 2022-01-17 09:00 (read in ${timeZone}) or 2022-01-17T09:00:00+01:00`
  const text = fields.text(name, expected, required)
  if (text === undefined) return undefined
  const when = parseWhen(text)
  if (!when || when.kind === 'time' || when.kind === 'month') {
    fields.file.report(
      'error',
      fields.at(name),
      `${name} is "${text}", which is not a real date; expected ${expected}`,
    )
    return undefined
  }
  // A date without a time is read as noon there: the same day for readers in China and in Europe.
  return toRfc3339(when.kind === 'date' ? { ...when, local: { ...when.local, hour: 12 } } : when, timeZone)
}

export interface RenderContext {
  /** slug → the languages it is written in (drafts left out). */
  articles: ReadonlyMap<string, ReadonlySet<Language>>
  events: ReadonlySet<string>
  /**
   * An image of content/images by its path there (images/…), as published; undefined when there is none, 'failed'
   * when it is there but could not be read (that is reported at the image).
   */
  image(
    path: string,
    large?: boolean,
  ): { url: string; width: number; height: number; bytes: number; large?: string } | 'failed' | undefined
}

/** The path in content/ an article's image reference names (images/…), or undefined for an outside address. */
export function localImagePath(src: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return undefined
  const parts = src.split(/[?#]/)[0]?.split('/') ?? []
  const clean = parts.filter((p) => p !== '' && p !== '.' && p !== '..')
  return clean.join('/')
}

/** Where an article link goes: bcecc:article/<id> for article:<slug>, bcecc:event/<uid> for event:<uid>. */
function rewriteLink(article: ArticleSource, use: Use, ctx: RenderContext): string | undefined {
  const report = (message: string): undefined => {
    article.file.reportAtLine('error', use.line, use.column, message)
    return undefined
  }
  const target = use.target
  const internal = /^(article|event):(.*)$/i.exec(target)
  if (internal) {
    const [, kind, name = ''] = internal
    if (kind?.toLowerCase() === 'event') {
      if (ctx.events.has(name)) return `bcecc:event/${name}`
      return report(
        `links to event:${name}, which is not an event; expected the uid of a file in content/events`,
      )
    }
    const slug = name.replace(/-(en|zh)$/, (suffix) => (ctx.articles.has(name) ? suffix : ''))
    const languages = ctx.articles.get(slug)
    if (!languages)
      return report(
        `links to article:${name}, which is not an article; expected the slug of a folder in content/articles`,
      )
    const language = languages.has(article.language) ? article.language : [...languages][0]
    return `bcecc:article/${slug}-${language ?? article.language}`
  }
  if (/^(https?|mailto|tel):/i.test(target)) return target
  if (target.startsWith('#'))
    return report(
      `links to ${target}; expected a full address (https://…), article:<slug> or event:<uid> (the app has no anchors)`,
    )
  return report(
    `links to ${target}, which readers cannot open; expected a full address (https://…), article:<slug> or event:<uid>`,
  )
}

export interface RenderedArticle {
  item: Record<string, unknown>
  /** Bytes of the images a reader downloads to read the article (the card's and the body's). */
  imageBytes: number
}

/** The item's `_bcecc` fields: domain, the other language's id, the official-account version, events, cover size. */
function extensionOf(
  article: ArticleSource,
  ctx: RenderContext,
  cover: { width?: number; height?: number } | undefined,
): Record<string, unknown> {
  const languages = ctx.articles.get(article.slug)
  const other = [...(languages ?? [])].filter((l) => l !== article.language)
  const extension: Record<string, unknown> = {}
  if (article.domain) extension.domain = article.domain
  if (other.length > 0)
    extension.translations = Object.fromEntries(other.map((l) => [l, `${article.slug}-${l}`]))
  if (article.officialAccountUrl) extension.official_account_url = article.officialAccountUrl
  const related = article.events.map((e) => e.target).filter((uid) => ctx.events.has(uid))
  if (related.length > 0) extension.related_events = related
  if (cover?.width !== undefined && cover.height !== undefined) {
    extension.image_width = cover.width
    extension.image_height = cover.height
  }
  return extension
}

export function renderArticle(article: ArticleSource, ctx: RenderContext): RenderedArticle {
  let imageBytes = 0
  const counted = new Set<string>()
  const count = (url: string, bytes: number): void => {
    if (!counted.has(url)) imageBytes += bytes
    counted.add(url)
  }
  const resolveImage = (
    use: Use,
    large = false,
  ): { url: string; width?: number; height?: number; large?: string } | undefined => {
    const src = use.target
    if (/^https:\/\//i.test(src)) return { url: src }
    if (/^http:\/\//i.test(src)) {
      article.file.reportAtLine(
        'warning',
        use.line,
        use.column,
        `image ${src} is on http; expected https (WeChat does not load http images), or put it in content/images`,
      )
      return { url: src }
    }
    const path = localImagePath(src)
    const image = path === undefined ? undefined : ctx.image(path, large)
    if (image === 'failed') return undefined
    if (!image) {
      article.file.reportAtLine(
        'error',
        use.line,
        use.column,
        `image ${src} was not found; expected a file in content/images, such as images/photo.jpg (names are case-sensitive)`,
      )
      return undefined
    }
    count(image.url, image.bytes)
    return image
  }

  let linkIndex = 0
  let imageIndex = 0
  for (const block of article.tokens) {
    for (const child of block.children ?? []) {
      if (child.type === 'link_open') {
        const use = article.links[linkIndex++]
        const href = use && rewriteLink(article, use, ctx)
        if (href === undefined) child.attrSet('href', '')
        else child.attrSet('href', href)
      } else if (child.type === 'image') {
        const use = article.images[imageIndex++]
        const image = use && resolveImage(use)
        child.attrSet('src', image?.url ?? '')
        if (image?.width !== undefined && image.height !== undefined) {
          child.attrSet('width', String(image.width))
          child.attrSet('height', String(image.height))
        }
      }
    }
  }
  // markdown-it ends each block with a newline; between tags it is noise (inside code, < and > are escaped).
  const html = md.renderer.render(article.tokens, md.options, {}).trim().replace(/>\n+</g, '><')

  for (const use of article.events) {
    if (!ctx.events.has(use.target))
      article.file.reportAtLine(
        'error',
        use.line,
        use.column,
        `events lists ${use.target}, which is not an event; expected the uid of a file in content/events`,
      )
  }
  // The cover: the phone-sized image for the card and the page, the larger one as the banner.
  const cover = article.image ? resolveImage(article.image, true) : undefined
  const extension = extensionOf(article, ctx, cover)
  const item: Record<string, unknown> = {
    id: article.id,
    language: article.language,
    title: article.title,
    // Plain text, as JSON Feed says: tags an editor typed (or pasted) are taken out, so that no reader of the feed
    // that shows it as HTML runs them.
    ...(article.summary !== undefined ? { summary: plainSummary(article.summary) } : {}),
    content_html: html,
    ...(cover ? { image: cover.url } : {}),
    ...(cover?.large ? { banner_image: cover.large } : {}),
    date_published: article.date,
    ...(article.updated !== undefined ? { date_modified: article.updated } : {}),
    ...(article.author !== undefined ? { authors: [{ name: article.author }] } : {}),
    ...(article.tags.length > 0 ? { tags: article.tags } : {}),
    ...(Object.keys(extension).length > 0 ? { _bcecc: extension } : {}),
  }
  return { item, imageBytes }
}
