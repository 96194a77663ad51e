// Reads a JSON Feed page into article summaries for lists. A bad item is dropped and counted, never the whole page.

import { EXTENSION, feedItemId, isDomain, parseRfc3339, type Domain } from './format'

export interface ArticleSummary {
  id: string
  title: string
  summary: string
  language: string
  /** Epoch milliseconds, or undefined when the feed gives no (valid) date. */
  published?: number
  domain?: Domain
}

export interface FeedPage {
  title: string
  articles: ArticleSummary[]
  dropped: number
  nextUrl?: string
}

export class FeedFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FeedFormatError'
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : ''
}

/** Collapses HTML into plain text for a summary line. */
function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
}

function summaryOf(item: Record<string, unknown>): string {
  const summary = text(item.summary) || text(item.content_text) || plain(text(item.content_html))
  return summary.length > 140 ? `${summary.slice(0, 139)}…` : summary
}

function resolveUrl(link: string, base: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return link
  const origin = /^([a-z][a-z0-9+.-]*:\/\/[^/]+)/i.exec(base)?.[1]
  if (!origin) return undefined
  if (link.startsWith('/')) return origin + link
  return base.replace(/[^/]*$/, '') + link
}

export function parseFeedPage(json: unknown, pageUrl: string): FeedPage {
  if (!isRecord(json) || !Array.isArray(json.items)) throw new FeedFormatError('not a JSON Feed: no items')
  const feedLanguage = text(json.language) || 'en'
  const articles: ArticleSummary[] = []
  const seen = new Set<string>()
  let dropped = 0
  for (const item of json.items) {
    const id = isRecord(item) ? feedItemId(item.id) : undefined
    if (!isRecord(item) || id === undefined || seen.has(id)) {
      dropped++
      continue
    }
    const summary = summaryOf(item)
    const title = text(item.title) || summary
    if (!title) {
      dropped++
      continue
    }
    seen.add(id)
    const published = parseRfc3339(text(item.date_published))
    const ext = item[EXTENSION]
    const domain = isRecord(ext) && isDomain(ext.domain) ? ext.domain : undefined
    articles.push({
      id,
      title,
      summary: title === summary ? '' : summary,
      language: text(item.language) || feedLanguage,
      ...(published !== undefined ? { published } : {}),
      ...(domain ? { domain } : {}),
    })
  }
  const next = text(json.next_url)
  const nextUrl = next ? resolveUrl(next, pageUrl) : undefined
  return { title: text(json.title), articles, dropped, ...(nextUrl ? { nextUrl } : {}) }
}
