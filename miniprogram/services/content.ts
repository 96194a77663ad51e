// The content repository, stale-while-revalidate: a page gets content at once (the cache, else the snapshot
// bundled with the app), then fresh content when revalidation succeeds. A failed, bad or older response never
// replaces what is cached. Deep links load one article or event by id, from what is loaded, then the cache, then
// its own document on the endpoint.

import { CONTENT_TTL_MS } from '../core/config'
import { SNAPSHOT } from '../generated/snapshot'
import { decoderGeneration } from '../core/entities'
import { ContentFormatError, OlderContentError } from '../core/errors'
import { parseEvents, type CalendarEvent, type EventList } from '../core/events'
import { parseArticleDocument, parseFeedPage, type Article, type FeedPage } from '../core/feed'
import { expandTemplate } from '../core/format'
import { parseOffice, type Office } from '../core/office'
import { now } from '../core/clock'
import { attempt } from '../core/promise'
import type { UiLanguage } from '../core/localized'
import { both, t, type StringKey } from '../core/i18n'
import { feedUrl } from './env'
import { HttpError, parseJsonBody, type JsonResponse, type RequestScope } from './http'
import { KEYS, defineStore, type Store } from './storage'

export type Source = 'cache' | 'snapshot' | 'network'

export interface Loaded<T> {
  value: T
  source: Source
  /** When the server last confirmed this content (epoch ms); undefined for the bundled snapshot. */
  checkedAt?: number
}

export type RefreshOutcome<T> =
  | { kind: 'updated'; loaded: Loaded<T> }
  | { kind: 'unchanged'; loaded?: Loaded<T> }
  | { kind: 'failed'; error: HttpError | ContentFormatError; loaded?: Loaded<T> }
  /** The feed links to no such document (a feed without events or an office): nothing to ask. */
  | { kind: 'unavailable'; loaded?: Loaded<T> }

export type ContentError = HttpError | ContentFormatError

interface CachedDocument {
  url: string
  etag?: string
  body: unknown
  fetchedAt: number
  checkedAt: number
}

function parseCachedDocument(data: unknown): CachedDocument | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const d = data as Record<string, unknown>
  if (
    typeof d.url !== 'string' ||
    typeof d.fetchedAt !== 'number' ||
    typeof d.checkedAt !== 'number' ||
    !('body' in d)
  ) {
    return undefined
  }
  if (d.etag !== undefined && typeof d.etag !== 'string') return undefined
  const document: CachedDocument = {
    url: d.url,
    body: d.body,
    fetchedAt: d.fetchedAt,
    checkedAt: d.checkedAt,
  }
  if (typeof d.etag === 'string') document.etag = d.etag
  return document
}

const documentStore = (key: string, url?: () => string): Store<CachedDocument> =>
  defineStore({
    key,
    version: 1,
    migrations: {
      // Version 0 stored the document's JSON as it came, without where or when it was fetched: keep it, stale.
      0: (body) => ({
        url: url?.() ?? '',
        body: typeof body === 'string' ? (JSON.parse(body) as unknown) : body,
        fetchedAt: 0,
        checkedAt: 0,
      }),
    },
    parse: parseCachedDocument,
  })

/** What to tell the reader about a failure, in English and Chinese. */
export function userMessage(error: ContentError): { en: string; zh: string } {
  return error instanceof HttpError ? error.userMessage : both('errorFormat')
}

/** The line a page shows above content it kept after a failed check ("Not updated: no connection"); '' for none. */
export function staleNotice(why: StringKey | undefined, language: UiLanguage): string {
  return why ? t('staleCopy', language, { why: t(why, language) }) : ''
}

/**
 * Why a refresh failed, in the words of a status line: no connection (offline, timed out, cut off), the server is
 * having problems (an HTTP error), or what it sent could not be read (HTML instead of JSON, broken JSON, too large).
 */
export function failureLabel(error: ContentError): StringKey {
  if (error instanceof HttpError) {
    if (
      error.kind === 'offline' ||
      error.kind === 'timeout' ||
      error.kind === 'interrupted' ||
      error.kind === 'aborted'
    )
      return 'failConnection'
    if (error.kind === 'status') return 'failServer'
  }
  if (error instanceof OlderContentError) return 'failOlder'
  return 'failContent'
}

function asError(error: unknown): ContentError {
  if (error instanceof HttpError || error instanceof ContentFormatError) return error
  return new ContentFormatError(error instanceof Error ? error.message : String(error))
}

interface ResourceOptions<T> {
  store: Store<CachedDocument>
  /** Where the document lives now (the feed's address, or where the feed links to); undefined if nowhere. */
  url(): string | undefined
  parse(body: unknown, url: string): T
  snapshot?(): { body: unknown; url: string } | undefined
  /** Why `next` must not replace `current` (an older or emptied document), if it must not. */
  reject?(next: T, current: T | undefined): ContentFormatError | undefined
}

/** Fingerprints of documents that broke a page (at most a few: one bad publish, then its fix). */
const brokenStore = defineStore<string[]>({
  key: KEYS.broken,
  version: 1,
  parse: (data) =>
    Array.isArray(data) && data.every((d) => typeof d === 'string') ? (data as string[]) : undefined,
})
const MAX_BROKEN = 8

/** A document's fingerprint: FNV-1a over its JSON (computed only when some document was ever refused). */
function fingerprint(body: unknown): string {
  const text = JSON.stringify(body) ?? ''
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return `${text.length.toString(36)}-${hash.toString(36)}`
}

/** One cached document of the endpoint (the feed's first page, the events, the office). */
export class Resource<T> {
  private memo: { key: string; loaded: Loaded<T> } | undefined
  /** Fresh content that storage had no room for: shown for the rest of the session, newer than the cache. */
  private unsaved: Loaded<T> | undefined
  /** The body of `unsaved`, should it have to be refused. */
  private unsavedBody: unknown

  constructor(private readonly options: ResourceOptions<T>) {}

  /** What to show now, synchronously: the cache, else the snapshot. */
  peek(): Loaded<T> | undefined {
    if (this.unsaved) return this.unsaved
    const cached = this.options.store.read()
    if (cached) {
      const key = `${cached.url}\n${cached.fetchedAt}\n${cached.checkedAt}\n${decoderGeneration()}`
      if (this.memo?.key === key) return this.memo.loaded
      try {
        const loaded: Loaded<T> = {
          value: this.options.parse(cached.body, cached.url),
          source: 'cache',
          checkedAt: cached.checkedAt,
        }
        this.memo = { key, loaded }
        return loaded
      } catch {
        // An unreadable cache is as good as none: fall back to the snapshot.
      }
    }
    const snapshot = this.options.snapshot?.()
    if (!snapshot) return undefined
    const key = `snapshot\n${snapshot.url}\n${decoderGeneration()}`
    if (this.memo?.key === key) return this.memo.loaded
    try {
      const loaded: Loaded<T> = { value: this.options.parse(snapshot.body, snapshot.url), source: 'snapshot' }
      this.memo = { key, loaded }
      return loaded
    } catch {
      return undefined
    }
  }

  /** Whether the cache is missing or older than the TTL. */
  isStale(): boolean {
    const cached = this.options.store.read()
    return !cached || now() - cached.checkedAt >= CONTENT_TTL_MS
  }

  /** Asks the server for a newer version (unless the cache is fresh and `force` is not set). */
  refresh(scope: RequestScope, options: { force?: boolean } = {}): Promise<RefreshOutcome<T>> {
    const url = this.options.url()
    const current = this.peek()
    if (!url)
      return Promise.resolve(current ? { kind: 'unavailable', loaded: current } : { kind: 'unavailable' })
    const cached = this.options.store.read()
    if (!options.force && cached && cached.url === url && now() - cached.checkedAt < CONTENT_TTL_MS) {
      return Promise.resolve(current ? { kind: 'unchanged', loaded: current } : { kind: 'unchanged' })
    }
    const etag = cached && cached.url === url ? cached.etag : undefined
    return scope.getJson(url, etag ? { etag } : {}).then(
      (response) => this.accept(url, response, cached, current),
      (error: unknown): RefreshOutcome<T> => ({
        kind: 'failed',
        error: asError(error),
        ...(current ? { loaded: current } : {}),
      }),
    )
  }

  /** What the server answered, checked, cached and made the loaded value (or why not). */
  private accept(
    url: string,
    response: JsonResponse,
    cached: CachedDocument | undefined,
    current: Loaded<T> | undefined,
  ): RefreshOutcome<T> {
    if (response.status === 304) {
      if (cached) this.options.store.write({ ...cached, checkedAt: now() })
      const loaded = this.peek()
      return loaded ? { kind: 'unchanged', loaded } : { kind: 'unchanged' }
    }
    let value: T
    try {
      value = this.options.parse(response.body, url)
    } catch (error) {
      return { kind: 'failed', error: asError(error), ...(current ? { loaded: current } : {}) }
    }
    const rejected = this.options.reject?.(value, current?.value)
    if (rejected) return { kind: 'failed', error: rejected, ...(current ? { loaded: current } : {}) }
    const broken = brokenStore.read()
    if (broken && broken.length > 0 && broken.includes(fingerprint(response.body)))
      return {
        kind: 'failed',
        error: new ContentFormatError('the server sent again a version that could not be shown'),
        ...(current ? { loaded: current } : {}),
      }
    const at = now()
    const document: CachedDocument = {
      url,
      body: response.body,
      fetchedAt: at,
      checkedAt: at,
      ...(response.etag ? { etag: response.etag } : {}),
    }
    // If even evicting other caches cannot make room, the new content is still shown; the old cache stays.
    const stored = this.options.store.write(document) === 'ok'
    const later: Loaded<T> = { value, source: stored ? 'cache' : 'network', checkedAt: at }
    if (stored) {
      this.unsaved = undefined
      this.unsavedBody = undefined
      this.memo = { key: `${url}\n${at}\n${at}\n${decoderGeneration()}`, loaded: later }
    } else {
      this.unsaved = later
      this.unsavedBody = response.body
    }
    return { kind: 'updated', loaded: { value, source: 'network', checkedAt: at } }
  }

  /**
   * Takes out the document that is shown (cached, or fresh and unsaved) because a page could not draw it: it leaves
   * storage, and the same document is refused from now on, so the page falls back to the bundled snapshot and the
   * next launch starts clean. The bundled snapshot itself is never discarded.
   */
  discard(): void {
    const body = this.unsaved ? this.unsavedBody : this.options.store.read()?.body
    if (body !== undefined)
      brokenStore.write([...(brokenStore.read() ?? []), fingerprint(body)].slice(-MAX_BROKEN))
    this.options.store.remove()
    this.memo = undefined
    this.unsaved = undefined
    this.unsavedBody = undefined
  }

  /** Adopts a document obtained another way (data pre-fetch) when it is newer than the cache. */
  adopt(body: unknown, fetchedAt: number): boolean {
    const url = this.options.url()
    if (!url) return false
    const cached = this.options.store.read()
    if (cached && cached.fetchedAt >= fetchedAt) return false
    const broken = brokenStore.read()
    if (broken && broken.length > 0 && broken.includes(fingerprint(body))) return false
    try {
      const value = this.options.parse(body, url)
      if (this.options.reject?.(value, this.peek()?.value)) return false
    } catch {
      return false
    }
    return this.options.store.write({ url, body, fetchedAt, checkedAt: fetchedAt }) === 'ok'
  }
}

function rejectFeed(next: FeedPage, current: FeedPage | undefined): ContentFormatError | undefined {
  if (next.articles.length === 0 && next.dropped > 0)
    return new ContentFormatError(`every article of the new feed was invalid (${next.dropped})`)
  if (current && next.articles.length === 0 && current.articles.length > 0 && next.dropped > 0)
    return new ContentFormatError('the new feed is empty')
  return undefined
}

function rejectEvents(next: EventList, current: EventList | undefined): ContentFormatError | undefined {
  if (next.events.length === 0 && next.dropped > 0)
    return new ContentFormatError(`every event of the new calendar was invalid (${next.dropped})`)
  // A CDN edge that still has an earlier publish: what is shown (cached or bundled) stays.
  if (current?.updated !== undefined && next.updated !== undefined && next.updated < current.updated)
    return new OlderContentError('the server sent an older calendar than the one shown')
  return undefined
}

export interface ContentRepository {
  feed: Resource<FeedPage>
  events: Resource<EventList>
  office: Resource<Office>
  /** The feed's URL (from config), and the events and office URLs the feed links to. */
  urls(): { feed: string; events?: string; office?: string }
  /** Another page of the feed (by next_url), from the network. */
  loadPage(scope: RequestScope, url: string): Promise<FeedPage>
  /**
   * An article that is at hand without a request: in a loaded feed page or its own cached document. The bundled
   * snapshot holds excerpts only (title and summary: see snapshotExcerpt), so its articles are never at hand.
   */
  peekArticle(id: string): { article: Article; source: Source } | undefined
  /** The bundled snapshot's excerpt of an article (its summary for a body), for when nothing else can be had. */
  snapshotExcerpt(id: string): Article | undefined
  getArticle(scope: RequestScope, id: string): Promise<{ article: Article; source: Source }>
  getEvent(scope: RequestScope, uid: string): Promise<{ event: CalendarEvent; source: Source }>
  /** Takes the feed that WeChat's data pre-fetch downloaded before launch, when it is newer than the cache. */
  adoptBackgroundFetch(): void
}

/** The feed, the events and the office as resources: the events' and office's addresses come from the feed. */
function contentResources(entryUrl: () => string): {
  feed: Resource<FeedPage>
  events: Resource<EventList>
  office: Resource<Office>
  links: () => FeedPage['links']
} {
  const feed = new Resource<FeedPage>({
    store: documentStore(KEYS.feed, entryUrl),
    url: entryUrl,
    parse: parseFeedPage,
    snapshot: () => ({ body: SNAPSHOT.feed, url: entryUrl() }),
    reject: rejectFeed,
  })
  const links = (): FeedPage['links'] => feed.peek()?.value.links ?? {}
  const events = new Resource<EventList>({
    store: documentStore(KEYS.events),
    url: () => links().eventsUrl,
    parse: parseEvents,
    snapshot: () => {
      const url = links().eventsUrl
      return url ? { body: SNAPSHOT.events, url } : undefined
    },
    reject: rejectEvents,
  })
  const office = new Resource<Office>({
    store: documentStore(KEYS.office),
    url: () => links().officeUrl,
    parse: parseOffice,
    snapshot: () => {
      const url = links().officeUrl
      return url ? { body: SNAPSHOT.office, url } : undefined
    },
  })
  return { feed, events, office, links }
}

/** A one-item document: from the document cache, else the network (then cached). */
function fetchDocument<T>(
  scope: RequestScope,
  url: string,
  parse: (body: unknown, url: string) => T | undefined,
): Promise<{ value: T; source: Source }> {
  return attempt(() => {
    const store = documentStore(KEYS.document(url))
    const cached = store.read()
    if (cached) {
      const value = parse(cached.body, cached.url)
      if (value !== undefined) return { value, source: 'cache' as const }
    }
    return scope.getJson(url).then((response) => {
      if (response.status === 304) throw new HttpError('format', 'unexpected 304')
      const value = parse(response.body, url)
      if (value === undefined) throw new ContentFormatError(`${url} does not hold the requested item`)
      store.write({ url, body: response.body, fetchedAt: now(), checkedAt: now() })
      return { value, source: 'network' as const }
    })
  })
}

/** An article at hand without a request (see ContentRepository.peekArticle). */
function peekArticleIn(
  feed: Resource<FeedPage>,
  loadedPages: ReadonlyMap<string, FeedPage>,
  template: string | undefined,
  id: string,
): { article: Article; source: Source } | undefined {
  const first = feed.peek()
  const fetched = first?.source === 'snapshot' ? undefined : first
  for (const page of [fetched?.value, ...loadedPages.values()]) {
    const article = page?.articles.find((a) => a.id === id)
    if (article)
      return { article, source: page === fetched?.value ? (fetched?.source ?? 'cache') : 'network' }
  }
  const cached = template ? documentStore(KEYS.document(expandTemplate(template, id))).read() : undefined
  if (!cached) return undefined
  try {
    const article = parseArticleDocument(cached.body, cached.url).article
    return article?.id === id ? { article, source: 'cache' } : undefined
  } catch {
    return undefined
  }
}

/** Takes the feed that WeChat's data pre-fetch downloaded before launch (and later periodic ones) into `feed`. */
function adoptBackgroundFetch(feed: Resource<FeedPage>): void {
  const adopt = (data: unknown, timeStamp: unknown): void => {
    try {
      // The timestamp is in ms; iOS reported wrong ones before WeChat 8.0.27, so an implausible one means "now".
      const at = Number(timeStamp)
      const plausible = Number.isFinite(at) && at > Date.UTC(2020, 0, 1) && at <= now() + 60_000
      feed.adopt(parseJsonBody(data), plausible ? at : now())
    } catch {
      // Pre-fetched data that is not a readable feed (or empty, as iOS gives) is ignored.
    }
  }
  try {
    if (typeof wx.getBackgroundFetchData === 'function') {
      for (const fetchType of ['pre', 'periodic'] as const) {
        wx.getBackgroundFetchData({
          fetchType,
          success: (res) => adopt(res.fetchedData, res.timeStamp),
          fail: () => undefined,
        })
      }
    }
    if (typeof wx.onBackgroundFetchData === 'function') {
      wx.onBackgroundFetchData((res) => adopt(res.fetchedData, res.timeStamp))
    }
  } catch {
    // Not supported on this client: the normal request follows.
  }
}

export function createContentRepository(entryUrl: () => string = feedUrl): ContentRepository {
  const loadedPages = new Map<string, FeedPage>()
  const { feed, events, office, links } = contentResources(entryUrl)
  const peekArticle = (id: string): { article: Article; source: Source } | undefined =>
    peekArticleIn(feed, loadedPages, links().articleUrlTemplate, id)
  return {
    feed,
    events,
    office,
    urls() {
      const l = links()
      return {
        feed: entryUrl(),
        ...(l.eventsUrl ? { events: l.eventsUrl } : {}),
        ...(l.officeUrl ? { office: l.officeUrl } : {}),
      }
    },
    loadPage(scope, url) {
      return scope.getJson(url).then((response) => {
        if (response.status === 304) throw new HttpError('format', 'unexpected 304')
        const page = parseFeedPage(response.body, url)
        loadedPages.set(url, page)
        return page
      })
    },
    peekArticle,
    snapshotExcerpt(id) {
      const bundled = feed.peek()
      return bundled?.source === 'snapshot' ? bundled.value.articles.find((a) => a.id === id) : undefined
    },
    getArticle(scope, id) {
      return attempt(() => {
        const known = peekArticle(id)
        if (known) return known
        const template = links().articleUrlTemplate
        if (!template) throw new ContentFormatError('the feed gives no address for single articles')
        return fetchDocument(scope, expandTemplate(template, id), (body, url) => {
          const article = parseArticleDocument(body, url).article
          return article?.id === id ? article : undefined
        }).then(({ value, source }) => ({ article: value, source }))
      })
    },
    getEvent(scope, uid) {
      return attempt(() => {
        const list = events.peek()
        const known = list?.value.events.find((e) => e.uid === uid)
        if (known && list) return { event: known, source: list.source }
        const template = links().eventUrlTemplate
        if (!template) throw new ContentFormatError('the feed gives no address for single events')
        return fetchDocument(scope, expandTemplate(template, uid), (body, url) =>
          parseEvents(body, url).events.find((e) => e.uid === uid),
        ).then(({ value, source }) => ({ event: value, source }))
      })
    },
    adoptBackgroundFetch: () => adoptBackgroundFetch(feed),
  }
}

/** The app's one repository. */
export const content = createContentRepository()
