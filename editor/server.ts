// The web editor at /admin/ of the dev server: Decap CMS (its prebuilt bundle from the decap/ package, nothing from a
// public CDN), its file API (decap-server's handler in this process behind the gate of api.ts, reaching the content
// folder only), our configuration (config.yml) over the sources in content/, the app's own preview (preview.ts,
// bundled here) and the problems of the last rebuild. Decap and its proxy are hundreds of packages: they live in
// decap/ with their own lockfile, installed on first use, so that CI and the mini program never carry them.

import { existsSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { buildSync } from 'esbuild'
import { parse, stringify } from 'yaml'
import { decodeComponent } from '../miniprogram/core/url'
import { commitPaths, inGitRepository } from '../scripts/lib/content-git'
import { createEditorApi, foreignRequest, type EditorApi, type FileHandler } from './api'
import { createPublisher } from './publish'
import { ensurePackageDeps } from '../scripts/lib/package-deps'
import { UnsafeFileError, readFileInside } from '../scripts/lib/safe-fs'
import { MAX_IMAGE_BYTES } from '../scripts/lib/sources/images'
import { contentType } from '../scripts/lib/server'
import { toBrowserCss } from '../scripts/lib/wxss'

const ROOT = join(__dirname, '..')
export const EDITOR_DIR = join(ROOT, 'editor')
/**
 * Decap CMS and its browser test's Playwright: a package of their own in decap/, installed on first use (never by
 * CI). Apart from this folder's code, which resolves its modules from the root install, not from Decap's older ones.
 */
export const DECAP_DIR = join(EDITOR_DIR, 'decap')
const CMS_DIST = join(DECAP_DIR, 'node_modules', 'decap-cms', 'dist')

/** Installs the editor's packages when they are missing or older than its lockfile; false when that failed. */
export function ensureEditorDeps(log: (line: string) => void): boolean {
  return ensurePackageDeps(DECAP_DIR, join(CMS_DIST, 'decap-cms.js'), 'the web editor (Decap CMS)', log)
}

/** The preview's code, for the browser: the build's and the app's own modules. */
export function bundlePreview(): string {
  const result = buildSync({
    entryPoints: [join(EDITOR_DIR, 'preview.ts')],
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
export function previewCss(): string {
  const wxss = ['app.wxss', 'pages/news/index.wxss', 'pages/article/index.wxss', 'pages/event/index.wxss']
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
.bc-editor-label { font-size: 12px; color: #666; margin: 12px 12px 4px; }
.bc-editor-card { padding: 0 12px 12px; border-bottom: 1px dashed #ccd; margin-bottom: 4px; }
img.bc-card__cover { width: 100%; }
`
}

/**
 * Our configuration, with this run's file API as its backend. Its root is the content folder, so "content/…" and
 * "/content/…" (from the repository's root) become paths inside it.
 */
function localConfig(contentDir: string, apiUrl: string): string {
  const config = parse(readFileSync(join(EDITOR_DIR, 'config.yml'), 'utf8')) as Record<string, unknown>
  config.backend = { name: 'proxy', proxy_url: apiUrl, branch: 'main' }
  const relocate = (value: unknown): unknown =>
    typeof value === 'string' && /^\/?content\//.test(value) ? value.replace(/^(\/?)content\//, '$1') : value
  config.media_folder = relocate(config.media_folder)
  for (const collection of (config.collections as Array<Record<string, unknown>>) ?? []) {
    collection.folder = relocate(collection.folder)
    if (collection.media_folder !== undefined) collection.media_folder = relocate(collection.media_folder)
    for (const file of (collection.files as Array<Record<string, unknown>> | undefined) ?? [])
      file.file = relocate(file.file)
  }
  return `# Made by npm start from editor/config.yml (${basename(contentDir)}/ of this working copy).\n${stringify(config)}`
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
 * after a publish (docs/publishing.md), so no headline says "published".
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

/**
 * decap-server's file-system handler, in this process, rooted at `root`: its `registerLocalFs` is given a recorder
 * instead of an express app, so that no second server listens on a port of its own (nothing to find by scanning,
 * nothing left running when this process dies) and every request passes the gate of api.ts first.
 */
async function decapFileHandler(root: string): Promise<FileHandler> {
  type Step = (
    req: { body: unknown },
    res: { status(code: number): unknown; json(body: unknown): void },
    next: () => void,
  ) => unknown
  const steps: Step[] = []
  const app = {
    use: () => app,
    post: (_path: string, ...handlers: Step[]) => {
      steps.push(...handlers)
      return app
    },
  }
  const { registerLocalFs } = createRequire(join(DECAP_DIR, 'package.json'))(
    'decap-server/dist/middlewares',
  ) as { registerLocalFs(app: unknown, options: { logLevel: string }): Promise<void> }
  // It reads its root from the environment when it registers.
  const before = process.env.GIT_REPO_DIRECTORY
  process.env.GIT_REPO_DIRECTORY = root
  try {
    await registerLocalFs(app, { logLevel: 'error' })
  } finally {
    if (before === undefined) delete process.env.GIT_REPO_DIRECTORY
    else process.env.GIT_REPO_DIRECTORY = before
  }
  return (body) =>
    new Promise((resolve, reject) => {
      let status = 200
      const res = {
        status(code: number) {
          status = code
          return res
        },
        json(value: unknown) {
          resolve({ status, body: value })
        },
      }
      let i = 0
      const next = (): void => {
        const step = steps[i++]
        if (!step) resolve({ status: 404, body: { error: 'not handled' } })
        else Promise.resolve(step({ body }, res, next)).catch(reject)
      }
      next()
    })
}

/** Starts the editor for `contentDir` (its files are all the editor can reach); undefined when it cannot run. */
export async function startEditor(
  contentDir: string,
  problems: () => EditorProblems,
  log: (line: string) => void,
): Promise<Editor | undefined> {
  if (!ensureEditorDeps(log)) {
    log('The web editor could not be installed (see above); the content is served without it.')
    return undefined
  }
  const publisher = createPublisher(contentDir, log)
  const history = await saveHistory(contentDir, log)
  let api: EditorApi
  try {
    api = createEditorApi(contentDir, await decapFileHandler(contentDir), {
      publisher,
      ...(history ? { onSaved: history } : {}),
    })
  } catch (error) {
    log(`The web editor could not start: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
  const script = (name: string): [string, { type: string; body: Buffer }] => [
    name,
    { type: 'text/javascript; charset=utf-8', body: readFileSync(join(EDITOR_DIR, 'admin', name)) },
  ]
  const files = new Map<string, { type: string; body: Buffer }>([
    ['', { type: 'text/html; charset=utf-8', body: readFileSync(join(EDITOR_DIR, 'admin', 'index.html')) }],
    ...['defaults.js', 'problems.js', 'labels.js', 'publish.js'].map(script),
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
      // The editor answers its own page on this machine only (not another site, nor a name rebound to it).
      const foreign = foreignRequest(req)
      if (foreign) {
        send(res, 403, 'text/plain; charset=utf-8', `the web editor answers this machine only: ${foreign}`)
        return true
      }
      if (path === api.path) {
        void api.handle(req, res)
        return true
      }
      const rest = path.replace(/^\/admin\/?/, '')
      const file = files.get(rest)
      if (file) send(res, 200, file.type, file.body)
      else if (rest === 'config.yml')
        // The API's address, with this run's token, is given only here, to this machine's page.
        send(
          res,
          200,
          'text/yaml; charset=utf-8',
          localConfig(contentDir, `http://${req.headers.host ?? ''}${api.path}`),
        )
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
        readFileInside(contentDir, join(contentDir, ...rest.split('/')), MAX_IMAGE_BYTES).then(
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
    close: () => publisher.idle(),
  }
}

/**
 * Every save as a git commit of the files it wrote (content-git.ts says why not decap-server's git mode), one at a
 * time in the order of the saves; undefined outside a git repository, which is said once.
 */
async function saveHistory(
  contentDir: string,
  log: (line: string) => void,
): Promise<((paths: string[], message: string) => Promise<void>) | undefined> {
  if (!(await inGitRepository(contentDir))) {
    log(
      `${basename(contentDir)}/ is not in a git repository: the web editor's saves are not recorded as commits.`,
    )
    return undefined
  }
  let queue: Promise<void> = Promise.resolve()
  return (paths, message) => {
    queue = queue.then(async () => {
      const result = await commitPaths(contentDir, paths, message)
      if (!result.ok) log(`The save was written but not committed to git: ${result.out.split('\n')[0] ?? ''}`)
      else if (result.out) log(`Saved as commit ${result.out.slice(0, 10)}: ${message}`)
    })
    return queue
  }
}
