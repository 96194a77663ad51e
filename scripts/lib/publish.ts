// Publishing a build to S3-compatible object storage (Tencent Cloud COS, AWS S3, MinIO…) behind a CDN, so that a
// reader never fetches a feed that points at a document not yet uploaded:
//   1. hashed images and the per-article and per-event documents   (nothing live points at new ones yet)
//   2. events.json and office.json
//   3. feed pages 2, 3, …, then feed.json                          (the moment the new content goes live)
//   4. manifest.json                                                (the record of what is live)
//   5. deletions of objects no longer in the build                  (only once the new feed is live)
// Only objects whose bytes changed are uploaded: the live manifest says what is there (sha256 per file). A failure
// before step 3 leaves the live feed as it was; running publish again finishes the job.

import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import type { Site } from './build'
import { PublishError, type Target } from './publish-settings'
import { contentType } from './server'

/** How long a CDN and the app may keep each kind of file. */
export function cacheControl(path: string): string {
  if (path === 'manifest.json' || path.startsWith(`${HISTORY}records/`)) return 'no-cache'
  // The hosted editor's page and settings: a new version is seen at the next load.
  if (path === 'admin/index.html' || path === 'admin/config.yml') return 'no-cache'
  if (/^feed(-\d+)?\.json$/.test(path) || path === 'events.json' || path === 'office.json')
    return 'public, max-age=300'
  if (path.startsWith('articles/') || path.startsWith('events/')) return 'public, max-age=3600'
  // Images are named by a hash of their content: they never change under their name.
  if (/-[0-9a-f]{12}(-\d+)?\.[a-z]+$/.test(path)) return 'public, max-age=31536000, immutable'
  return 'public, max-age=3600'
}

/** The order of uploads: what nothing live points at yet first, the first feed page last. */
function stage(path: string): number {
  if (path === 'manifest.json') return 5
  if (path === 'feed.json') return 4
  if (/^feed-\d+\.json$/.test(path)) return 3
  if (path === 'events.json' || path === 'office.json') return 2
  return 1
}

export interface Plan {
  upload: Array<{ path: string; bytes: number }>
  delete: string[]
  unchanged: number
}

export interface PublishReport extends Plan {
  dryRun: boolean
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** The folder under the prefix where publishes are recorded (publish-history.ts); never part of a build. */
export const HISTORY = '_publishes/'

/** A path a manifest or record may name: a plain relative path inside the prefix, outside the history's folder. */
export function safeObjectPath(path: string): boolean {
  return (
    path.length <= 512 &&
    /^[A-Za-z0-9_~-][\w.~-]*(\/[A-Za-z0-9_~-][\w.~-]*)*$/.test(path) &&
    !path.startsWith(HISTORY)
  )
}

/** What the live manifest.json says is online (path → sha256), or undefined when there is none. */
export async function liveManifest(
  client: S3Client,
  target: Target,
): Promise<Map<string, string> | undefined> {
  try {
    const object = await client.send(
      new GetObjectCommand({ Bucket: target.bucket, Key: `${target.prefix}manifest.json` }),
    )
    const text = await object.Body?.transformToString('utf8')
    const json = JSON.parse(text ?? '') as { kind?: unknown; files?: unknown }
    if (json.kind !== 'bcecc-build-manifest' || typeof json.files !== 'object' || json.files === null)
      return undefined
    const out = new Map<string, string>()
    for (const [path, entry] of Object.entries(json.files as Record<string, unknown>)) {
      const hash = (entry as { sha256?: unknown } | null)?.sha256
      // Written by anyone with access to the bucket: a path outside the prefix is never ours to delete.
      if (typeof hash === 'string' && safeObjectPath(path)) out.set(path, hash)
    }
    return out
  } catch (error) {
    const name = (error as { name?: string }).name
    if (name === 'NoSuchKey' || name === 'NotFound' || error instanceof SyntaxError) return undefined
    throw error
  }
}

async function liveKeys(client: S3Client, target: Target): Promise<Set<string>> {
  const keys = new Set<string>()
  let token: string | undefined
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: target.bucket, Prefix: target.prefix, ContinuationToken: token }),
    )
    for (const object of page.Contents ?? []) if (object.Key) keys.add(object.Key.slice(target.prefix.length))
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return keys
}

/** What a publish of `site` would change: uploads in publishing order, then deletions. */
export async function planPublish(client: S3Client, target: Target, site: Site): Promise<Plan> {
  const [manifest, keys] = await Promise.all([liveManifest(client, target), liveKeys(client, target)])
  const upload: Plan['upload'] = []
  let unchanged = 0
  for (const [path, bytes] of site.files) {
    // The manifest changes with any other file; uploaded whenever something else is.
    if (path === 'manifest.json') continue
    if (keys.has(path) && manifest?.get(path) === sha256(bytes)) unchanged++
    else upload.push({ path, bytes: bytes.length })
  }
  upload.sort((a, b) => stage(a.path) - stage(b.path) || (a.path < b.path ? -1 : 1))
  const manifestBytes = site.files.get('manifest.json')
  if (manifestBytes && (upload.length > 0 || manifest === undefined || !keys.has('manifest.json')))
    upload.push({ path: 'manifest.json', bytes: manifestBytes.length })
  else unchanged++
  // Only what an earlier publish put there (its manifest lists it) is ever deleted: other objects under the prefix
  // are not ours.
  const remove = [...(manifest?.keys() ?? [])].filter((key) => keys.has(key) && !site.files.has(key)).sort()
  return { upload, delete: remove, unchanged }
}

export interface PublishOptions {
  dryRun?: boolean
  onProgress?: (done: { objects: number; bytes: number }, total: { objects: number; bytes: number }) => void
}

/** Publishes `site`; throws PublishError saying what is live when something fails. */
export async function publish(
  client: S3Client,
  target: Target,
  site: Site,
  options: PublishOptions = {},
): Promise<PublishReport> {
  let plan: Plan
  try {
    plan = await planPublish(client, target, site)
  } catch (error) {
    throw new PublishError(
      `could not read the bucket ${target.bucket} (${describe(error)}); nothing was changed`,
    )
  }
  if (options.dryRun) return { ...plan, dryRun: true }

  const total = { objects: plan.upload.length, bytes: plan.upload.reduce((n, u) => n + u.bytes, 0) }
  const done = { objects: 0, bytes: 0 }
  let feedLive = false
  const put = async (path: string): Promise<void> => {
    const body = site.files.get(path) as Buffer
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: `${target.prefix}${path}`,
          Body: body,
          ContentType: contentType(path),
          CacheControl: cacheControl(path),
          Metadata: { sha256: sha256(body) },
        }),
      )
    } catch (error) {
      throw new PublishError(
        feedLive
          ? `the new feed is live, but ${path} could not be uploaded (${describe(error)}); publish again to finish`
          : `${path} could not be uploaded (${describe(error)}); the live feed was not changed: publish again`,
      )
    }
    if (path === 'feed.json') feedLive = true
    done.objects++
    done.bytes += body.length
    options.onProgress?.(done, total)
  }
  // Within a stage, four at a time; a stage starts only when the one before is complete.
  for (let s = 1; s <= 5; s++) {
    const batch = plan.upload.filter((u) => stage(u.path) === s)
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < batch.length) await put((batch[next++] as { path: string }).path)
    }
    await Promise.all(Array.from({ length: Math.min(4, batch.length) }, worker))
  }
  for (let i = 0; i < plan.delete.length; i += 1000) {
    const keys = plan.delete.slice(i, i + 1000)
    try {
      const result = await client.send(
        new DeleteObjectsCommand({
          Bucket: target.bucket,
          Delete: { Objects: keys.map((key) => ({ Key: `${target.prefix}${key}` })), Quiet: true },
        }),
      )
      if (result.Errors && result.Errors.length > 0)
        throw new Error(result.Errors[0]?.Message ?? 'delete refused')
    } catch (error) {
      throw new PublishError(
        `the new feed is live, but old files could not be deleted (${describe(error)}); publish again to clean up`,
      )
    }
  }
  return { ...plan, dryRun: false }
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message || 'failed'}${status ? `, HTTP ${status}` : ''}`
  }
  return String(error)
}
