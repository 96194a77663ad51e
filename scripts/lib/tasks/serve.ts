// The content server task (npm start, npm run content -- serve): a source folder rebuilt on every save, or a
// finished build, served with the web editor.

import { watch, type FSWatcher } from 'chokidar'
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { BuildError, buildSite, type Site } from '../build'
import { rebuildHeadline, startEditor, type EditorProblems } from '../../../editor/server'
import { IMAGE_CACHE } from '../publishing'
import { MAX_FILE_BYTES, UnsafeFileError, readAllInside } from '../safe-fs'
import { createContentServer } from '../server'
import { SourceMemo, compileAround } from '../sources'
import { formatSourceProblem } from '../sources/fields'
import { SourceErrors, progress } from './build'
import { UsageError } from './usage'

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

/** What the editor's panel shows before any build, and for a finished build: nothing to fix. */
const noProblems = (): EditorProblems => ({ problems: [], justFixed: false, headline: '', leftOut: [] })

/** A source folder's builder: each call builds what can be built, and remembers what it found for the editor. */
interface Rebuilder {
  load(): Promise<Site>
  report(): EditorProblems
}

/**
 * Builds what can be built: a file with errors is left out (and said), never the rest with it. Once a complete
 * build is served, a save with errors keeps it (the broken article's last good version stays in the preview).
 */
function sourceRebuilder(dir: string, error: (line: string) => void): Rebuilder {
  // Files unchanged since the last save are not parsed again.
  const memo = new SourceMemo()
  // The problems of the last rebuild, for the editor's panel.
  let report = noProblems()
  let printed = ''
  /** Whether what is served was built from every file (no file left out for its errors). */
  let complete = false
  const load = async (): Promise<Site> => {
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
  return { load, report: () => report }
}

/**
 * Calls `changed` 200 ms after the last of a burst of saves in `dir` (hidden files aside); resolves once watching.
 * chokidar, not fs.watch: editors save by writing a new file and renaming it over the old one, which Node's
 * recursive watcher on Linux stops following.
 */
async function watchSaves(dir: string, changed: () => void): Promise<{ close(): Promise<void> }> {
  let timer: NodeJS.Timeout | undefined
  const watcher: FSWatcher = watch(dir, {
    ignoreInitial: true,
    // Links are not followed: one out of content/ (images/usr -> /usr) or in a loop is never walked.
    followSymlinks: false,
    ignored: (path) => /(^|[/\\])\.[^/\\]/.test(relative(dir, path)),
  })
  watcher.on('all', () => {
    clearTimeout(timer)
    timer = setTimeout(changed, 200)
  })
  await new Promise<void>((ready) => watcher.once('ready', () => ready()))
  return {
    close: async () => {
      await watcher.close()
      clearTimeout(timer)
    },
  }
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
  const sources = built ? undefined : sourceRebuilder(dir, error)
  const report = (): EditorProblems => sources?.report() ?? noProblems()
  // A mistake in what everything needs (site.yaml, office.yaml) still starts the server and the editor to fix it.
  const site = await (sources ? sources.load() : readBuilt(dir)).catch((failure: unknown) => {
    if (!(failure instanceof SourceErrors)) throw failure
    error('Nothing can be built until the errors above are fixed; the web editor is open to fix them.')
    return { files: new Map<string, Buffer>() }
  })
  const admin = editor && sources ? await startEditor(dir, report, log) : undefined
  const content = createContentServer(site, log, admin?.handle)
  await new Promise<void>((ready, fail) => {
    content.server.once('error', fail)
    content.server.listen(port, host, ready)
  })
  const address = content.server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  let rebuilding: Promise<void> = Promise.resolve()
  // Editors see their change at once; a change with errors keeps the last good content online.
  const watching = sources
    ? await watchSaves(dir, () => {
        rebuilding = sources
          .load()
          .then((next) => {
            content.update(next)
            log(`Content changed: ${report().headline.split(' · ')[0] ?? ''}.`)
          })
          .catch((failure: unknown) => {
            error(
              `Content changed but has errors; still serving the last good version.${failure instanceof BuildError ? '' : ` ${failure instanceof Error ? failure.message : String(failure)}`}`,
            )
          })
      })
    : undefined
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}/feed.json`,
    problems: report,
    editor: admin !== undefined,
    close: async () => {
      await admin?.close()
      await watching?.close()
      await rebuilding
      await content.close()
    },
  }
}

/** Where `serve` listens, from the environment: PORT (8080) and HOST (127.0.0.1); BCECC_EDITOR=0 leaves out the editor. */
export function serveSettings(env: NodeJS.ProcessEnv): { port: number; host: string; editor: boolean } {
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`PORT=${env.PORT ?? ''} is not a port number`)
  return { port, host: listenHost(env.HOST), editor: env.BCECC_EDITOR !== '0' }
}

/**
 * Serves a content folder until Ctrl-C (npm start, npm run content -- serve), saying where; 1 when it cannot
 * start (not a folder, the port in use).
 */
export async function serveTask(
  dir: string,
  { port, host, editor }: { port: number; host: string; editor: boolean },
  onListening?: (url: string) => void,
): Promise<number> {
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    const shown = relative(process.cwd(), dir)
    console.error(`${shown.startsWith('..') ? dir : shown || '.'} is not a folder`)
    return 1
  }
  let running: RunningServer
  try {
    running = await startContentServer(dir, { port, host, editor })
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
