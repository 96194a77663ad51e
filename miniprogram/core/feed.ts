// Articles: a JSON Feed page (or one article's document, a one-item feed) read into typed, view-ready models.
// Checked against content/schema/feed.schema.json; a bad item is dropped and counted, never the whole page.

import { CHECKS } from '../generated/checks'
import { SCHEMAS } from '../generated/schemas'
import { ContentFormatError } from './errors'
import { EXTENSION, feedItemId, isDomain, parseRfc3339, type Domain } from './format'
import { INVALID, compilePrune, type PruneStats } from './json-schema'
import { primaryLanguage } from './localized'
import { decodeEntities, plainText } from './html'
import { httpsUrl, isLocalDevelopment, resolveUrl } from './url'

export interface Article {
  id: string
  /** Primary language subtag: "en", "zh". */
  language: string
  title: string
  /** Plain text for lists. */
  summary: string
  /** Raw HTML, sanitised by core/html when shown. */
  contentHtml?: string
  contentText?: string
  url?: string
  image?: string
  /** The image's height as a percentage of its width, when the feed gives its size (its space is kept). */
  imageRatio?: number
  /** Epoch milliseconds. */
  published?: number
  modified?: number
  tags: string[]
  authors: string[]
  domain?: Domain
  /** Language → id of the same article in that language. */
  translations: Record<string, string>
  officialAccountUrl?: string
  relatedEvents: string[]
}

export interface FeedLinks {
  eventsUrl?: string
  officeUrl?: string
  articleUrlTemplate?: string
  eventUrlTemplate?: string
}

export interface FeedPage {
  url: string
  title: string
  language: string
  articles: Article[]
  nextUrl?: string
  links: FeedLinks
  /** Items left out because they were invalid or repeated an id. */
  dropped: number
  /** Invalid optional fields left out of items that were kept. */
  repaired: number
}

// The app shows the items of any feed-like document: a missing title or version costs nothing.
const readFeed = compilePrune(SCHEMAS.feed, '#', { skip: ['items'], lenientTop: true })
const readItem = compilePrune(SCHEMAS.feed, '#/$defs/item')

interface RawAuthor {
  name?: string
}
interface RawItem {
  id: string | number
  url?: string
  external_url?: string
  title?: string
  content_html?: string
  content_text?: string
  summary?: string
  image?: string
  banner_image?: string
  date_published?: string
  date_modified?: string
  author?: RawAuthor
  authors?: RawAuthor[]
  tags?: string[]
  language?: string
  _bcecc?: {
    domain?: string
    translations?: Record<string, string | number>
    official_account_url?: string
    related_events?: string[]
    image_width?: number
    image_height?: number
  }
}
interface RawFeed {
  title?: string
  language?: string
  next_url?: string
  items: unknown
  _bcecc?: {
    events_url?: string
    office_url?: string
    article_url_template?: string
    event_url_template?: string
  }
}

function template(
  value: string | undefined,
  base: string,
  placeholder: '{id}' | '{uid}',
): string | undefined {
  if (!value || !value.includes(placeholder)) return undefined
  // Resolve with the placeholder protected from percent-encoding by the resolver.
  const resolved = resolveUrl(value.split(placeholder).join('__PLACEHOLDER__'), base)
  return resolved?.split('__PLACEHOLDER__').join(placeholder)
}

function toArticle(
  item: RawItem,
  feedLanguage: string,
  base: string,
  allowHttp: boolean,
): Article | undefined {
  const id = feedItemId(item.id)
  if (id === undefined) return undefined
  // JSON Feed's summary is plain text already; the body is reduced to text only when title or summary lacks.
  let summary = item.summary === undefined ? '' : item.summary.trim()
  if (summary && (summary.includes('<') || summary.includes('&'))) summary = plainText(summary)
  else if (summary.length > 160) summary = `${summary.slice(0, 159).trimEnd()}…`
  // Titles are plain text, but CMSs such as WordPress send them entity-encoded: decoded once (&amp;amp; is "&amp;").
  let title = item.title === undefined ? '' : decodeEntities(item.title.trim())
  if (!title || !summary) {
    const body = item.content_text?.trim() || (item.content_html ? plainText(item.content_html, 400) : '')
    if (!summary) summary = plainText(body)
    if (!title) title = plainText(body, 80)
  }
  if (!title) return undefined
  const ext = item._bcecc
  const imageLink = item.image ?? item.banner_image
  const tags: string[] = []
  if (item.tags) {
    for (let i = 0; i < item.tags.length; i++) {
      const tag = decodeEntities((item.tags[i] as string).trim())
      if (tag && !tags.includes(tag)) tags.push(tag)
    }
  }
  const authors: string[] = []
  // JSON Feed 1.1's authors, else 1.0's author.
  for (const author of item.authors ?? (item.author ? [item.author] : [])) {
    const name = author.name?.trim()
    if (name) authors.push(decodeEntities(name))
  }
  const translations: Record<string, string> = {}
  const relatedEvents: string[] = []
  if (ext?.translations) {
    for (const language in ext.translations) {
      const targetId = feedItemId(ext.translations[language])
      if (targetId !== undefined && targetId !== id) translations[primaryLanguage(language)] = targetId
    }
  }
  if (ext?.related_events) {
    const related = ext.related_events
    for (let i = 0; i < related.length; i++) {
      const uid = related[i] as string
      if (!relatedEvents.includes(uid)) relatedEvents.push(uid)
    }
  }
  // Every field in one literal (absent ones undefined): one object shape, no properties added later.
  const article: Article = {
    id,
    language: primaryLanguage(item.language ?? feedLanguage),
    title,
    summary: summary === title ? '' : summary,
    contentHtml: item.content_html,
    contentText: item.content_text,
    url: item.url === undefined ? undefined : httpsUrl(item.url, base, true),
    image: imageLink === undefined ? undefined : httpsUrl(imageLink, base, allowHttp),
    imageRatio: ratioOf(ext?.image_width, ext?.image_height),
    published: item.date_published === undefined ? undefined : parseRfc3339(item.date_published),
    modified: item.date_modified === undefined ? undefined : parseRfc3339(item.date_modified),
    tags,
    authors,
    domain: isDomain(ext?.domain) ? ext.domain : undefined,
    translations,
    officialAccountUrl:
      ext?.official_account_url === undefined ? undefined : httpsUrl(ext.official_account_url, base),
    relatedEvents,
  }
  return article
}

/** Height per width in percent, for sizes a picture can have (the schema checked they are positive integers). */
function ratioOf(width: number | undefined, height: number | undefined): number | undefined {
  if (width === undefined || height === undefined || width > 100_000 || height > 100_000) return undefined
  const ratio = (height / width) * 100
  return ratio >= 5 && ratio <= 500 ? Math.round(ratio * 100) / 100 : undefined
}

/**
 * Reads a JSON Feed page fetched from `url`. Throws ContentFormatError only when the document is not a feed at all
 * (not an object, or no items array); anything less costs only the bad items or fields.
 */
export function parseFeedPage(json: unknown, url: string): FeedPage {
  const stats: PruneStats = { pruned: 0 }
  // A valid top (the usual case) goes through its precompiled check as it is; another is repaired.
  const feed = (CHECKS.feedTop(json) ? json : readFeed(json, stats)) as RawFeed | typeof INVALID
  if (feed === INVALID || !Array.isArray(feed.items)) {
    throw new ContentFormatError('not a JSON Feed: expected an object with an items array')
  }
  const language = primaryLanguage(feed.language ?? 'en')
  const allowHttp = isLocalDevelopment(url)
  const seen = new Set<string>()
  const articles: Article[] = []
  let dropped = 0
  // Index loops: for-of goes through the iterator protocol, a cost of its own where there is no JIT.
  for (let i = 0; i < feed.items.length; i++) {
    const raw: unknown = feed.items[i]
    // Valid items (the usual case) go through the precompiled check as they are; others are repaired or dropped.
    const item = (CHECKS.feedItem(raw) ? raw : readItem(raw, stats)) as RawItem | typeof INVALID
    const article = item === INVALID ? undefined : toArticle(item, language, url, allowHttp)
    if (!article || seen.has(article.id)) {
      dropped++
      continue
    }
    seen.add(article.id)
    articles.push(article)
  }
  const ext = feed[EXTENSION] ?? {}
  const links: FeedLinks = {}
  const eventsUrl = httpsUrl(ext.events_url, url, allowHttp)
  const officeUrl = httpsUrl(ext.office_url, url, allowHttp)
  const articleUrlTemplate = template(ext.article_url_template, url, '{id}')
  const eventUrlTemplate = template(ext.event_url_template, url, '{uid}')
  if (eventsUrl) links.eventsUrl = eventsUrl
  if (officeUrl) links.officeUrl = officeUrl
  if (articleUrlTemplate) links.articleUrlTemplate = articleUrlTemplate
  if (eventUrlTemplate) links.eventUrlTemplate = eventUrlTemplate
  const nextUrl = httpsUrl(feed.next_url, url, allowHttp)
  return {
    url,
    title: feed.title?.trim() ?? '',
    language,
    articles,
    ...(nextUrl && nextUrl !== url ? { nextUrl } : {}),
    links,
    dropped,
    repaired: stats.pruned,
  }
}

/** Reads one article's document (a one-item feed); undefined when it holds no valid article. */
export function parseArticleDocument(json: unknown, url: string): { article?: Article; links: FeedLinks } {
  const page = parseFeedPage(json, url)
  return { ...(page.articles[0] ? { article: page.articles[0] } : {}), links: page.links }
}
