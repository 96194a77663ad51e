// Editor tools: `npm run content -- validate|build|serve`. Run with no command for help.

import { isEntry } from './lib/entry'
import { watch, type FSWatcher } from 'chokidar'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { BuildError, buildSite, readSource, type Site } from './lib/build'
import { MAX_FILE_BYTES, UnsafeFileError, readAllInside } from './lib/safe-fs'
import { createContentServer } from './lib/server'
import { escapeControls, formatProblem, validateTarget, type Report } from './lib/validate'
import { ImportError, readInput, type ImportReport } from './lib/importers/common'
import { importDocx } from './lib/importers/docx'
import { importFeed } from './lib/importers/feed'
import { importIcs } from './lib/importers/ics'
import { scaffold } from './lib/importers/scaffold'
import { parseArgs } from 'node:util'
import { EditorBuildError, buildHostedEditor } from './lib/editor-build'
import type { Site as SiteSettings } from './lib/sources/office'
import type { PublishOptions } from './lib/publish'
import type { HistoryEntry, RecordedPublish } from './lib/publish-history'
import { PublishError, type Connection } from './lib/publish-settings'
import {
  IMAGE_CACHE,
  candidate,
  type Candidate,
  changeLines,
  connectFor,
  historyOf,
  publishCandidate,
  rollbackTo,
} from './lib/publishing'
import {
  SourceMemo,
  compileAround,
  compileContent,
  isSourceFolder,
  readSiteSettings,
  type CompiledContent,
} from './lib/sources'
import { ensureEditorDeps, rebuildHeadline, startEditor, type EditorProblems } from './lib/editor'
import { formatSourceProblem } from './lib/sources/fields'

const ROOT = resolve(__dirname, '..')
/** The editors' sources: where new and imported files go (BCECC_CONTENT_DIR points elsewhere, e.g. in tests). */
const CONTENT = process.env.BCECC_CONTENT_DIR ?? join(ROOT, 'content')
const USAGE = `Usage: npm run content -- <command>

  validate <file | dir | http(s) URL>   check documents against the format (content/README.md)
  build <outdir> [--base-url URL] [--page-items N] [--source DIR]
                                        write the static endpoint for a CDN (deterministic) from
                                        content/ (or DIR): articles, events, images, office
  serve [dir]                           serve content (a source folder or a build) on 127.0.0.1:$PORT (8080)
  new article <slug> | new event <uid>  start an article (English and Chinese) or an event, every field explained
  import ics <file | URL> [--all]       events from a calendar export (Outlook, Google, Apple); --all: past ones too
  import docx <file> [--slug S] [--date YYYY-MM-DD]
                                        an article from a Word document, its images into content/images
  import feed <file | URL>              articles from a JSON Feed
  preview <slug>                        pictures of the article and its News card, as the app draws them
  publish [s3://bucket[/prefix]] [--dry-run] [--base-url URL] [--allow-unreviewed] [--editor]
                                        build content/ and upload what changed to S3-compatible storage
                                        (COS, S3, MinIO): the target from site.yaml's publish: (or given), the
                                        key from the environment or .env (README: Publishing); refuses errors
                                        and files to review (an importer's note, a missing language) unless
                                        --allow-unreviewed; records the publish; --editor: the hosted
                                        web editor under admin/ too
  editor-build <outdir>                 the web editor as static files for a hosted setup: signs in to the git
                                        host of site.yaml's editor: (README: Hosted editor)
  history [s3://…] [--limit N]          the last publishes: when, which commit, by whom, what changed
  rollback <publish> [s3://…] [--dry-run]
                                        make an earlier publish live again (same upload order as publish)
`

export function printReport(
  report: Report,
  target: string,
  out: (line: string) => void = console.log,
): boolean {
  const errors = report.problems.filter((p) => p.severity === 'error')
  const warnings = report.problems.length - errors.length
  for (const p of report.problems) out(formatProblem(p))
  const docs = `${report.docs.length} document${report.docs.length === 1 ? '' : 's'}`
  if (errors.length === 0) out(`valid: ${target} (${docs}, ${warnings} warning${warnings === 1 ? '' : 's'})`)
  else
    out(
      `invalid: ${target} (${docs}, ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`,
    )
  return errors.length === 0
}

/** A progress line on a terminal (images take a while), nothing in CI or a pipe. */
function progress(label: string): ((done: number, total: number) => void) | undefined {
  const stream = process.stderr
  if (!stream.isTTY || process.env.CI) return undefined
  return (done, total) => {
    stream.write(`\r${label} ${done}/${total}`)
    if (done === total) stream.write('\r\x1b[K')
  }
}

/** A build refused for errors in the sources, with what the compiler found. */
export class SourceErrors extends BuildError {
  constructor(
    message: string,
    readonly compiled: CompiledContent,
  ) {
    super(message)
  }
}

/** Prints the sources' problems, one line each, and a closing line; true when there is no error. */
export function printSourceProblems(
  compiled: CompiledContent,
  target: string,
  out: (line: string) => void = console.log,
): boolean {
  const errors = compiled.problems.filter((p) => p.severity === 'error').length
  const warnings = compiled.problems.length - errors
  for (const p of compiled.problems) out(formatSourceProblem(p))
  const { articles, events, drafts } = compiled.summary
  const counts = `${articles} article${articles === 1 ? '' : 's'}${drafts ? ` (+${drafts} draft${drafts === 1 ? '' : 's'})` : ''}, ${events} event${events === 1 ? '' : 's'}`
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
  out(
    errors === 0
      ? `valid: ${target} (${counts}, ${plural(warnings, 'warning')})`
      : `invalid: ${target} (${counts}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')})`,
  )
  return errors === 0
}

async function validate(args: string[]): Promise<number> {
  const target = args[0]
  if (!target || args.length > 1) return usage('validate takes one file, folder or URL')
  if (!/^https?:/i.test(target) && isSourceFolder(resolve(target))) {
    const compiled = await compileContent(resolve(target), {
      cacheDir: IMAGE_CACHE,
      onProgress: progress('images'),
    })
    return printSourceProblems(compiled, target) ? 0 : 1
  }
  return printReport(await validateTarget(target), target) ? 0 : 1
}

export interface BuildResult {
  site: Site
  compiled?: CompiledContent
}

/**
 * Builds a site from a content folder: the editors' sources (site.yaml, articles/, events/), or a folder of
 * published JSON documents. Content with errors is refused with every problem printed; warnings are printed too.
 */
export async function buildFromSource(
  dir: string,
  options: {
    baseUrl?: string
    pageItems?: number
    cacheDir?: string
    quiet?: boolean
    memo?: SourceMemo
  } = {},
): Promise<BuildResult> {
  const target = relative(process.cwd(), dir) || '.'
  if (isSourceFolder(dir)) {
    const compiled = await compileContent(dir, {
      cacheDir: options.cacheDir ?? IMAGE_CACHE,
      onProgress: progress('images'),
      ...(options.memo ? { memo: options.memo } : {}),
    })
    const { documents } = compiled
    if (!documents) {
      printSourceProblems(compiled, target, console.error)
      throw new SourceErrors(`${target} has errors; nothing was built`, compiled)
    }
    if (!options.quiet) for (const p of compiled.problems) console.error(formatSourceProblem(p))
    const site = buildSite(
      { ...documents, assets: compiled.assets },
      { ...options, baseUrl: options.baseUrl ?? compiled.site?.baseUrl },
    )
    return { site, compiled }
  }
  const report = await validateTarget(target)
  if (report.problems.some((p) => p.severity === 'error')) {
    printReport(report, dir, console.error)
    throw new BuildError(`${dir} has errors; nothing was built`)
  }
  return { site: buildSite(await readSource(dir), options) }
}

async function build(args: string[]): Promise<number> {
  const outdir = args[0]
  if (!outdir || outdir.startsWith('--')) return usage('build needs an output folder')
  const options: { baseUrl?: string; pageItems?: number } = {}
  let source = CONTENT
  for (let i = 1; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]]
    if (flag === '--base-url' && value) options.baseUrl = value
    else if (flag === '--source' && value) source = resolve(value)
    else if (flag === '--page-items' && value && Number(value) >= 1)
      options.pageItems = Math.floor(Number(value))
    else return usage(`unknown option ${flag ?? ''}`)
  }
  const out = resolve(outdir)
  if (existsSync(out)) {
    const present = await readdir(out)
    if (present.length > 0 && !present.includes('manifest.json')) {
      console.error(
        `${outdir} is not empty and holds no earlier build (no manifest.json); choose an empty folder`,
      )
      return 1
    }
  }
  const { site, compiled } = await buildFromSource(source, options)
  await rm(out, { recursive: true, force: true })
  for (const [path, bytes] of site.files) {
    const file = join(out, ...path.split('/'))
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, bytes)
  }
  const total = [...site.files.values()].reduce((n, b) => n + b.length, 0)
  const pages = [...site.files.keys()].filter((p) => /^feed(-\d+)?\.json$/.test(p)).length
  console.log(
    `built ${outdir}: ${site.files.size} files, ${total} bytes, ${pages} feed page${pages === 1 ? '' : 's'}`,
  )
  if (compiled) console.log(buildSummary(compiled))
  return 0
}

/** What a build made of the sources: counts, image work, and the articles heaviest in images. */
export function buildSummary(compiled: CompiledContent): string {
  const { articles, drafts, events, images, encoded, imageBytes } = compiled.summary
  const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`
  const heaviest = imageBytes.filter((a) => a.bytes > 0).slice(0, 3)
  return [
    `  ${articles} articles${drafts ? ` (${drafts} drafts left out)` : ''}, ${events} events, ${images} images (${encoded} encoded, ${images - encoded} from the cache)`,
    heaviest.length > 0
      ? `  images per article, heaviest: ${heaviest.map((a) => `${a.id} ${kb(a.bytes)}`).join(', ')}`
      : '  no article has images',
  ].join('\n')
}

/** A finished build, as it is on disk: regular files inside the folder only. */
async function readBuilt(dir: string): Promise<Site> {
  try {
    return { files: await readAllInside(dir, () => true, MAX_FILE_BYTES) }
  } catch (error) {
    if (error instanceof UnsafeFileError) throw new BuildError(`${error.message}; nothing is served`)
    throw error
  }
}

/** The address `serve` binds: HOST when it names one; unset or empty (HOST=) means 127.0.0.1, never every interface. */
export function listenHost(value: string | undefined): string {
  return value?.trim() || '127.0.0.1'
}

export interface RunningServer {
  url: string
  /** What the last rebuild found (as the web editor's panel shows it). */
  problems(): EditorProblems
  /** Whether the web editor answers at /admin/. */
  editor: boolean
  close(): Promise<void>
}

/**
 * Serves a content folder (sources, rebuilt on every save, or a finished build) on `host:port` (0: any free port).
 * A save with errors prints them and keeps the last good content online.
 */
export async function startContentServer(
  dir: string,
  {
    port,
    host,
    log = console.log,
    error = console.error,
    editor = false,
  }: {
    port: number
    host: string
    log?: (line: string) => void
    error?: (line: string) => void
    /** Serve the web editor at /admin/ (sources only). */
    editor?: boolean
  },
): Promise<RunningServer> {
  const built = existsSync(join(dir, 'manifest.json'))
  // Files unchanged since the last save are not parsed again.
  const memo = new SourceMemo()
  // The problems of the last rebuild, for the editor's panel.
  let report: EditorProblems = { problems: [], justFixed: false, headline: '', leftOut: [] }
  let printed = ''
  /** Whether what is served was built from every file (no file left out for its errors). */
  let complete = false
  /**
   * Builds what can be built: a file with errors is left out (and said), never the rest with it. Once a complete
   * build is served, a save with errors keeps it (the broken article's last good version stays in the preview).
   */
  const load = async (): Promise<Site> => {
    if (built) return readBuilt(dir)
    const { full, served, leftOut } = await compileAround(dir, {
      cacheDir: IMAGE_CACHE,
      onProgress: progress('images'),
      memo,
    })
    const hadErrors = report.problems.some((p) => p.severity === 'error')
    const keepLast = complete && leftOut.length > 0
    const next = {
      problems: full.problems.map((p) => ({
        severity: p.severity,
        line: formatSourceProblem(p),
        ...(p.review ? { review: true as const } : {}),
      })),
      justFixed: hadErrors && !full.problems.some((p) => p.severity === 'error'),
      leftOut: keepLast ? [] : leftOut,
    }
    report = { ...next, headline: rebuildHeadline(next) }
    // Every rebuild says what would reach readers, once per change of the list.
    const lines = report.problems.map((p) => p.line).join('\n')
    if (lines !== printed) {
      if (lines) error(lines)
      printed = lines
    }
    if (report.leftOut.length > 0) error(`Left out until fixed: ${report.leftOut.join(', ')}`)
    if (!served?.documents || keepLast)
      throw new SourceErrors(`${relative(process.cwd(), dir) || '.'} has errors`, full)
    complete = leftOut.length === 0
    return buildSite(
      { ...served.documents, assets: served.assets },
      served.site?.baseUrl ? { baseUrl: served.site.baseUrl } : {},
    )
  }
  // A mistake in what everything needs (site.yaml, office.yaml) still starts the server and the editor to fix it.
  const site = await load().catch((failure: unknown) => {
    if (!(failure instanceof SourceErrors)) throw failure
    error('Nothing can be built until the errors above are fixed; the web editor is open to fix them.')
    return { files: new Map<string, Buffer>() }
  })
  const admin = editor && !built ? await startEditor(dir, () => report, log) : undefined
  const content = createContentServer(site, log, admin?.handle)
  await new Promise<void>((ready, fail) => {
    content.server.once('error', fail)
    content.server.listen(port, host, ready)
  })
  const address = content.server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}/feed.json`

  let watcher: FSWatcher | undefined
  let timer: NodeJS.Timeout | undefined
  let rebuilding: Promise<void> = Promise.resolve()
  if (!built) {
    // Editors see their change at once; a change with errors keeps the last good content online. chokidar, not
    // fs.watch: editors save by writing a new file and renaming it over the old one, which Node's recursive
    // watcher on Linux stops following.
    watcher = watch(dir, {
      ignoreInitial: true,
      // Links are not followed: one out of content/ (images/usr -> /usr) or in a loop is never walked.
      followSymlinks: false,
      ignored: (path) => /(^|[/\\])\.[^/\\]/.test(relative(dir, path)),
    })
    watcher.on('all', () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        rebuilding = load()
          .then((next) => {
            content.update(next)
            log(`Content changed: ${report.headline.split(' · ')[0] ?? ''}.`)
          })
          .catch((failure: unknown) => {
            error(
              `Content changed but has errors; still serving the last good version.${failure instanceof BuildError ? '' : ` ${failure instanceof Error ? failure.message : String(failure)}`}`,
            )
          })
      }, 200)
    })
    await new Promise<void>((ready) => watcher?.once('ready', () => ready()))
  }
  return {
    url,
    problems: () => report,
    editor: admin !== undefined,
    close: async () => {
      await admin?.close()
      await watcher?.close()
      clearTimeout(timer)
      await rebuilding
      await content.close()
    },
  }
}

export async function serve(args: string[], onListening?: (url: string) => void): Promise<number> {
  const dir = resolve(args[0] ?? CONTENT)
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    console.error(`${args[0] ?? 'content'} is not a folder`)
    return 1
  }
  const port = Number(process.env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usage(`PORT=${process.env.PORT ?? ''} is not a port number`)
  const host = listenHost(process.env.HOST)
  let running: RunningServer
  try {
    running = await startContentServer(dir, { port, host, editor: process.env.BCECC_EDITOR !== '0' })
  } catch (failure) {
    const code = (failure as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE')
      console.error(`Port ${port} is in use; set PORT to another one (PORT=8081 npm start)`)
    else console.error(failure instanceof Error ? failure.message : failure)
    return 1
  }
  console.log(`Serving ${relative(process.cwd(), dir) || '.'} at ${running.url}`)
  if (running.editor) console.log(`Web editor: ${running.url.replace(/feed\.json$/, 'admin/')}`)
  onListening?.(running.url)
  await new Promise<void>((done) => {
    const stop = (): void => {
      console.log('\nStopping the content server.')
      void running.close().then(done)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  return 0
}

function printImport(report: ImportReport): void {
  for (const path of report.written) console.log(`wrote ${path}`)
  for (const { path, reason } of report.skipped) console.log(`skipped ${path}: ${reason}`)
  for (const note of report.notes) console.log(`note: ${escapeControls(note)}`)
  if (report.written.length > 0)
    console.log(
      `\n${report.written.length} file${report.written.length === 1 ? '' : 's'} written: review them, then npm run content -- validate content`,
    )
}

async function create(args: string[]): Promise<number> {
  const [kind, name, ...rest] = args
  if (!kind || !name || rest.length > 0) return usage('new takes article <slug> or event <uid>')
  try {
    const report = await scaffold(kind, name, CONTENT)
    printImport(report)
    return report.written.length > 0 ? 0 : 1
  } catch (error) {
    if (error instanceof ImportError) return usage(error.message)
    throw error
  }
}

async function importFile(args: string[]): Promise<number> {
  const [kind, input, ...rest] = args
  if (!kind || !input) return usage('import takes a kind (ics, docx, feed) and a file or URL')
  const flags = new Map<string, string>()
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]]
    if ((flag === '--slug' || flag === '--date') && value && kind === 'docx') flags.set(flag, value)
    else if (flag === '--all' && kind === 'ics') {
      flags.set(flag, 'yes')
      i--
    } else return usage(`unknown option ${flag ?? ''} for import ${kind}`)
  }
  const date = flags.get('--date')
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
    return usage(`--date ${date}: expected YYYY-MM-DD`)
  try {
    const { bytes, name } = await readInput(input)
    let report: ImportReport
    if (kind === 'ics')
      report = await importIcs(bytes.toString('utf8'), name, {
        root: CONTENT,
        includePast: flags.has('--all'),
      })
    else if (kind === 'docx') {
      const slug = flags.get('--slug')
      report = await importDocx(bytes, name, {
        root: CONTENT,
        ...(slug ? { slug } : {}),
        ...(date ? { date } : {}),
      })
    } else if (kind === 'feed')
      report = await importFeed(bytes, name, {
        root: CONTENT,
        ...(/^https?:/i.test(input) ? { url: input } : {}),
      })
    else return usage(`import ${kind}: expected ics, docx or feed`)
    printImport(report)
    return 0
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(escapeControls(error.message))
      return 1
    }
    throw error
  }
}

async function previewArticle(args: string[]): Promise<number> {
  const [slug, ...rest] = args
  if (!slug || rest.length > 0)
    return usage('preview takes the slug of an article (its folder in content/articles)')
  const { previewArticle: render } = await import('./preview')
  return render(slug, CONTENT)
}

/** `publish`, `history` and `rollback` take the target from site.yaml's publish:, or as their argument. */
function publishArgs(
  args: string[],
  flags: Record<string, { type: 'boolean' | 'string' }>,
): { positionals: string[]; values: Record<string, string | boolean | undefined> } | string {
  try {
    const { positionals, values } = parseArgs({ args, options: flags, allowPositionals: true, strict: true })
    return { positionals, values }
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/** Connects to the storage the content's settings (or `target`) name; a PublishError is a usage problem. */
async function connection(target: string | undefined, baseUrl?: string): Promise<Connection | number> {
  if (target !== undefined && !target.startsWith('s3://'))
    return usage(`${target} is not a target; expected s3://bucket or s3://bucket/prefix`)
  try {
    return connectFor((await readSiteSettings(CONTENT)).site, {
      ...(target ? { target } : {}),
      ...(baseUrl ? { baseUrl } : {}),
    })
  } catch (error) {
    if (error instanceof PublishError) return usage(error.message)
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

async function publishCommand(args: string[]): Promise<number> {
  const parsed = publishArgs(args, {
    'dry-run': { type: 'boolean' },
    'allow-unreviewed': { type: 'boolean' },
    'base-url': { type: 'string' },
    editor: { type: 'boolean' },
  })
  if (typeof parsed === 'string') return usage(`publish: ${parsed}`)
  const [where, ...extra] = parsed.positionals
  if (extra.length > 0) return usage('publish takes at most one target')
  const dryRun = parsed.values['dry-run'] === true
  const baseUrl = parsed.values['base-url'] as string | undefined
  // The key first: a missing one is said before minutes of building.
  const conn = await connection(where, baseUrl)
  if (typeof conn === 'number') return conn
  if (parsed.values.editor === true && !process.env.BCECC_DECAP_DIST && !ensureEditorDeps(console.error)) {
    conn.client.destroy()
    return 1
  }
  let built: Candidate
  try {
    built = await candidate(CONTENT, {
      ...(baseUrl ? { baseUrl } : {}),
      allowUnreviewed: parsed.values['allow-unreviewed'] === true,
      ...(parsed.values.editor === true ? { extra: hostedEditorFiles } : {}),
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
      const done = await publishCandidate(conn, CONTENT, site, {
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

async function editorBuild(args: string[]): Promise<number> {
  const [outdir, ...rest] = args
  if (!outdir || rest.length > 0) return usage('editor-build takes the folder to write the web editor to')
  if (!process.env.BCECC_DECAP_DIST && !ensureEditorDeps(console.error)) return 1
  const out = resolve(outdir)
  if (existsSync(out) && (await readdir(out)).length > 0 && !existsSync(join(out, 'config.yml'))) {
    console.error(
      `${outdir} is not empty and holds no earlier editor build (no config.yml); choose an empty folder`,
    )
    return 1
  }
  const { site, problems } = await readSiteSettings(CONTENT)
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
  await rm(out, { recursive: true, force: true })
  for (const [path, bytes] of files) {
    const file = join(out, ...path.split('/'))
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, bytes)
  }
  const total = [...files.values()].reduce((n, b) => n + b.length, 0)
  const editor = site?.editor
  console.log(
    `built the web editor in ${outdir}: ${files.size} files, ${mb(total)}; it signs in to ${editor?.backend ?? ''} at ${editor?.baseUrl ?? ''} (repository ${editor?.repo ?? ''}, branch ${editor?.branch ?? ''}). Serve the folder from any static host whose address is the OAuth application's redirect URI.`,
  )
  return 0
}

async function historyCommand(args: string[]): Promise<number> {
  const parsed = publishArgs(args, { limit: { type: 'string' } })
  if (typeof parsed === 'string') return usage(`history: ${parsed}`)
  const limit = Number(parsed.values.limit ?? 20)
  if (!Number.isInteger(limit) || limit < 1) return usage('history --limit takes a number such as 20')
  if (parsed.positionals.length > 1) return usage('history takes at most one target')
  const conn = await connection(parsed.positionals[0])
  if (typeof conn === 'number') return conn
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

async function rollbackCommand(args: string[]): Promise<number> {
  const parsed = publishArgs(args, { 'dry-run': { type: 'boolean' } })
  if (typeof parsed === 'string') return usage(`rollback: ${parsed}`)
  const [id, where, ...extra] = parsed.positionals
  if (!id || extra.length > 0)
    return usage('rollback takes the publish to make live again (npm run content -- history lists them)')
  const conn = await connection(where)
  if (typeof conn === 'number') return conn
  const dryRun = parsed.values['dry-run'] === true
  const progress = uploadProgress()
  return withStorage(
    conn,
    'rollback',
    async () => {
      const done = await rollbackTo(conn, CONTENT, id, {
        dryRun,
        ...(progress ? { onProgress: progress } : {}),
      })
      return printPublished(done, conn.where, dryRun, conn.feedUrl)
    },
    progress,
  )
}

function usage(problem: string): number {
  console.error(`${problem}\n\n${USAGE}`)
  return 2
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  switch (command) {
    case 'validate':
      return validate(args)
    case 'build':
      return build(args)
    case 'serve':
      return serve(args)
    case 'new':
      return create(args)
    case 'import':
      return importFile(args)
    case 'preview':
      return previewArticle(args)
    case 'publish':
      return publishCommand(args)
    case 'history':
      return historyCommand(args)
    case 'editor-build':
      return editorBuild(args)
    case 'rollback':
      return rollbackCommand(args)
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE)
      return command === undefined ? 2 : 0
    default:
      return usage(`unknown command ${command}`)
  }
}

/** Exits once everything written to stdout and stderr has left (a pipe may not have taken it all yet). */
async function exitAfterOutput(code: number): Promise<never> {
  const drained = (stream: NodeJS.WriteStream): Promise<void> =>
    new Promise((done) => {
      stream.write('', () => done())
    })
  await Promise.all([drained(process.stdout), drained(process.stderr)])
  process.exit(code)
}

if (isEntry(__filename)) {
  // Output piped into a command that stops reading (| head -1): the work is done; end quietly.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0)
      throw error
    })
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (error: unknown) => {
      console.error(
        error instanceof BuildError
          ? error.message
          : `content tool failed: ${error instanceof Error ? error.message : String(error)}`,
      )
      return exitAfterOutput(1)
    },
  )
}
