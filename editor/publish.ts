// "Publish to readers" in the web editor: the actions its page asks for through the editor's file API (same gate:
// this machine's page, this run's token), answered here with publishing.ts, as `content -- publish` does it:
//   publishPlan     build, refuse on errors and files to review, say what readers will see change (by title)
//   publishStart    publish what the plan showed (refused if the content changed since), in the background
//   publishStatus   where it is: uploading n of m, or live since when, or what failed and what readers see
//   publishHistory  the last publishes
//   publishUndo     make the publish before the last one live again
// One publish or undo at a time: a second click while one runs gets the running one's status and starts nothing.

import { createHash } from 'node:crypto'
import { dirname } from 'node:path'
import type { HistoryEntry } from '../scripts/lib/publish-history'
import { PublishError, missingSettings, publishEnv, type Connection } from '../scripts/lib/publish-settings'
import {
  candidate,
  changeLines,
  connectFor,
  envFile,
  historyOf,
  publishCandidate,
  rollbackTo,
  type Candidate,
} from '../scripts/lib/publishing'
import { readSiteSettings } from '../scripts/lib/sources'

export const PUBLISH_ACTIONS = new Set([
  'publishPlan',
  'publishStart',
  'publishStatus',
  'publishHistory',
  'publishUndo',
])

export interface PublishStatus {
  running: boolean
  /** What is being done: "publish" or "undo". */
  what?: 'publish' | 'undo'
  step?: 'building' | 'uploading'
  done?: number
  total?: number
  /** The last finished run. */
  outcome?:
    | {
        ok: true
        what: 'publish' | 'undo'
        time: string
        feedUrl?: string
        id?: string
        nothingChanged?: boolean
        warning?: string
      }
    | { ok: false; what: 'publish' | 'undo'; message: string; readersSeeNew: boolean }
}

interface Summary {
  id: string
  time?: string
  action?: 'publish' | 'rollback'
  restores?: string
  commit?: string
  dirty?: boolean
  by?: string
  lines?: string[]
  problem?: string
}

function summary(entry: HistoryEntry): Summary {
  const r = entry.record
  if (!r) return { id: entry.id, problem: entry.problem ?? 'unreadable' }
  return {
    id: r.id,
    time: r.time,
    action: r.action,
    ...(r.restores ? { restores: r.restores } : {}),
    ...(r.commit ? { commit: r.commit.slice(0, 10) } : {}),
    ...(r.dirty ? { dirty: true } : {}),
    ...(r.by ? { by: r.by } : {}),
    lines: changeLines(r.changes).slice(0, 50),
  }
}

const fingerprint = (built: Extract<Candidate, { ok: true }>): string =>
  createHash('sha256')
    .update(built.site.files.get('manifest.json') ?? '')
    .digest('hex')
    .slice(0, 16)

export interface Publisher {
  answer(action: string, params: Record<string, unknown>): Promise<{ status: number; body: unknown }>
  /** Resolves when no publish runs (a server that stops waits for it). */
  idle(): Promise<void>
}

type Answer = { status: number; body: unknown }

/** The storage, or why not: settings missing, or the key not set. */
async function storageFor(contentDir: string, log: (line: string) => void): Promise<Connection | string> {
  const { site } = await readSiteSettings(contentDir)
  const missing = missingSettings(site?.publish, publishEnv(process.env, envFile()))
  if (missing) return missing
  try {
    return connectFor(site, {}, log)
  } catch (error) {
    return error instanceof PublishError ? error.message : String(error)
  }
}

/**
 * An answer that needs the storage: "unconfigured" when there is none, "failed" with the reason when `work` throws;
 * the storage is closed after.
 */
async function withStorageAnswer(
  contentDir: string,
  log: (line: string) => void,
  work: (conn: Connection) => Promise<Answer>,
): Promise<Answer> {
  const conn = await storageFor(contentDir, log)
  if (typeof conn === 'string') return { status: 200, body: { unconfigured: conn } }
  try {
    return await work(conn)
  } catch (error) {
    return { status: 200, body: { failed: error instanceof Error ? error.message : String(error) } }
  } finally {
    conn.client.destroy()
  }
}

/** What a publish would change, by title, or why it would be refused (nothing is uploaded). */
function planFor(contentDir: string, log: (line: string) => void): Promise<Answer> {
  return withStorageAnswer(contentDir, log, async (conn) => {
    const built = await candidate(contentDir, { cwd: dirname(contentDir) })
    if (!built.ok) return { status: 200, body: { refused: built.reason, lines: built.lines } }
    const { changes, report } = await publishCandidate(conn, contentDir, built.site, { dryRun: true })
    return {
      status: 200,
      body: {
        fingerprint: fingerprint(built),
        lines: changeLines(changes),
        objects: report.upload.length,
        deletions: report.delete.length,
        where: conn.where,
        ...(conn.feedUrl ? { feedUrl: conn.feedUrl } : {}),
      },
    }
  })
}

/** What a finished publish or undo says: live since when, where, and anything to know. */
function outcome(
  what: 'publish' | 'undo',
  conn: Connection,
  done: Awaited<ReturnType<typeof publishCandidate>>,
): PublishStatus['outcome'] {
  return {
    ok: true,
    what,
    time: done.record?.time ?? new Date().toISOString(),
    ...(conn.feedUrl ? { feedUrl: conn.feedUrl } : {}),
    ...(done.record ? { id: done.record.id } : {}),
    ...(done.report.upload.length === 0 ? { nothingChanged: true } : {}),
    ...(done.unrecorded ? { warning: done.unrecorded } : {}),
  }
}

/** The last five publishes, newest first. */
function recentFor(contentDir: string, log: (line: string) => void): Promise<Answer> {
  return withStorageAnswer(contentDir, log, async (conn) => {
    const entries = await historyOf(conn, 5)
    return {
      status: 200,
      body: {
        publishes: entries.reverse().map(summary),
        ...(conn.feedUrl ? { feedUrl: conn.feedUrl } : {}),
      },
    }
  })
}

/** A publish's or an undo's work, given the storage and a way to tell its progress. */
type Work = (
  conn: Connection,
  progress: (done: number, total: number) => void,
) => Promise<PublishStatus['outcome']>

/** "Publish now": build again, refuse if the content changed since the list was shown, publish. */
function publishing(contentDir: string, expected: unknown): Work {
  return async (conn, progress) => {
    const built = await candidate(contentDir, { cwd: dirname(contentDir) })
    if (!built.ok)
      throw new PublishError(`${built.reason}; nothing was uploaded, readers still see the previous version`)
    if (fingerprint(built) !== expected)
      throw new PublishError(
        'The content changed since you looked at the changes; nothing was uploaded. Press "Publish to readers" again to see them · 内容在您查看后已更改，未上传任何内容，请重新查看',
      )
    const done = await publishCandidate(conn, contentDir, built.site, {
      onProgress: (d, t) => progress(d.objects, t.objects),
    })
    return outcome('publish', conn, done)
  }
}

/** "Undo the last publish": the publish before it, live again (refused if the page's list is stale). */
function undoing(contentDir: string, last: unknown): Work {
  return async (conn, progress) => {
    const entries = await historyOf(conn, 2)
    const [before, latest] = entries.length === 2 ? entries : [undefined, entries[0]]
    if (!latest || latest.id !== last)
      throw new PublishError(
        'Another publish happened since this page looked; nothing was changed. Look at the list again · 列表已过期，未做任何更改',
      )
    if (!before?.record)
      throw new PublishError(
        'There is no earlier publish to go back to; nothing was changed · 没有更早的发布可恢复',
      )
    const done = await rollbackTo(conn, contentDir, before.id, {
      onProgress: (d, t) => progress(d.objects, t.objects),
    })
    return outcome('undo', conn, done)
  }
}

export function createPublisher(contentDir: string, log: (line: string) => void): Publisher {
  let status: PublishStatus = { running: false }
  let running: Promise<void> = Promise.resolve()

  /** Runs `work` as the one publish or undo of the moment, with its progress in `status`. */
  const start = (
    what: 'publish' | 'undo',
    work: (progress: (done: number, total: number) => void) => Promise<PublishStatus['outcome']>,
  ): void => {
    status = { running: true, what, step: 'building' }
    running = work((done, total) => {
      status = { running: true, what, step: 'uploading', done, total }
    })
      .then(
        (outcome) => {
          status = { running: false, ...(outcome ? { outcome } : {}) }
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error)
          status = {
            running: false,
            outcome: { ok: false, what, message, readersSeeNew: /the new feed is live/.test(message) },
          }
        },
      )
      .then(() => {
        const o = status.outcome
        log(
          o?.ok
            ? `${what === 'undo' ? 'Undone' : 'Published'} from the web editor${o.id ? ` (${o.id})` : ''}.`
            : `The web editor's ${what} failed: ${o && !o.ok ? o.message : ''}`,
        )
      })
  }

  /**
   * Starts `work` as the one publish or undo of the moment (202), with its connection closed when it ends; while one
   * runs, or two clicks arrive at once, the running one's status (200) and nothing started.
   */
  const run = async (what: 'publish' | 'undo', work: Work): Promise<Answer> => {
    if (status.running) return { status: 200, body: status }
    const conn = await storageFor(contentDir, log)
    if (typeof conn === 'string') return { status: 200, body: { unconfigured: conn } }
    if (status.running) {
      conn.client.destroy()
      return { status: 200, body: status }
    }
    start(what, (progress) => work(conn, progress).finally(() => conn.client.destroy()))
    return { status: 202, body: status }
  }

  return {
    async answer(action, params) {
      switch (action) {
        case 'publishPlan':
          return status.running ? { status: 200, body: status } : planFor(contentDir, log)
        case 'publishStart':
          return run('publish', publishing(contentDir, params.fingerprint))
        case 'publishStatus':
          return { status: 200, body: status }
        case 'publishHistory':
          return recentFor(contentDir, log)
        case 'publishUndo':
          return run('undo', undoing(contentDir, params.id))
        default:
          return { status: 422, body: { error: `unknown action ${action}` } }
      }
    },
    idle: () => running,
  }
}
