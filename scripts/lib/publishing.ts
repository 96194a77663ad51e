// Publishing the editors' sources, one way for every caller (`content -- publish`, the web editor's "Publish to
// readers", CI): build from the sources, refuse on errors and on files nobody has reviewed, say what readers will
// see change, upload (publish.ts, recorded by publish-history.ts) and name the git commit it came from. Every message
// that leaves here has the storage key taken out.

import { join } from 'node:path'
import { buildSite, type Site } from './build'
import { contentCommit, publisherName } from './content-git'
import {
  publishRecorded,
  readHistory,
  rollback,
  type Changes,
  type HistoryEntry,
  type RecordedPublish,
} from './publish-history'
import { describe, type PublishOptions } from './publish'
import { PublishError, connect, publishEnv, redact, type Connection } from './publish-settings'
import { compileContent, type CompiledContent } from './sources'
import { formatSourceProblem } from './sources/fields'
import type { Site as SiteSettings } from './sources/office'

const ROOT = join(__dirname, '..', '..')
/** Where encoded images are kept between builds (not committed). */
export const IMAGE_CACHE = join(ROOT, '.cache', 'images')
/** The git-ignored file of publishing keys (BCECC_ENV_FILE names another, e.g. in tests). */
export const envFile = (): string => process.env.BCECC_ENV_FILE ?? join(ROOT, '.env')

/** A build that may go to readers, or why not. */
export type Candidate =
  | { ok: true; site: Site; compiled: CompiledContent; unreviewed: string[] }
  | {
      ok: false
      compiled: CompiledContent
      /** Errors to fix, or files to review. */
      kind: 'errors' | 'review'
      /** In English, then Chinese. */
      reason: string
      lines: string[]
    }

/** Builds `dir` for readers: refused with its errors, and with its files to review unless `allowUnreviewed`. */
export async function candidate(
  dir: string,
  options: {
    baseUrl?: string
    allowUnreviewed?: boolean
    cwd?: string
    /** Files published beside the content (the hosted editor under admin/), listed in the manifest too. */
    extra?: (site: SiteSettings | undefined) => Map<string, Buffer>
  } = {},
): Promise<Candidate> {
  const compiled = await compileContent(dir, {
    cacheDir: IMAGE_CACHE,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  })
  const errors = compiled.problems.filter((p) => p.severity === 'error')
  if (!compiled.documents || errors.length > 0)
    return {
      ok: false,
      compiled,
      lines: errors.map(formatSourceProblem),
      kind: 'errors',
      reason: `${errors.length} error${errors.length === 1 ? '' : 's'} to fix first · 有错误需先修正`,
    }
  const review = compiled.problems.filter((p) => p.review)
  const unreviewed = [...new Set(review.map((p) => p.file))]
  if (review.length > 0 && !options.allowUnreviewed)
    return {
      ok: false,
      compiled,
      lines: review.map(formatSourceProblem),
      kind: 'review',
      reason: `${unreviewed.length} file${unreviewed.length === 1 ? '' : 's'} to review before publishing · 有文件待审阅`,
    }
  const baseUrl = options.baseUrl ?? compiled.site?.baseUrl
  const assets = new Map(compiled.assets)
  for (const [path, bytes] of options.extra?.(compiled.site) ?? []) assets.set(path, bytes)
  const site = buildSite({ ...compiled.documents, assets }, baseUrl ? { baseUrl } : {})
  return { ok: true, site, compiled, unreviewed }
}

/** The storage for the sources in `dir`: its site.yaml's `publish:`, the environment, the `.env` file. */
export function connectFor(
  site: SiteSettings | undefined,
  options: { target?: string; env?: NodeJS.ProcessEnv; baseUrl?: string } = {},
  note?: (line: string) => void,
): Connection {
  const settings = site?.publish
  const baseUrl = options.baseUrl ?? site?.baseUrl
  return connect(
    {
      env: publishEnv(options.env ?? process.env, envFile()),
      ...(settings ? { settings } : {}),
      ...(options.target ? { target: options.target } : {}),
      ...(baseUrl ? { baseUrl } : {}),
    },
    note,
  )
}

/** A PublishError whose message names no secret of `connection`. */
function safely<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    const message = error instanceof PublishError ? error.message : describe(error)
    throw new PublishError(redact(message, connection.secrets))
  })
}

/** Publishes a candidate's site and records it, with the content's commit and the publisher's name. */
export async function publishCandidate(
  connection: Connection,
  dir: string,
  site: Site,
  options: PublishOptions = {},
): Promise<RecordedPublish> {
  const [commit, by] = await Promise.all([contentCommit(dir), publisherName(dir)])
  return safely(connection, () =>
    publishRecorded(connection.client, connection.target, site, {
      ...options,
      info: {
        ...(commit ? { commit: commit.commit } : {}),
        ...(commit?.dirty ? { dirty: true } : {}),
        ...(by ? { by } : {}),
      },
    }),
  )
}

export async function historyOf(connection: Connection, limit?: number): Promise<HistoryEntry[]> {
  return safely(connection, () => readHistory(connection.client, connection.target, limit))
}

export async function rollbackTo(
  connection: Connection,
  dir: string,
  id: string,
  options: PublishOptions = {},
): Promise<RecordedPublish> {
  const by = await publisherName(dir)
  return safely(connection, () =>
    rollback(connection.client, connection.target, id, { ...options, info: by ? { by } : {} }),
  )
}

/** "What readers will see change" as lines: "New article: …", one per document. */
export function changeLines(changes: Changes): string[] {
  const label = { article: 'article', event: 'event', office: 'office profile' }
  return [
    ...changes.added.map((c) => `new ${label[c.kind]}: ${c.title}`),
    ...changes.changed.map((c) => `changed ${label[c.kind]}: ${c.title}`),
    ...changes.removed.map((c) => `removed ${label[c.kind]}: ${c.title}`),
  ]
}
