// The static endpoint: feed pages chained by next_url, one document per article and per event, the events and
// office documents, the images, and a manifest of content hashes. Pure over its input, so the same content gives
// byte-identical output.

import { createHash } from 'node:crypto'
import {
  EXTENSION,
  MAX_FEED_PAGE_BYTES,
  expandTemplate,
  feedItemId,
  isPathSafeId,
} from '../../miniprogram/core/format'
import type { FeedItem, SiteSource } from './documents'
import { isRecord } from './json-doc'

export interface BuildOptions {
  /** Absolute base URL the output will be served from; without it, links stay relative. */
  baseUrl?: string
  /** Most items on one feed page (the first page is what a cold start downloads). */
  pageItems?: number
  pageBytes?: number
}

export interface Site {
  /** Path (with forward slashes) → bytes, in a stable order. */
  files: Map<string, Buffer>
}

export class BuildError extends Error {}

const DEFAULT_TEMPLATES = { article: 'articles/{id}.json', event: 'events/{uid}.json' }

function serialize(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8')
}

const pageName = (n: number): string => (n === 1 ? 'feed.json' : `feed-${n}.json`)

/** The feed's pages, greedy: at most pageItems items and pageBytes bytes each, chained by next_url. */
function feedPages(
  items: readonly FeedItem[],
  {
    header,
    link,
    pageItems,
    pageBytes,
  }: {
    header: (path: string) => Record<string, unknown>
    link: (path: string) => string
    pageItems: number
    pageBytes: number
  },
): Map<string, Buffer> {
  const pages: FeedItem[][] = []
  let current: FeedItem[] = []
  const pageSize = (list: FeedItem[], n: number): number =>
    serialize({ ...header(pageName(n)), next_url: link(pageName(n + 1)), items: list }).length
  for (const item of items) {
    const candidate = [...current, item]
    if (
      current.length > 0 &&
      (candidate.length > pageItems || pageSize(candidate, pages.length + 1) > pageBytes)
    ) {
      pages.push(current)
      current = [item]
    } else {
      current = candidate
    }
    if (current.length === 1 && pageSize(current, pages.length + 1) > pageBytes)
      throw new BuildError(
        `feed.json: item "${String(item.id)}" alone is over ${pageBytes} bytes; shorten it`,
      )
  }
  pages.push(current)
  const out = new Map<string, Buffer>()
  pages.forEach((list, i) => {
    const n = i + 1
    const page: Record<string, unknown> = { ...header(pageName(n)), items: list }
    if (n < pages.length) page.next_url = link(pageName(n + 1))
    out.set(pageName(n), serialize(page))
  })
  return out
}

/**
 * The files of the endpoint from typed documents: the sources compiler's (sources/), or a folder of published JSON
 * that passed the validator (published-folder.ts).
 */
export function buildSite(source: SiteSource, options: BuildOptions = {}): Site {
  const { feed, events, office } = source

  const pageItems = options.pageItems ?? 20
  const pageBytes = options.pageBytes ?? MAX_FEED_PAGE_BYTES
  const base = options.baseUrl
    ? new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`)
    : undefined
  // Plain concatenation keeps the {id} of templates unescaped; absolute links stay as they are.
  const link = (path: string): string =>
    base && !/^([a-z][a-z0-9+.-]*:|\/)/i.test(path) ? base.href + path : path

  const ext = isRecord(feed[EXTENSION]) ? feed[EXTENSION] : {}
  const articleTemplate =
    typeof ext.article_url_template === 'string' ? ext.article_url_template : DEFAULT_TEMPLATES.article
  const eventTemplate =
    typeof ext.event_url_template === 'string' ? ext.event_url_template : DEFAULT_TEMPLATES.event
  const feedExtension = {
    ...ext,
    version: 1,
    events_url: link('events.json'),
    office_url: link('office.json'),
    article_url_template: link(articleTemplate),
    event_url_template: link(eventTemplate),
  }
  const { items: allItems, next_url: _next, feed_url: _feedUrl, ...meta } = feed
  void _next
  void _feedUrl
  const header = (path: string): Record<string, unknown> => ({
    ...meta,
    version: 'https://jsonfeed.org/version/1.1',
    feed_url: link(path),
    [EXTENSION]: feedExtension,
  })

  const files = new Map<string, Buffer>()
  const items = allItems
  for (const [name, page] of feedPages(items, { header, link, pageItems, pageBytes })) files.set(name, page)

  // One document per article: a one-item JSON Feed, so the same parser and schema read it.
  for (const item of items) {
    const id = feedItemId(item.id)
    if (id === undefined || !isPathSafeId(id)) {
      throw new BuildError(
        `feed.json: item id ${JSON.stringify(item.id)} cannot name a file; use A-Z a-z 0-9 - _ . ~`,
      )
    }
    const path = expandTemplate(articleTemplate, id)
    files.set(path, serialize({ ...header(path), items: [item] }))
  }

  // Events: the group, and one Event document per uid.
  const entries = events.entries
  files.set('events.json', serialize(events))
  for (const event of entries) {
    const uid = typeof event.uid === 'string' ? event.uid : ''
    if (!isPathSafeId(uid))
      throw new BuildError(
        `events.json: uid ${JSON.stringify(event.uid)} cannot name a file; use A-Z a-z 0-9 - _ . ~`,
      )
    files.set(expandTemplate(eventTemplate, uid), serialize(event))
  }

  files.set('office.json', serialize(office))
  for (const [path, bytes] of [...source.assets].sort(([a], [b]) => a.localeCompare(b)))
    files.set(path, bytes)

  const manifest = {
    kind: 'bcecc-build-manifest',
    version: 1,
    entry: 'feed.json',
    files: Object.fromEntries(
      [...files]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([path, bytes]) => [
          path,
          { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
        ]),
    ),
  }
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'))
  return { files }
}
