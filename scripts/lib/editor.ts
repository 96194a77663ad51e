// The web editor at /admin/ of the dev server: Decap CMS (its prebuilt bundle from the editor/ package, nothing from a
// public CDN), its local proxy (decap-server, bound to 127.0.0.1, writing the files of this working copy), our
// configuration over the sources in content/, the app's own preview (scripts/editor/preview.ts, bundled here) and
// the problems of the last rebuild. Decap and its proxy are hundreds of packages: they live in editor/ with their
// own lockfile, installed on first use, so that CI and the mini program never carry them.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, connect } from 'node:net'
import { basename, dirname, join } from 'node:path'
import { buildSync } from 'esbuild'
import { parse, stringify } from 'yaml'
import { decodeComponent } from '../../miniprogram/models/url'
import { MAX_FILE_BYTES, UnsafeFileError, readFileInside } from './safe-fs'
import { contentType } from './server'
import { toBrowserCss } from './wxss'

const ROOT = join(__dirname, '..', '..')
export const EDITOR_DIR = join(ROOT, 'editor')
const CMS_DIST = join(EDITOR_DIR, 'node_modules', 'decap-cms', 'dist')
const PROXY = join(EDITOR_DIR, 'node_modules', 'decap-server', 'dist', 'index.js')

/** Installs the editor's packages when they are missing or older than its lockfile; false when that failed. */
export function ensureEditorDeps(log: (line: string) => void): boolean {
  const marker = join(EDITOR_DIR, 'node_modules', '.package-lock.json')
  const lock = join(EDITOR_DIR, 'package-lock.json')
  const stale =
    !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000)
  if (!stale && existsSync(join(CMS_DIST, 'decap-cms.js'))) return true
  log('Installing the web editor (Decap CMS) in editor/, once (about a minute)…')
  const installed = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: EDITOR_DIR,
    stdio: 'inherit',
  })
  return installed.status === 0 && existsSync(join(CMS_DIST, 'decap-cms.js'))
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, child: ChildProcess, ms = 15_000): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the editor's proxy stopped (exit ${child.exitCode})`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the editor's proxy did not start on port ${port}`)
}

/** The preview's code, for the browser: the build's and the app's own modules. */
function bundlePreview(): string {
  const result = buildSync({
    entryPoints: [join(ROOT, 'scripts', 'editor', 'preview.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]?.text ?? ''
}

/** The app's colour tokens and the article and event pages' styles, as CSS for the preview's phones. */
function previewCss(): string {
  const wxss = ['app.wxss', 'pages/article/index.wxss', 'pages/event/index.wxss']
    .map((file) => toBrowserCss(readFileSync(join(ROOT, 'miniprogram', file), 'utf8'), 'main'))
    .join('\n')
  return `${wxss}
wx-view { display: block; }
wx-text { display: inline; white-space: pre-wrap; }
body { margin: 0; background: #eef0f3; font-family: -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif; }
.bc-editor-phones { display: flex; flex-wrap: wrap; gap: 16px; padding: 16px; align-items: flex-start; }
.bc-editor-phone { width: 375px; flex: none; }
.bc-editor-phone__label { font-size: 12px; color: #666; margin: 0 0 6px 4px; }
.bc-editor-phone__screen { display: block; min-height: 667px; background: var(--bc-color-page, #f5f6f8); border-radius: 24px; overflow: hidden; box-shadow: 0 2px 12px rgba(0,0,0,.15); }
.bc-editor-problems { margin: 16px 16px 0; padding: 8px 12px 8px 28px; border-radius: 8px; background: #fff3f3; font-size: 13px; }
.bc-editor-problems__error { color: #b71c1c; }
.bc-editor-problems__warning { color: #8a5a00; }
.bc-editor-empty { padding: 24px; color: #888; }
`
}

/** Our configuration, with the local proxy as its backend and the folders of the content folder being served. */
function localConfig(contentDir: string, proxyPort: number): string {
  const config = parse(readFileSync(join(EDITOR_DIR, 'config.yml'), 'utf8')) as Record<string, unknown>
  config.backend = { name: 'proxy', proxy_url: `http://127.0.0.1:${proxyPort}/api/v1`, branch: 'main' }
  const name = basename(contentDir)
  // "content/…" and "/content/…" (from the repository's root) name the folder being served.
  const relocate = (value: unknown): unknown =>
    typeof value === 'string' && /^\/?content\//.test(value)
      ? value.replace(/^(\/?)content\//, `$1${name}/`)
      : value
  config.media_folder = relocate(config.media_folder)
  for (const collection of (config.collections as Array<Record<string, unknown>>) ?? []) {
    collection.folder = relocate(collection.folder)
    if (collection.media_folder !== undefined) collection.media_folder = relocate(collection.media_folder)
    for (const file of (collection.files as Array<Record<string, unknown>> | undefined) ?? [])
      file.file = relocate(file.file)
  }
  return `# Made by npm start from editor/config.yml: the local proxy edits this working copy.\n${stringify(config)}`
}

/** What the last rebuild of the sources found, for the editor's panel (and the terminal). */
export interface EditorProblems {
  problems: Array<{ severity: 'error' | 'warning'; line: string; review?: true }>
  justFixed: boolean
  /** The panel's first line, in English and Chinese: what happened to the save, and that it is not live yet. */
  headline: string
  /** Files left out of the local build until their errors are fixed. */
  leftOut: string[]
}

/**
 * The panel's headline for a rebuild. Saving in the editor builds the content on this computer only: readers see it
 * after a publish (README: Publishing), so no headline says "published".
 */
export function rebuildHeadline(report: Omit<EditorProblems, 'headline'>): string {
  const errors = report.problems.filter((p) => p.severity === 'error').length
  const review = report.problems.filter((p) => p.review).length
  const warnings = report.problems.length - errors
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
  const notLive = 'not yet live for readers · 尚未对读者发布'
  if (errors > 0)
    return report.leftOut.length > 0
      ? `Saved. ${plural(errors, 'error')}: the preview leaves out ${report.leftOut.join(', ')} until fixed; ${notLive} · 已保存，有错误：修正前预览不包含这些文件`
      : `Saved. ${plural(errors, 'error')}: the preview keeps the last good version; ${notLive} · 已保存，有错误：预览仍为上一个正确版本`
  const rest = [
    review > 0 ? `${plural(review, 'file')} to review before publishing` : '',
    warnings - review > 0 ? plural(warnings - review, 'warning') : '',
  ].filter(Boolean)
  return `Saved and built${rest.length > 0 ? `, ${rest.join(', ')}` : ''}; ${notLive} · 已保存并生成${review > 0 ? `，${review} 个文件待审阅` : ''}`
}

export interface Editor {
  /** Answers /admin/ requests; false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): boolean
  close(): Promise<void>
}

/** Starts the editor for `contentDir` (its parent folder is what the proxy edits); undefined when it cannot run. */
export async function startEditor(
  contentDir: string,
  problems: () => EditorProblems,
  log: (line: string) => void,
): Promise<Editor | undefined> {
  if (!ensureEditorDeps(log)) {
    log('The web editor could not be installed (see above); the content is served without it.')
    return undefined
  }
  const proxyPort = Number(process.env.DECAP_PORT) || (await freePort())
  const proxy = spawn(process.execPath, [PROXY], {
    cwd: EDITOR_DIR,
    env: {
      ...process.env,
      PORT: String(proxyPort),
      BIND_HOST: '127.0.0.1',
      MODE: 'fs',
      GIT_REPO_DIRECTORY: dirname(contentDir),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  try {
    await waitForPort(proxyPort, proxy)
  } catch (error) {
    proxy.kill()
    log(`The web editor could not start: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
  const files = new Map<string, { type: string; body: Buffer }>([
    ['', { type: 'text/html; charset=utf-8', body: readFileSync(join(EDITOR_DIR, 'admin', 'index.html')) }],
    [
      'problems.js',
      {
        type: 'text/javascript; charset=utf-8',
        body: readFileSync(join(EDITOR_DIR, 'admin', 'problems.js')),
      },
    ],
    [
      'config.yml',
      { type: 'text/yaml; charset=utf-8', body: Buffer.from(localConfig(contentDir, proxyPort)) },
    ],
    ['preview.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(bundlePreview()) }],
    ['preview.css', { type: 'text/css; charset=utf-8', body: Buffer.from(previewCss()) }],
  ])
  const send = (res: ServerResponse, status: number, type: string, body: Buffer | string): void => {
    res.writeHead(status, {
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    })
    res.end(body)
  }
  return {
    handle(req, res) {
      const path = decodeComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
      if (path === undefined || !/^\/admin(\/|$)/.test(path)) return false
      const rest = path.replace(/^\/admin\/?/, '')
      const file = files.get(rest)
      if (file) send(res, 200, file.type, file.body)
      else if (rest === 'problems.json')
        send(res, 200, 'application/json; charset=utf-8', JSON.stringify(problems()))
      else if (/^cms\/[\w.-]+$/.test(rest) && existsSync(join(CMS_DIST, rest.slice(4))))
        send(
          res,
          200,
          contentType(rest).replace(
            'application/octet-stream',
            /\.js$/.test(rest)
              ? 'text/javascript'
              : /\.css$/.test(rest)
                ? 'text/css'
                : /\.wasm$/.test(rest)
                  ? 'application/wasm'
                  : 'application/octet-stream',
          ),
          readFileSync(join(CMS_DIST, rest.slice(4))),
        )
      else if (rest.startsWith('images/')) {
        // Originals of content/images, for the preview of an article's pictures.
        readFileInside(contentDir, join(contentDir, ...rest.split('/')), MAX_FILE_BYTES).then(
          (body) => send(res, 200, contentType(rest), body),
          (error: unknown) =>
            send(
              res,
              404,
              'text/plain; charset=utf-8',
              error instanceof UnsafeFileError ? 'not found' : 'error',
            ),
        )
      } else send(res, 404, 'text/plain; charset=utf-8', 'not found')
      return true
    },
    close: () =>
      new Promise((done) => {
        if (proxy.exitCode !== null) return done()
        proxy.once('exit', () => done())
        proxy.kill()
      }),
  }
}
