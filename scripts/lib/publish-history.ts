// Every publish recorded, and any recorded publish live again. Beside the live files, under the same prefix:
//   _publishes/objects/<sha256>      every file any publish uploaded, named by its content (written before the
//                                    live upload starts, so a record never names bytes the storage lacks)
//   _publishes/records/<id>.json     one per publish or rollback: when, which git commit, by whom, every file
//                                    (path → sha256) and the titles of its articles and events
// A rollback rebuilds a site from a record and publishes it with `publish` itself: the same upload order, so the
// live feed never names a missing document. Records are read as hostile input: a record that names a path outside
// the prefix (.., /, \, a hidden name, the history itself) or a malformed hash is refused before anything is written.

import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import type { Site } from './build'
import {
  HISTORY,
  describe,
  liveManifest,
  publish,
  safeObjectPath,
  sha256,
  type PublishOptions,
  type PublishReport,
} from './publish'
import { PublishError, type Target } from './publish-settings'

const RECORD_KIND = 'bcecc-publish'
/** A record larger than this is not one of ours. */
const MAX_RECORD_BYTES = 8 * 1024 * 1024
const MAX_FILES = 100_000
const ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/
const HASH = /^[0-9a-f]{64}$/

export interface FileEntry {
  sha256: string
  bytes: number
}

export interface PublishRecord {
  kind: typeof RECORD_KIND
  version: 1
  id: string
  /** ISO time the new content went live. */
  time: string
  action: 'publish' | 'rollback'
  /** The publish a rollback made live again. */
  restores?: string
  /** The content repository's commit, and whether content/ had changes not yet committed. */
  commit?: string
  dirty?: boolean
  by?: string
  files: Record<string, FileEntry>
  /** Title per article and event document, for "what changed" lists. */
  titles: Record<string, string>
  changes: Changes
}

export interface Change {
  kind: 'article' | 'event' | 'office'
  path: string
  title: string
}

export interface Changes {
  added: Change[]
  changed: Change[]
  removed: Change[]
}

function kindOf(path: string): Change['kind'] | undefined {
  if (/^articles\/[^/]+\.json$/.test(path)) return 'article'
  if (/^events\/[^/]+\.json$/.test(path)) return 'event'
  if (path === 'office.json') return 'office'
  return undefined
}

/** The title of an article, event or office document, as readers see it (the path's name when it has none). */
function titleOf(path: string, bytes: Buffer | undefined): string {
  const name = path.replace(/^.*\//, '').replace(/\.json$/, '')
  if (!bytes) return name
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
    const item = Array.isArray(doc.items) ? (doc.items[0] as Record<string, unknown> | undefined) : doc
    const title = item?.title ?? item?.name
    if (typeof title === 'string' && title.trim()) return title.trim().slice(0, 200)
    if (title && typeof title === 'object') {
      const first = Object.values(title as Record<string, unknown>).find((v) => typeof v === 'string')
      if (typeof first === 'string') return first.trim().slice(0, 200)
    }
  } catch {
    // Not JSON: its name says enough.
  }
  return name
}

/** Titles of the articles, events and office of a site. */
export function titlesOf(site: Site): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [path, bytes] of site.files) if (kindOf(path)) out[path] = titleOf(path, bytes)
  return out
}

/** What readers will see change: articles, events and the office, new, changed and removed, by title. */
export function changesBetween(
  live: Map<string, string> | undefined,
  liveTitles: Record<string, string>,
  site: Site,
): Changes {
  const out: Changes = { added: [], changed: [], removed: [] }
  for (const [path, bytes] of site.files) {
    const kind = kindOf(path)
    if (!kind) continue
    const before = live?.get(path)
    if (before === sha256(bytes)) continue
    ;(before === undefined ? out.added : out.changed).push({ kind, path, title: titleOf(path, bytes) })
  }
  for (const path of live?.keys() ?? []) {
    const kind = kindOf(path)
    if (kind && !site.files.has(path))
      out.removed.push({
        kind,
        path,
        title: Object.hasOwn(liveTitles, path) ? (liveTitles[path] as string) : titleOf(path, undefined),
      })
  }
  for (const list of [out.added, out.changed, out.removed]) list.sort((a, b) => a.path.localeCompare(b.path))
  return out
}

async function getText(
  client: S3Client,
  bucket: string,
  key: string,
  max: number,
): Promise<Buffer | undefined> {
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    if ((object.ContentLength ?? 0) > max) throw new PublishError(`${key} is larger than ${max} bytes`)
    const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array())
    if (bytes.length > max) throw new PublishError(`${key} is larger than ${max} bytes`)
    return bytes
  } catch (error) {
    const name = (error as { name?: string }).name
    if (name === 'NoSuchKey' || name === 'NotFound') return undefined
    throw error
  }
}

async function listKeys(client: S3Client, target: Target, folder: string): Promise<string[]> {
  const keys: string[] = []
  let token: string | undefined
  const prefix = `${target.prefix}${HISTORY}${folder}`
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: target.bucket, Prefix: prefix, ContinuationToken: token }),
    )
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(prefix.length))
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return keys
}

/** A record read from the storage, checked field by field; PublishError saying what is wrong otherwise. */
export function checkRecord(value: unknown, id: string): PublishRecord {
  const bad = (what: string): never => {
    throw new PublishError(`the record of publish ${id} ${what}; it is refused and nothing was changed`)
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return bad('is not a JSON object')
  const r = value as Record<string, unknown>
  if (r.kind !== RECORD_KIND || r.version !== 1) return bad('is not a publish record')
  if (r.id !== id) return bad(`names another publish (${JSON.stringify(r.id)})`)
  if (typeof r.time !== 'string' || Number.isNaN(Date.parse(r.time))) return bad('has no time')
  if (r.action !== 'publish' && r.action !== 'rollback') return bad('has no action')
  if (!r.files || typeof r.files !== 'object' || Array.isArray(r.files)) return bad('lists no files')
  const entries = Object.entries(r.files as Record<string, unknown>)
  if (entries.length > MAX_FILES) return bad(`lists more than ${MAX_FILES} files`)
  const files: Record<string, FileEntry> = {}
  for (const [path, entry] of entries) {
    if (!safeObjectPath(path))
      return bad(
        `names ${JSON.stringify(path.slice(0, 120))}, which is not a path inside the target's prefix`,
      )
    const e = entry as Partial<FileEntry> | null
    if (
      !e ||
      typeof e.sha256 !== 'string' ||
      !HASH.test(e.sha256) ||
      !Number.isSafeInteger(e.bytes) ||
      (e.bytes as number) < 0
    )
      return bad(`has no valid sha256 and size for ${path}`)
    Object.defineProperty(files, path, {
      value: { sha256: e.sha256, bytes: e.bytes },
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  if (!Object.hasOwn(files, 'feed.json') || !Object.hasOwn(files, 'manifest.json'))
    return bad('lists no feed.json and manifest.json')
  const titles: Record<string, string> = {}
  if (r.titles && typeof r.titles === 'object')
    for (const [path, title] of Object.entries(r.titles as Record<string, unknown>))
      if (typeof title === 'string' && Object.hasOwn(files, path))
        Object.defineProperty(titles, path, {
          value: title.slice(0, 200),
          enumerable: true,
          writable: true,
          configurable: true,
        })
  const changeList = (list: unknown): Change[] =>
    Array.isArray(list)
      ? list
          .filter(
            (c): c is Change =>
              !!c &&
              typeof c === 'object' &&
              typeof (c as Change).path === 'string' &&
              typeof (c as Change).title === 'string',
          )
          .slice(0, MAX_FILES)
          .map((c) => ({
            kind: kindOf(c.path) ?? 'article',
            path: c.path.slice(0, 512),
            title: c.title.slice(0, 200),
          }))
      : []
  const changes = (r.changes ?? {}) as Record<string, unknown>
  return {
    kind: RECORD_KIND,
    version: 1,
    id,
    time: r.time,
    action: r.action,
    ...(typeof r.restores === 'string' && ID.test(r.restores) ? { restores: r.restores } : {}),
    ...(typeof r.commit === 'string' && /^[0-9a-f]{7,64}$/.test(r.commit) ? { commit: r.commit } : {}),
    ...(r.dirty === true ? { dirty: true } : {}),
    ...(typeof r.by === 'string' ? { by: r.by.slice(0, 120) } : {}),
    files,
    titles,
    changes: {
      added: changeList(changes.added),
      changed: changeList(changes.changed),
      removed: changeList(changes.removed),
    },
  }
}

export interface HistoryEntry {
  id: string
  record?: PublishRecord
  /** Why a record could not be read. */
  problem?: string
}

/** The last `limit` publishes, oldest first (ids are times, so they sort). */
export async function readHistory(client: S3Client, target: Target, limit = 20): Promise<HistoryEntry[]> {
  const ids = (await listKeys(client, target, 'records/'))
    .map((key) => /^(.+)\.json$/.exec(key)?.[1] ?? '')
    .filter((id) => ID.test(id))
    .sort()
    .slice(-limit)
  return Promise.all(
    ids.map(async (id): Promise<HistoryEntry> => {
      try {
        const bytes = await getText(
          client,
          target.bucket,
          `${target.prefix}${HISTORY}records/${id}.json`,
          MAX_RECORD_BYTES,
        )
        if (!bytes) return { id, problem: 'the record is gone' }
        return { id, record: checkRecord(JSON.parse(bytes.toString('utf8')), id) }
      } catch (error) {
        return {
          id,
          problem:
            error instanceof PublishError || error instanceof SyntaxError ? error.message : describe(error),
        }
      }
    }),
  )
}

export function newId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]|\.\d{3}/g, '')}-${randomBytes(3).toString('hex')}`
}

/** Four at a time, in order of the list. */
async function eachLimited<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(4, items.length) }, worker))
}

/** Keeps every file of `site` in the history's object store (what is there already is not sent again). */
export async function storeObjects(client: S3Client, target: Target, site: Site): Promise<number> {
  const stored = new Set(await listKeys(client, target, 'objects/'))
  const missing = new Map<string, Buffer>()
  for (const bytes of site.files.values()) {
    const hash = sha256(bytes)
    if (!stored.has(hash)) missing.set(hash, bytes)
  }
  await eachLimited([...missing], async ([hash, bytes]) => {
    await client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: `${target.prefix}${HISTORY}objects/${hash}`,
        Body: bytes,
        ContentType: 'application/octet-stream',
        CacheControl: 'public, max-age=31536000, immutable',
      }),
    )
  })
  return missing.size
}

export interface RecordInfo {
  commit?: string
  dirty?: boolean
  by?: string
}

export interface RecordedPublish {
  report: PublishReport
  changes: Changes
  record?: PublishRecord
  /** Set when the content went live but its record could not be written. */
  unrecorded?: string
}

/**
 * Publishes `site` and records it: its files into the object store first, then the live upload (publish.ts), then
 * the record. A publish that changes nothing writes no record. A dry run only says what would change.
 */
export async function publishRecorded(
  client: S3Client,
  target: Target,
  site: Site,
  options: PublishOptions & { info?: RecordInfo; restores?: string } = {},
): Promise<RecordedPublish> {
  let live: Map<string, string> | undefined
  let history: HistoryEntry[]
  try {
    ;[live, history] = await Promise.all([liveManifest(client, target), readHistory(client, target, 1)])
  } catch (error) {
    throw new PublishError(
      `could not read the bucket ${target.bucket} (${describe(error)}); nothing was changed`,
    )
  }
  const changes = changesBetween(live, history[0]?.record?.titles ?? {}, site)
  if (!options.dryRun) {
    try {
      await storeObjects(client, target, site)
    } catch (error) {
      throw new PublishError(
        `the files could not be kept in the publish history (${describe(error)}); the live feed was not changed: publish again`,
      )
    }
  }
  const report = await publish(client, target, site, options)
  if (options.dryRun || report.upload.length === 0) return { report, changes }
  const record: PublishRecord = {
    kind: RECORD_KIND,
    version: 1,
    id: newId(),
    time: new Date().toISOString(),
    action: options.restores ? 'rollback' : 'publish',
    ...(options.restores ? { restores: options.restores } : {}),
    ...options.info,
    files: Object.fromEntries(
      [...site.files]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([path, bytes]) => [path, { sha256: sha256(bytes), bytes: bytes.length }]),
    ),
    titles: titlesOf(site),
    changes,
  }
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: `${target.prefix}${HISTORY}records/${record.id}.json`,
        Body: JSON.stringify(record, null, 1),
        ContentType: 'application/json; charset=utf-8',
        CacheControl: 'no-cache',
      }),
    )
  } catch (error) {
    return {
      report,
      changes,
      unrecorded: `the new content is live, but its record could not be written (${describe(error)}); it cannot be undone from the history`,
    }
  }
  return { report, changes, record }
}

/**
 * The site a record describes, from the object store: every file's bytes checked against its sha256, and the
 * record's manifest.json against its list. PublishError (nothing changed) when anything is missing or differs.
 */
export async function siteOf(client: S3Client, target: Target, record: PublishRecord): Promise<Site> {
  const files = new Map<string, Buffer>()
  await eachLimited(Object.entries(record.files), async ([path, entry]) => {
    let bytes: Buffer | undefined
    try {
      bytes = await getText(
        client,
        target.bucket,
        `${target.prefix}${HISTORY}objects/${entry.sha256}`,
        200 * 1024 * 1024,
      )
    } catch (error) {
      throw new PublishError(
        `${path} of publish ${record.id} could not be read (${describe(error)}); nothing was changed`,
      )
    }
    if (!bytes || sha256(bytes) !== entry.sha256)
      throw new PublishError(
        `the history has lost ${path} of publish ${record.id}; it cannot be made live again, and nothing was changed`,
      )
    files.set(path, bytes)
  })
  const manifest = JSON.parse((files.get('manifest.json') as Buffer).toString('utf8')) as {
    files?: Record<string, unknown>
  }
  const listed = Object.keys(manifest.files ?? {}).sort()
  const recorded = Object.keys(record.files)
    .filter((p) => p !== 'manifest.json')
    .sort()
  if (listed.join('\n') !== recorded.join('\n'))
    throw new PublishError(
      `publish ${record.id}: its manifest.json and its record list different files; nothing was changed`,
    )
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))) }
}

/** Makes the publish `id` live again (a new record says so); PublishError when it cannot, with nothing changed. */
export async function rollback(
  client: S3Client,
  target: Target,
  id: string,
  options: PublishOptions & { info?: RecordInfo } = {},
): Promise<RecordedPublish & { restored: PublishRecord }> {
  if (!ID.test(id))
    throw new PublishError(
      `${JSON.stringify(id.slice(0, 60))} is not a publish; \`content -- history\` lists them`,
    )
  const bytes = await getText(
    client,
    target.bucket,
    `${target.prefix}${HISTORY}records/${id}.json`,
    MAX_RECORD_BYTES,
  ).catch((error: unknown) => {
    throw new PublishError(
      `could not read the history in ${target.bucket} (${describe(error)}); nothing was changed`,
    )
  })
  if (!bytes)
    throw new PublishError(`there is no publish ${id} in the history; \`content -- history\` lists them`)
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new PublishError(`the record of publish ${id} is not JSON; it is refused and nothing was changed`)
  }
  const restored = checkRecord(json, id)
  const site = await siteOf(client, target, restored)
  const done = await publishRecorded(client, target, site, { ...options, restores: id })
  return { ...done, restored }
}
