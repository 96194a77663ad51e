// The content tools' publishing tasks (npm run content -- publish | history | rollback | editor-build): what they
// print around the publishing library (lib/publishing.ts), which the web editor's button calls too.

import { resolve } from 'node:path'
import { ensureEditorDeps } from '../../../editor/server'
import { EditorBuildError, buildHostedEditor } from '../../../editor/hosted'
import type { PublishOptions } from '../publish'
import type { HistoryEntry, RecordedPublish } from '../publish-history'
import { PublishError, type Connection } from '../publish-settings'
import {
  candidate,
  changeLines,
  connectFor,
  historyOf,
  publishCandidate,
  rollbackTo,
  type Candidate,
} from '../publishing'
import { readSiteSettings } from '../sources'
import type { Site as SiteSettings } from '../sources/office'
import { formatSourceProblem } from '../sources/fields'
import { escapeControls } from '../validate'
import { holdsOtherFiles, replaceFolder } from './output'
import { UsageError } from './usage'

/** Connects to the storage the content's settings (or `target`) name; a PublishError is a usage problem. */
async function connection(root: string, target: string | undefined, baseUrl?: string): Promise<Connection> {
  if (target !== undefined && !target.startsWith('s3://'))
    throw new UsageError(`${target} is not a target; expected s3://bucket or s3://bucket/prefix`)
  try {
    return connectFor((await readSiteSettings(root)).site, {
      ...(target ? { target } : {}),
      ...(baseUrl ? { baseUrl } : {}),
    })
  } catch (error) {
    if (error instanceof PublishError) throw new UsageError(error.message)
    throw error
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`

/** Upload progress on a terminal; nothing in CI or a pipe. */
function uploadProgress(): PublishOptions['onProgress'] {
  const stream = process.stderr
  if (!stream.isTTY || process.env.CI) return undefined
  return (done, total) => {
    stream.write(
      `\ruploaded ${done.objects}/${total.objects} objects, ${mb(done.bytes)} of ${mb(total.bytes)}`,
    )
    if (done.objects === total.objects) stream.write('\r\x1b[K')
  }
}

/** Prints what a publish or rollback did (or would do); 0. */
function printPublished(done: RecordedPublish, where: string, dryRun: boolean, feedUrl?: string): number {
  const { report, changes } = done
  if (dryRun) {
    for (const u of report.upload) console.log(`would upload ${u.path} (${u.bytes} bytes)`)
    for (const d of report.delete) console.log(`would delete ${d}`)
  }
  for (const line of changeLines(changes)) console.log(`${dryRun ? 'would publish ' : ''}${line}`)
  const bytes = report.upload.reduce((n, u) => n + u.bytes, 0)
  console.log(
    `${dryRun ? 'dry run: would upload' : 'published: uploaded'} ${report.upload.length} objects (${mb(bytes)}), ${dryRun ? 'would delete' : 'deleted'} ${report.delete.length}, ${report.unchanged} unchanged, to ${where}`,
  )
  if (!dryRun && report.upload.length === 0) console.log('nothing changed: readers already see this version')
  if (done.record)
    console.log(
      `recorded as publish ${done.record.id}${feedUrl ? `; live for readers at ${feedUrl}` : ''} (undo: npm run content -- rollback <an earlier publish>; npm run content -- history lists them)`,
    )
  if (done.unrecorded) console.error(`warning: ${done.unrecorded}`)
  return 0
}

export interface PublishTaskOptions {
  /** s3://bucket[/prefix]; site.yaml's publish: target when absent. */
  target?: string
  dryRun?: boolean
  baseUrl?: string
  allowUnreviewed?: boolean
  /** The hosted web editor under admin/ too. */
  editor?: boolean
}

/** Builds `root` and uploads what changed (npm run content -- publish); refuses errors and files to review. */
export async function publishTask(
  root: string,
  { target, dryRun = false, baseUrl, allowUnreviewed = false, editor = false }: PublishTaskOptions = {},
): Promise<number> {
  // The key first: a missing one is said before minutes of building.
  const conn = await connection(root, target, baseUrl)
  if (editor && !process.env.BCECC_DECAP_DIST && !ensureEditorDeps(console.error)) {
    conn.client.destroy()
    return 1
  }
  let built: Candidate
  try {
    built = await candidate(root, {
      ...(baseUrl ? { baseUrl } : {}),
      allowUnreviewed,
      ...(editor ? { extra: hostedEditorFiles } : {}),
    })
  } catch (error) {
    conn.client.destroy()
    if (error instanceof EditorBuildError) {
      console.error(`publish refused: ${error.message}; nothing was uploaded`)
      return 1
    }
    throw error
  }
  if (!built.ok) {
    conn.client.destroy()
    for (const line of built.lines) console.error(line)
    const reason = built.reason.split(' · ')[0] ?? ''
    console.error(
      built.kind === 'review'
        ? `publish refused: ${reason} (above); nothing was uploaded. Review them, or publish anyway with --allow-unreviewed`
        : `publish refused: ${reason} (above); nothing was uploaded`,
    )
    return 1
  }
  const progress = uploadProgress()
  const site = built.site
  return withStorage(
    conn,
    'publish',
    async () => {
      const done = await publishCandidate(conn, root, site, {
        dryRun,
        ...(progress ? { onProgress: progress } : {}),
      })
      printPublished(done, conn.where, dryRun, conn.feedUrl)
      if (built.unreviewed.length > 0)
        console.log(
          `${dryRun ? 'would publish' : 'published'} unreviewed (--allow-unreviewed): ${built.unreviewed.join(', ')}`,
        )
      return 0
    },
    progress,
  )
}

/**
 * Runs `work` with the storage, closed after; a PublishError is printed as "<what> failed: …" (exit 1), on a line
 * of its own after a progress line.
 */
async function withStorage(
  conn: Connection,
  what: string,
  work: () => Promise<number>,
  progress?: PublishOptions['onProgress'],
): Promise<number> {
  try {
    return await work()
  } catch (error) {
    if (progress) process.stderr.write('\n')
    if (error instanceof PublishError) {
      console.error(`${what} failed: ${error.message}`)
      return 1
    }
    throw error
  } finally {
    conn.client.destroy()
  }
}

/** The hosted editor, under admin/ beside the content. */
function hostedEditorFiles(site: SiteSettings | undefined): Map<string, Buffer> {
  return new Map([...buildHostedEditor(site?.editor)].map(([path, bytes]) => [`admin/${path}`, bytes]))
}

/** The web editor as static files in `outdir`, for a hosted setup (npm run content -- editor-build). */
export async function editorBuildTask(root: string, outdir: string): Promise<number> {
  if (!process.env.BCECC_DECAP_DIST && !ensureEditorDeps(console.error)) return 1
  const out = resolve(outdir)
  if (await holdsOtherFiles(out, 'config.yml')) {
    console.error(
      `${outdir} is not empty and holds no earlier editor build (no config.yml); choose an empty folder`,
    )
    return 1
  }
  const { site, problems } = await readSiteSettings(root)
  for (const p of problems) console.error(formatSourceProblem(p))
  let files: Map<string, Buffer>
  try {
    files = buildHostedEditor(site?.editor)
  } catch (error) {
    if (error instanceof EditorBuildError) {
      console.error(error.message)
      return 1
    }
    throw error
  }
  const total = await replaceFolder(out, files)
  const editor = site?.editor
  console.log(
    `built the web editor in ${outdir}: ${files.size} files, ${mb(total)}; it signs in to ${editor?.backend ?? ''} at ${editor?.baseUrl ?? ''} (repository ${editor?.repo ?? ''}, branch ${editor?.branch ?? ''}). Serve the folder from any static host whose address is the OAuth application's redirect URI.`,
  )
  return 0
}

/** The last `limit` publishes recorded in the storage (npm run content -- history). */
export async function historyTask(
  root: string,
  { target, limit = 20 }: { target?: string; limit?: number } = {},
): Promise<number> {
  const conn = await connection(root, target)
  return withStorage(conn, 'history', async () => {
    const entries = await historyOf(conn, limit)
    if (entries.length === 0) console.log(`no publishes recorded in ${conn.where} yet`)
    for (const entry of entries) console.log(historyLine(entry))
    return 0
  })
}

/** One publish: id, local time, what, commit, who, counts. */
export function historyLine(entry: HistoryEntry): string {
  const r = entry.record
  if (!r) return `${entry.id}  unreadable record: ${entry.problem ?? ''}`
  const what = r.action === 'rollback' ? `rollback to ${r.restores ?? '?'}` : 'publish'
  const counts = [
    r.changes.added.length ? `${r.changes.added.length} new` : '',
    r.changes.changed.length ? `${r.changes.changed.length} changed` : '',
    r.changes.removed.length ? `${r.changes.removed.length} removed` : '',
  ].filter(Boolean)
  return [
    r.id,
    new Date(r.time).toString().replace(/ \(.*\)$/, ''),
    what,
    r.commit ? `commit ${r.commit.slice(0, 10)}${r.dirty ? ' (+ uncommitted changes)' : ''}` : 'no commit',
    r.by ? `by ${escapeControls(r.by)}` : '',
    counts.length ? counts.join(', ') : 'no article or event changed',
  ]
    .filter(Boolean)
    .join('  ')
}

/** Makes an earlier publish live again, in publish's upload order (npm run content -- rollback). */
export async function rollbackTask(
  root: string,
  id: string,
  { target, dryRun = false }: { target?: string; dryRun?: boolean } = {},
): Promise<number> {
  const conn = await connection(root, target)
  const progress = uploadProgress()
  return withStorage(
    conn,
    'rollback',
    async () => {
      const done = await rollbackTo(conn, root, id, {
        dryRun,
        ...(progress ? { onProgress: progress } : {}),
      })
      return printPublished(done, conn.where, dryRun, conn.feedUrl)
    },
    progress,
  )
}
