// The editors' validator: loads a file, a folder or a URL, follows the links between documents (feed pages, events,
// office), and reports schema problems and the checks a schema cannot make, one line each.

import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { dirname, relative, resolve as resolvePath } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  EXTENSION,
  MAX_FEED_PAGE_BYTES,
  VENDOR,
  feedItemId,
  hasLoneSurrogate,
  hasOwn,
  imageUrlProblem,
  isPathSafeId,
  parseDuration,
  parseGeoUri,
  parseLocalDateTime,
  parseRfc3339,
} from '../../miniprogram/core/format'
import { patchSegments } from '../../miniprogram/core/events'
import { parseRecurrence } from '../../miniprogram/core/recurrence'
import {
  MAX_CALENDAR_OCCURRENCES,
  MAX_CANDIDATES,
  countReachesNow,
  expansionCost,
} from '../../miniprogram/core/occurrences'
import { parseEvents } from '../../miniprogram/core/events'
import { decodeJson, isRecord, pointer } from './json-doc'
import { MAX_DOCUMENT_BYTES, UnsafeFileError, formatBytes, listFilesInside, readFileInside } from './safe-fs'
import { escapeControls } from './escape'
import { isTimeZone } from './sources/when'
import { checkSchema, detectKind, type DocKind } from './schema'

export { escapeControls }

export interface Problem {
  severity: 'error' | 'warning'
  file: string
  pointer: string
  message: string
}

export interface Doc {
  url: URL
  name: string
  bytes: number
  kind: DocKind
  json: Record<string, unknown>
  /** How the document was reached: the entry feed's page chain, or on its own. */
  role: 'feed-page' | 'linked' | 'standalone'
}

export interface Report {
  docs: Doc[]
  problems: Problem[]
}

const MAX_DOCUMENTS = 500
/** The app refuses a document over 1 MB (one storage key holds at most that). */
const MAX_DOCUMENT_APP_BYTES = 1024 * 1024
/** A build's manifest lists its files; more entries than this is not a build of ours. */
const MAX_MANIFEST_ENTRIES = 20_000
export const FETCH_TIMEOUT_MS = 15_000
/** Names of the files a content folder publishes (documents and images): the ones checked to be regular files. */
const PUBLISHED_FILE = /\.(json|png|jpe?g|gif|webp|svg)$/i

export function formatProblem(p: Problem): string {
  return escapeControls(
    `${p.severity === 'error' ? 'error' : 'warning'}: ${p.file}#${p.pointer}: ${p.message}`,
  )
}

/** Validates a file, a folder (its feed.json and every other JSON document in it) or an http(s) URL. */
export async function validateTarget(target: string, cwd = process.cwd()): Promise<Report> {
  if (/^https?:\/\//i.test(target)) {
    const crawler = new Crawler(cwd, undefined)
    await crawler.crawl(new URL(target))
    return crawler.finish()
  }
  const path = resolvePath(cwd, target)
  let info
  try {
    info = await stat(path)
  } catch {
    const crawler = new Crawler(cwd, undefined)
    crawler.problem('error', target, '', 'does not exist; expected a file, a folder or an http(s) URL')
    return crawler.finish()
  }
  // Local documents are read only inside the folder given (or the folder of the file given).
  const crawler = new Crawler(cwd, info.isDirectory() ? path : dirname(path))
  if (info.isDirectory()) {
    const listing = await listFilesInside(path, (name) => PUBLISHED_FILE.test(name), [
      'node_modules',
      'schema',
    ])
    for (const { path: file, reason } of listing.refused)
      crawler.problem('error', crawler.name(pathToFileURL(file)), '', reason)
    const files = listing.files.filter((f) => f.toLowerCase().endsWith('.json'))
    const entry = files.find((f) => relative(path, f) === 'feed.json')
    if (entry) await crawler.crawl(pathToFileURL(entry))
    for (const file of files) await crawler.visitStandalone(pathToFileURL(file))
    if (files.length === 0 && listing.refused.length === 0)
      crawler.problem('error', target, '', 'has no JSON documents; expected feed.json')
  } else {
    await crawler.crawl(pathToFileURL(path))
  }
  return crawler.finish()
}

type Loaded = { ok: true; bytes: Buffer } | { ok: false; message: string }

/** Reads a response body up to `maxBytes`, cancelling the download past it; undefined when it is larger. */
export async function readBounded(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    return undefined
  }
  if (!response.body) return Buffer.alloc(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, total)
}

/** Loads a local file (inside `root` only) or an http(s) document, never more than MAX_DOCUMENT_BYTES of it. */
async function load(url: URL, root: string | undefined): Promise<Loaded> {
  if (url.protocol === 'file:') {
    if (root === undefined)
      return { ok: false, message: 'is a local file, which a published document may not link to' }
    try {
      return { ok: true, bytes: await readFileInside(root, fileURLToPath(url), MAX_DOCUMENT_BYTES) }
    } catch (error) {
      if (error instanceof UnsafeFileError) return { ok: false, message: error.message }
      throw error
    }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `has the unsupported scheme ${url.protocol}` }
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' })
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined)
      return { ok: false, message: `answered HTTP ${response.status}; expected 200` }
    }
    const bytes = await readBounded(response, MAX_DOCUMENT_BYTES)
    if (!bytes) return { ok: false, message: `is larger than ${formatBytes(MAX_DOCUMENT_BYTES)}` }
    return { ok: true, bytes }
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be fetched'
    return { ok: false, message: `${reason} (${error instanceof Error ? error.message : String(error)})` }
  }
}

class Crawler {
  private readonly docs = new Map<string, Doc>()
  private readonly problems: Problem[] = []
  /** Places (file and pointer) that already have an error: the first one says what to fix. */
  private readonly errorPlaces = new Set<string>()
  private readonly attempted = new Set<string>()

  /** `root`: the only folder local documents are read from (none when the entry is a URL). */
  constructor(
    private readonly cwd: string,
    private readonly root: string | undefined,
  ) {}

  /** Absolute URL prefix → local folder, so a build made with --base-url can be checked before it is uploaded. */
  private readonly aliases = new Map<string, string>()

  name(url: URL): string {
    if (url.protocol !== 'file:') return url.href
    const path = fileURLToPath(url)
    const rel = relative(this.cwd, path)
    return rel.startsWith('..') ? path : rel || '.'
  }

  /**
   * The local file an absolute URL of a local build stands for, when there is one: only a plain path (a query such
   * as ?page=2 names no static file) that exists in the folder; else the URL itself (then not fetched, a warning).
   */
  private local(url: URL): URL {
    if (url.search !== '') return url
    for (const [prefix, folder] of this.aliases) {
      if (!url.href.startsWith(prefix)) continue
      const file = new URL(url.href.slice(prefix.length), folder)
      return existsSync(fileURLToPath(file)) ? file : url
    }
    return url
  }

  /** Records a problem; a second error at the same place adds nothing (the first one says what to fix). */
  problem(severity: Problem['severity'], file: string, at: string, message: string): void {
    if (severity === 'error') {
      const place = `${file}\n${at}`
      if (this.errorPlaces.has(place)) return
      this.errorPlaces.add(place)
    }
    this.problems.push({ severity, file, pointer: at, message })
  }

  /** Loads one document; reports why it could not be used, at the link that pointed to it when there is one. */
  private async open(
    link: URL,
    role: Doc['role'],
    from?: { doc: Doc; at: string },
  ): Promise<Doc | undefined> {
    const url = this.local(link)
    if (from && from.doc.url.protocol !== 'file:' && url.protocol === 'file:') {
      this.problem(
        'error',
        from.doc.name,
        from.at,
        `links to ${url.href}, a local file; expected an http(s) URL (a published document cannot reach files)`,
      )
      return undefined
    }
    if (from && from.doc.url.protocol === 'file:' && url.protocol !== 'file:') {
      this.problem(
        'warning',
        from.doc.name,
        from.at,
        `links to ${url.href}, which was not fetched; validate the URL to check it`,
      )
      return undefined
    }
    const key = url.href.split('#')[0] ?? url.href
    const existing = this.docs.get(key)
    if (existing) return existing
    if (this.attempted.has(key)) return undefined
    this.attempted.add(key)
    if (this.attempted.size > MAX_DOCUMENTS) {
      if (this.attempted.size === MAX_DOCUMENTS + 1) {
        this.problem(
          'warning',
          this.name(url),
          '',
          `more than ${MAX_DOCUMENTS} documents; the rest were not checked`,
        )
      }
      return undefined
    }
    const name = this.name(url)
    const loaded = await load(url, this.root)
    if (!loaded.ok) {
      if (from) this.problem('error', from.doc.name, from.at, `links to ${name}, which ${loaded.message}`)
      else this.problem('error', name, '', loaded.message)
      return undefined
    }
    const decoded = decodeJson(loaded.bytes)
    if (!decoded.ok) {
      this.problem('error', name, '', decoded.message)
      return undefined
    }
    if (!isRecord(decoded.value)) {
      this.problem(
        'error',
        name,
        '',
        'is not a JSON object; expected a JSON Feed, a JSCalendar document or the office profile',
      )
      return undefined
    }
    if (isManifest(decoded.value)) {
      await this.checkManifest(url, name, decoded.value)
      return undefined
    }
    const kind = detectKind(decoded.value)
    if (!kind) {
      this.problem(
        'error',
        name,
        '',
        'is not a known document; expected a JSON Feed ("version": "https://jsonfeed.org/version/1.1"), a JSCalendar Group or Event, or the office profile',
      )
      return undefined
    }
    const doc: Doc = { url, name, bytes: loaded.bytes.length, kind, json: decoded.value, role }
    this.docs.set(key, doc)
    for (const p of checkSchema(kind, decoded.value)) this.problem('error', name, p.pointer, p.message)
    return doc
  }

  /** From an entry feed: its page chain, then the events and office documents it links to. */
  async crawl(entry: URL): Promise<void> {
    const first = await this.open(entry, 'feed-page')
    if (!first) return
    const own = first.json.feed_url
    if (entry.protocol === 'file:' && typeof own === 'string' && /^https?:\/\/.+\/feed\.json$/.test(own)) {
      this.aliases.set(own.slice(0, -'feed.json'.length), new URL('.', entry).href)
    }
    if (first.kind !== 'feed') {
      first.role = 'standalone'
      return
    }
    let page: Doc | undefined = first
    const chain = new Set<string>([entry.href])
    while (page) {
      const next: unknown = page.json.next_url
      if (typeof next !== 'string') break
      const nextUrl = resolve(next, page.url)
      if (!nextUrl) {
        this.problem('error', page.name, '/next_url', `is ${JSON.stringify(next)}; expected a URL`)
        break
      }
      if (chain.has(nextUrl.href)) {
        this.problem(
          'error',
          page.name,
          '/next_url',
          'leads back to an earlier page; expected the chain of pages to end',
        )
        break
      }
      chain.add(nextUrl.href)
      page = await this.open(nextUrl, 'feed-page', { doc: page, at: '/next_url' })
      if (page && page.kind !== 'feed') {
        this.problem('error', page.name, '', 'is reached through next_url but is not a JSON Feed page')
        break
      }
    }
    const ext = first.json[EXTENSION]
    if (isRecord(ext)) {
      for (const [key, kind] of [
        ['events_url', 'events'],
        ['office_url', 'office'],
      ] as const) {
        const link = ext[key]
        if (typeof link !== 'string') continue
        const url = resolve(link, first.url)
        const at = pointer(EXTENSION, key)
        if (!url) {
          this.problem('error', first.name, at, `is ${JSON.stringify(link)}; expected a URL`)
          continue
        }
        const doc = await this.open(url, 'linked', { doc: first, at })
        if (doc && doc.kind !== kind) {
          this.problem(
            'error',
            first.name,
            at,
            `links to ${doc.name}, which is ${doc.kind}; expected ${kind}`,
          )
        }
      }
    }
  }

  async visitStandalone(url: URL): Promise<void> {
    await this.open(url, 'standalone')
  }

  /**
   * A build's manifest: every file it lists exists beside it with that hash. Its paths are outside input too: only
   * plain relative paths below the manifest's folder are read (never another scheme, host or folder), and at most
   * MAX_MANIFEST_ENTRIES of them.
   */
  private async checkManifest(url: URL, name: string, manifest: Record<string, unknown>): Promise<void> {
    const files = manifest.files
    if (!isRecord(files)) return
    const folder = new URL('.', url)
    const paths = Object.keys(files)
    if (paths.length > MAX_MANIFEST_ENTRIES) {
      this.problem(
        'error',
        name,
        '/files',
        `lists ${paths.length} files; expected at most ${MAX_MANIFEST_ENTRIES} (the rest were not checked)`,
      )
    }
    for (const path of paths.slice(0, MAX_MANIFEST_ENTRIES)) {
      const entry = files[path]
      if (!isRecord(entry) || typeof entry.sha256 !== 'string') continue
      const at = pointer('files', path)
      const target = manifestPath(path, folder)
      if (!target) {
        this.problem(
          'error',
          name,
          at,
          'is not a path inside the build; expected a relative path such as articles/x.json',
        )
        continue
      }
      const loaded = await load(target, this.root)
      if (!loaded.ok) this.problem('error', name, at, `names a file that ${loaded.message}`)
      else if (createHash('sha256').update(loaded.bytes).digest('hex') !== entry.sha256) {
        this.problem(
          'error',
          name,
          at,
          'does not match the file: its sha256 differs; expected the build to be complete',
        )
      }
    }
  }

  finish(): Report {
    const docs = [...this.docs.values()]
    checkContent(docs, (severity, doc, at, message) => this.problem(severity, doc.name, at, message))
    return { docs, problems: this.problems }
  }
}

function isManifest(value: Record<string, unknown>): boolean {
  return value.kind === 'bcecc-build-manifest'
}

/** A manifest entry's URL: a plain relative path (no scheme, host, query, "." or ".." segment) below `folder`. */
function manifestPath(path: string, folder: URL): URL | undefined {
  if (path.length > 1024 || !MANIFEST_PATH.test(path)) return undefined
  const url = new URL(path, folder)
  return url.href.startsWith(folder.href) ? url : undefined
}
const MANIFEST_PATH = /^[A-Za-z0-9_~-][A-Za-z0-9_.~-]*(\/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)*$/

function resolve(link: string, base: URL): URL | undefined {
  try {
    return new URL(link, base)
  } catch {
    return undefined
  }
}

type Report_ = (severity: Problem['severity'], doc: Doc, at: string, message: string) => void

/** The checks a schema cannot make, across every document that was loaded. */
export function checkContent(docs: Doc[], report: Report_): void {
  const feedPages = docs.filter((d) => d.kind === 'feed' && d.role === 'feed-page')
  const otherFeeds = docs.filter((d) => d.kind === 'feed' && d.role !== 'feed-page')
  const eventDocs = docs.filter((d) => d.kind === 'events')
  for (const doc of [...eventDocs, ...docs.filter((d) => d.kind === 'office')]) {
    if (doc.bytes > MAX_DOCUMENT_APP_BYTES) {
      report(
        'error',
        doc,
        '',
        `is ${doc.bytes} bytes; expected at most ${MAX_DOCUMENT_APP_BYTES} bytes, the most the app accepts (and caches) in one document`,
      )
    }
  }

  const articleIds = new Map<string, { doc: Doc; at: string; language?: string }>()
  for (const page of feedPages) collectItems(page, articleIds, report)
  for (const doc of otherFeeds) collectItems(doc, new Map(), report)
  const knownIds = new Set(articleIds.keys())
  for (const doc of otherFeeds) for (const item of items(doc)) knownIds.add(feedItemId(item.value.id) ?? '')

  const eventUids = new Map<string, { doc: Doc; at: string }>()
  for (const doc of eventDocs) {
    checkEvents(doc, eventUids, report)
    checkExpansion(doc, report)
  }
  for (const doc of docs.filter((d) => d.kind === 'office')) checkOffice(doc, report)

  const mainGroupLoaded = eventDocs.some((d) => d.json['@type'] === 'Group')
  let warnedNoEvents = false
  for (const doc of [...feedPages, ...otherFeeds]) {
    if (doc.bytes > MAX_FEED_PAGE_BYTES) {
      report(
        'error',
        doc,
        '',
        `is ${doc.bytes} bytes; expected a feed page of at most ${MAX_FEED_PAGE_BYTES} bytes (split it with next_url)`,
      )
    }
    for (const { value: item, at } of items(doc)) {
      const ext = item[EXTENSION]
      if (!isRecord(ext)) continue
      const translations = ext.translations
      if (isRecord(translations)) {
        for (const [language, target] of Object.entries(translations)) {
          const id = feedItemId(target)
          if (id === undefined) continue
          const found = articleIds.get(id)
          const where = `${at}/${EXTENSION}/translations/${language}`
          if (!knownIds.has(id))
            report(
              'error',
              doc,
              where,
              `names article "${id}", which is not in the feed; expected the id of the ${language} version`,
            )
          else if (
            found?.language &&
            !found.language.toLowerCase().startsWith(language.toLowerCase().split('-')[0] ?? '')
          ) {
            report(
              'warning',
              doc,
              where,
              `names article "${id}", whose language is ${found.language}; expected a ${language} article`,
            )
          }
        }
      }
      const related = ext.related_events
      if (Array.isArray(related)) {
        related.forEach((uid, i) => {
          if (typeof uid !== 'string') return
          if (!mainGroupLoaded && eventDocs.length === 0) {
            if (!warnedNoEvents)
              report(
                'warning',
                doc,
                `${at}/${EXTENSION}/related_events`,
                'could not be checked: no events document was found',
              )
            warnedNoEvents = true
          } else if (!eventUids.has(uid)) {
            report(
              'error',
              doc,
              `${at}/${EXTENSION}/related_events/${i}`,
              `names event "${uid}", which is not in the events document; expected an event uid`,
            )
          }
        })
      }
    }
  }
}

function items(doc: Doc): Array<{ value: Record<string, unknown>; at: string }> {
  const list = doc.json.items
  if (!Array.isArray(list)) return []
  return list.flatMap((value, i) => (isRecord(value) ? [{ value, at: `/items/${i}` }] : []))
}

function collectItems(
  doc: Doc,
  seen: Map<string, { doc: Doc; at: string; language?: string }>,
  report: Report_,
): void {
  const feedLanguage = typeof doc.json.language === 'string' ? doc.json.language : undefined
  // Only our own feeds (with the extension) are built into per-article documents.
  const ours = isRecord(doc.json[EXTENSION])
  for (const { value: item, at } of items(doc)) {
    const id = feedItemId(item.id)
    if (id === undefined) {
      if (typeof item.id === 'string' && hasLoneSurrogate(item.id))
        report(
          'error',
          doc,
          `${at}/id`,
          'holds half of a UTF-16 pair, which no link can carry; expected well-formed text',
        )
      else if (item.id !== undefined)
        report('error', doc, `${at}/id`, 'is empty; expected a unique, non-empty id')
      continue
    }
    const earlier = seen.get(id)
    if (earlier) {
      report(
        'error',
        doc,
        `${at}/id`,
        `repeats "${id}" (first at ${earlier.doc.name}#${earlier.at}); expected ids unique in the feed`,
      )
    } else {
      const language = typeof item.language === 'string' ? item.language : feedLanguage
      seen.set(id, language ? { doc, at, language } : { doc, at })
    }
    if (ours && !isPathSafeId(id)) {
      report(
        'warning',
        doc,
        `${at}/id`,
        'cannot name a document in the static build; deep links need ids of A-Z a-z 0-9 - _ . ~',
      )
    }
    const published = typeof item.date_published === 'string' ? parseRfc3339(item.date_published) : undefined
    const modified = typeof item.date_modified === 'string' ? parseRfc3339(item.date_modified) : undefined
    if (published !== undefined && modified !== undefined && modified < published) {
      report(
        'warning',
        doc,
        `${at}/date_modified`,
        'is before date_published; expected the same time or later',
      )
    }
    if (
      item.title === undefined &&
      item.summary === undefined &&
      item.content_text === undefined &&
      item.content_html === undefined
    ) {
      report('warning', doc, at, 'has no title, summary or content to show')
    }
    for (const field of ['image', 'banner_image'] as const) {
      const url = item[field]
      if (typeof url !== 'string') continue
      const problem = imageUrlProblem(url)
      if (problem) report('warning', doc, `${at}/${field}`, problem)
    }
  }
}

/** An event's duration (not zero; whole days when all-day), its time zones and its places' coordinates. */
function checkWhenAndWhere(doc: Doc, event: Record<string, unknown>, at: string, report: Report_): void {
  const duration = typeof event.duration === 'string' ? parseDuration(event.duration) : undefined
  if (duration && duration.days === 0 && duration.seconds === 0) {
    report(
      'error',
      doc,
      `${at}/duration`,
      'is zero, so the event would end when it starts; expected the end after the start',
    )
  }
  if (duration && event.showWithoutTime === true && duration.seconds !== 0) {
    report(
      'warning',
      doc,
      `${at}/duration`,
      'has hours or minutes on an all-day event; expected whole days such as P2D',
    )
  }
  const zones: Array<[string, unknown]> = [[`${at}/timeZone`, event.timeZone]]
  const locations = isRecord(event.locations) ? event.locations : {}
  for (const [id, location] of Object.entries(locations)) {
    if (!isRecord(location)) continue
    zones.push([`${at}/locations/${id}/timeZone`, location.timeZone])
    if (typeof location.coordinates === 'string' && !parseGeoUri(location.coordinates)) {
      report(
        'error',
        doc,
        `${at}/locations/${id}/coordinates`,
        'is out of range; expected geo:latitude,longitude with |latitude| ≤ 90 and |longitude| ≤ 180',
      )
    }
  }
  for (const [where, zone] of zones) {
    if (typeof zone === 'string' && !isTimeZone(zone)) {
      report(
        'error',
        doc,
        where,
        `is ${JSON.stringify(zone)}, which is not a known time zone; expected an IANA name such as Asia/Shanghai`,
      )
    }
  }
}

function checkEvents(doc: Doc, seen: Map<string, { doc: Doc; at: string }>, report: Report_): void {
  const entries: Array<{ value: Record<string, unknown>; at: string }> =
    doc.json['@type'] === 'Group'
      ? (Array.isArray(doc.json.entries) ? doc.json.entries : []).flatMap((value: unknown, i: number) =>
          isRecord(value) ? [{ value, at: `/entries/${i}` }] : [],
        )
      : [{ value: doc.json, at: '' }]
  const isGroup = doc.json['@type'] === 'Group'
  for (const { value: event, at } of entries) {
    const uid = event.uid
    if (typeof uid === 'string' && hasLoneSurrogate(uid))
      report(
        'error',
        doc,
        `${at}/uid`,
        'holds half of a UTF-16 pair, which no link can carry; expected well-formed text',
      )
    if (typeof uid === 'string' && isGroup) {
      const earlier = seen.get(uid)
      if (earlier)
        report(
          'error',
          doc,
          `${at}/uid`,
          `repeats "${uid}" (first at ${earlier.doc.name}#${earlier.at}); expected uids unique`,
        )
      else seen.set(uid, { doc, at })
      if (!isPathSafeId(uid))
        report(
          'warning',
          doc,
          `${at}/uid`,
          'cannot name a document in the static build; deep links need uids of A-Z a-z 0-9 - _ . ~',
        )
    }
    const start = typeof event.start === 'string' ? event.start : undefined
    checkWhenAndWhere(doc, event, at, report)
    if (event[`${VENDOR}datePrecision`] === 'month' && start && !/^\d{4}-\d{2}-01T/.test(start)) {
      report(
        'warning',
        doc,
        `${at}/start`,
        'is not the first of the month although only the month is known; expected YYYY-MM-01T00:00:00',
      )
    }
    checkRecurrence(doc, event, at, report)
    const localizations = isRecord(event.localizations) ? event.localizations : {}
    for (const [language, patch] of Object.entries(localizations)) {
      if (!isRecord(patch)) continue
      for (const path of Object.keys(patch)) {
        if (!patchTargetExists(event, path)) {
          report(
            'error',
            doc,
            `${at}/localizations/${language}/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`,
            `patches "${path}", which the event does not have; expected a path such as title or locations/<id>/name`,
          )
        }
      }
    }
    const links = isRecord(event.links) ? event.links : {}
    for (const [id, link] of Object.entries(links)) {
      if (isRecord(link) && typeof link.href === 'string' && /^http:/i.test(link.href)) {
        report('warning', doc, `${at}/links/${id}/href`, 'is an http URL; expected https')
      }
    }
  }
}

/**
 * Recurrence the app cannot expand (sub-daily rules, week numbers, other calendars…) is a warning: the app then
 * shows the event's first occurrence only, which for an old series is a past event.
 */
function checkRecurrence(doc: Doc, event: Record<string, unknown>, at: string, report: Report_): void {
  const { recurrence, problems } = parseRecurrence(event)
  for (const problem of problems) {
    // Override keys that are not local date-times are the schema's to report.
    if (/^recurrenceOverrides\/./.test(problem.path) && /local date-time such/.test(problem.message)) continue
    report(
      'warning',
      doc,
      `${at}/${problem.path}`,
      `${problem.message}; the app will not repeat the event by it`,
    )
  }
  const start = typeof event.start === 'string' ? parseLocalDateTime(event.start) : undefined
  if (!recurrence || !start) return
  recurrence.rules.forEach((rule, i) => {
    if (!countReachesNow(rule, start, Date.now()))
      report(
        'warning',
        doc,
        `${at}/recurrenceRules/${i}/count`,
        'counts from a start too long ago for the app to follow to today; expected until, or a later start',
      )
  })
}

/**
 * What the app would cut: an event whose rules need more candidate times than it allows one event (its page would
 * show only the first date), and a calendar whose occurrences within a year either side of today are more than the
 * Events tab draws. Both are errors: the document is refused rather than shown half.
 */
function checkExpansion(doc: Doc, report: Report_): void {
  let events
  try {
    events = parseEvents(doc.json, doc.url.href).events
  } catch {
    return // not an events document: the schema says so
  }
  const { tooMuchWork, occurrences } = expansionCost(events, Date.now())
  const entries =
    doc.json['@type'] === 'Group' && Array.isArray(doc.json.entries) ? doc.json.entries : [doc.json]
  for (const uid of tooMuchWork) {
    const i = entries.findIndex((e: unknown) => isRecord(e) && e.uid === uid)
    const at = doc.json['@type'] === 'Group' ? `/entries/${i}` : ''
    report(
      'error',
      doc,
      `${at}/recurrenceRules`,
      `asks for more than ${MAX_CANDIDATES.toLocaleString('en')} candidate dates and times within a year either side of today, more than the app works through for one event (it would show only the first date); expected fewer byHour, byMinute or bySecond values, or a longer interval`,
    )
  }
  if (occurrences > MAX_CALENDAR_OCCURRENCES)
    report(
      'error',
      doc,
      doc.json['@type'] === 'Group' ? '/entries' : '',
      `makes ${occurrences.toLocaleString('en')} dates within a year either side of today; the app shows at most ${MAX_CALENDAR_OCCURRENCES.toLocaleString('en')} (expected fewer repeating events, a longer interval or an earlier until)`,
    )
}

/** Whether a localization patch path names a field the event has (own properties only, no reserved segment). */
function patchTargetExists(event: Record<string, unknown>, path: string): boolean {
  const segments = patchSegments(path)
  if (!segments) return false
  let node: unknown = event
  for (const segment of segments.slice(0, -1)) {
    if (!isRecord(node) || !hasOwn(node, segment)) return false
    node = node[segment]
  }
  return isRecord(node)
}

function checkOffice(doc: Doc, report: Report_): void {
  const ext = doc.json[EXTENSION]
  if (!isRecord(ext)) return
  const account = ext.officialAccount
  if (isRecord(account) && typeof account.qrCode === 'string') {
    const problem = imageUrlProblem(account.qrCode)
    if (problem) report('error', doc, `/${EXTENSION}/officialAccount/qrCode`, problem)
  }
  const domains = Array.isArray(doc.json.knowsAbout) ? doc.json.knowsAbout : []
  const codes = new Set<string>()
  domains.forEach((d: unknown, i: number) => {
    if (!isRecord(d) || typeof d.termCode !== 'string') return
    if (codes.has(d.termCode))
      report('error', doc, `/knowsAbout/${i}/termCode`, `repeats "${d.termCode}"; expected each domain once`)
    codes.add(d.termCode)
  })
}
