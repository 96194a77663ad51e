// The web editor's file API, the only way its page reads and writes files: POST /admin/api/<token>/v1 on the dev
// server's own address, answered in this process by decap-server's file-system handler (its documented
// `registerLocalFs`, mounted here instead of in an express app of its own on another port). What this gate adds:
//   - who may ask: requests whose Host is this server's loopback address and port, whose Origin (when sent) is the
//     editor's page, and whose path carries this run's token (only config.yml, served to that Host, tells it);
//   - where: the handler's root is the content folder, and every path must be a plain relative path inside it (no
//     "..", no hidden names): code, .git and node_modules are out of its reach;
//   - how much: pictures up to MAX_IMAGE_BYTES and MAX_PIXELS, each checked before it is written, with a message in
//     English and Chinese that names the file (and the entry being saved);
//   - what it shows: a file whose fields cannot be read (a YAML mistake) opens as a notice with the problem and the
//     raw text, and is never saved over (a save would write the blank fields back).

import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { posix } from 'node:path'
import sharp from 'sharp'
import { stringify } from 'yaml'
import { MAX_IMAGE_BYTES, MAX_PIXELS } from '../scripts/lib/sources/images'
import { unreadable } from '../scripts/lib/sources'
import { formatSourceProblem } from '../scripts/lib/sources/fields'
import { cleanMessage } from '../scripts/lib/content-git'
import { PUBLISH_ACTIONS, type Publisher } from './publish'

/** What decap-server's handler answers for one request body. */
export type FileHandler = (body: unknown) => Promise<{ status: number; body: unknown }>

/** The largest request: one picture at the limit, as base64 (4/3), with room for the entry's text. */
export const MAX_REQUEST_BYTES = Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4 * 1024 * 1024

/** The actions of decap-server's file-system mode; anything else is refused. */
const ACTIONS = new Set([
  'info',
  'entriesByFolder',
  'entriesByFiles',
  'getEntry',
  'persistEntry',
  'getMedia',
  'getMediaFile',
  'persistMedia',
  'deleteFile',
  'deleteFiles',
  'getDeployPreview',
])

const MB = 1024 * 1024

export class EditorApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Whether a request comes from this server's own page on this machine: its Host names a loopback address with the
 * port it arrived on (not another name that resolves here, as DNS rebinding would), and its Origin, when the
 * browser sends one, is that same address. Undefined when it does; else why not.
 */
export function foreignRequest(req: IncomingMessage): string | undefined {
  const host = req.headers.host ?? ''
  const port = req.socket.localPort
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${port ?? ''}`)
  if (!loopback.includes(host.toLowerCase()))
    return `Host ${JSON.stringify(host)} is not this server's address`
  const origin = req.headers.origin
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`)
    return `Origin ${JSON.stringify(origin)} is not the editor's page`
  return undefined
}

/** A path the editor may touch: relative, inside the content folder, no "..", no hidden or empty names. */
export function safeEditorPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 512) return undefined
  if (/[\0\\]/.test(value) || value.startsWith('/')) return undefined
  const segments = value.split('/')
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))) return undefined
  return posix.normalize(value) === value ? value : undefined
}

/** Every path a request names (folders, files, media, moves), for the path check. */
function pathsOf(params: Record<string, unknown>): unknown[] {
  const out: unknown[] = []
  const entry = (value: unknown): void => {
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>
      out.push(record.path)
      if (record.newPath !== undefined) out.push(record.newPath)
    }
  }
  for (const key of ['path', 'folder', 'mediaFolder']) if (key in params) out.push(params[key])
  if (Array.isArray(params.paths)) out.push(...(params.paths as unknown[]))
  if (Array.isArray(params.files)) for (const file of params.files as unknown[]) entry(file)
  if ('entry' in params) entry(params.entry)
  if (Array.isArray(params.dataFiles)) for (const file of params.dataFiles as unknown[]) entry(file)
  if (Array.isArray(params.assets)) for (const asset of params.assets as unknown[]) entry(asset)
  if ('asset' in params) entry(params.asset)
  return out
}

function both(en: string, zh: string): string {
  return `${en} · ${zh}`
}

/** Checks a picture before it is written: its size in bytes and pixels, and that it is one. */
async function checkPicture(path: string, content: unknown, savingWhat: string): Promise<void> {
  const name = posix.basename(path)
  if (typeof content !== 'string') throw new EditorApiError(422, `${name}: no picture was sent`)
  const bytes =
    Math.floor((content.length * 3) / 4) - (content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0)
  const limit = `${MAX_IMAGE_BYTES / MB} MB`
  if (bytes > MAX_IMAGE_BYTES)
    throw new EditorApiError(
      413,
      both(
        `${name} is ${Math.round(bytes / MB)} MB${savingWhat}: pictures can be up to ${limit} and ${MAX_PIXELS / 1e6} megapixels. Export a smaller copy (any photo app can) and choose it instead; nothing was saved`,
        `${name} 为 ${Math.round(bytes / MB)} MB：图片不能超过 ${limit}、${MAX_PIXELS / 1e6 / 100} 亿像素。请导出一个较小的副本后重新选择；未保存任何内容`,
      ),
    )
  if (/\.svg$/i.test(name)) return
  const meta = await sharp(Buffer.from(content, 'base64'), { limitInputPixels: false })
    .metadata()
    .catch(() => undefined)
  if (!meta?.width || !meta.height)
    throw new EditorApiError(
      422,
      both(
        `${name} is not a picture the build can read${savingWhat}: choose a JPEG, PNG, WebP or GIF (from an iPhone, export the photo as JPEG); nothing was saved`,
        `${name} 不是构建工具能读取的图片：请选择 JPEG、PNG、WebP 或 GIF（iPhone 照片请导出为 JPEG）；未保存任何内容`,
      ),
    )
  if (meta.width * meta.height > MAX_PIXELS)
    throw new EditorApiError(
      413,
      both(
        `${name} has ${Math.round((meta.width * meta.height) / 1e6)} megapixels${savingWhat}: pictures can be up to ${MAX_PIXELS / 1e6} megapixels. Export a smaller copy and choose it instead; nothing was saved`,
        `${name} 为 ${Math.round((meta.width * meta.height) / 1e6)} 百万像素：图片不能超过 ${MAX_PIXELS / 1e6 / 100} 亿像素。请导出一个较小的副本后重新选择；未保存任何内容`,
      ),
    )
}

/**
 * The text the editor shows for a file whose fields cannot be read: its title says what is wrong and where, its
 * body holds the raw text, so that nothing looks empty. Saving it is refused (see `refuseOverwrite`).
 */
function noticeFor(path: string, raw: string, problem: string): string {
  const title = `⚠ ${posix.basename(path)} cannot be read here: ${problem}. Fix it in a text editor (the web editor will not save over it) · 此文件无法在此读取，请用文本编辑器修正`
  const body = `This file has a mistake that the web editor cannot read. Its text, as it is on disk:\n\n~~~~\n${raw.replace(/~~~~/g, '~ ~ ~ ~')}\n~~~~\n`
  // Required fields are filled, so that the editor's own checks let a save through to the refusal that says why.
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  if (/\.md$/i.test(path))
    return `---\n${stringify({ title, date: now, draft: true }, { lineWidth: 0 })}---\n\n${body}`
  return stringify(
    { title: { en: title, zh: title }, description: { en: body }, date_status: 'tba', updated: now },
    { lineWidth: 0 },
  )
}

export interface EditorApi {
  /** The path prefix of this run's API (/admin/api/<token>/v1): what config.yml gives the editor as proxy_url. */
  readonly path: string
  /** Answers a request for `path` (the caller has checked `foreignRequest`). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
}

export interface EditorApiOptions {
  /** "Publish to readers" (publish.ts): its actions pass the same gate. */
  publisher?: Publisher
  /** Called after a save, a picture upload or a deletion has been written, with the paths it touched. */
  onSaved?: (paths: string[], message: string) => Promise<void>
}

/** The files a successful write touched, and Decap's words for it ("Update Articles “x”"). */
function written(
  action: string,
  p: Record<string, unknown>,
): { paths: string[]; message: string } | undefined {
  const paths = (list: unknown[]): string[] =>
    list
      .flatMap((item) => {
        if (typeof item === 'string') return [item]
        const file = (item ?? {}) as { path?: unknown; newPath?: unknown }
        return [file.path, file.newPath]
      })
      .filter((path): path is string => typeof path === 'string' && safeEditorPath(path) !== undefined)
  const options = (p.options ?? {}) as { commitMessage?: unknown }
  let touched: string[]
  if (action === 'persistEntry')
    touched = paths([
      p.entry,
      ...(Array.isArray(p.dataFiles) ? p.dataFiles : []),
      ...(Array.isArray(p.assets) ? p.assets : []),
    ])
  else if (action === 'persistMedia') touched = paths([p.asset])
  else if (action === 'deleteFile') touched = paths([p.path])
  else if (action === 'deleteFiles') touched = paths(Array.isArray(p.paths) ? p.paths : [])
  else return undefined
  const fallback = `${action === 'deleteFile' || action === 'deleteFiles' ? 'Delete' : 'Update'} ${touched.join(', ')}`
  return { paths: [...new Set(touched)], message: cleanMessage(options.commitMessage, fallback) }
}

/** The location of the first mistake of a file on disk that cannot be read, if it is one. */
async function mistakeOnDisk(contentDir: string, name: string): Promise<string | undefined> {
  const text = await readFile(posix.join(contentDir, name), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  const problem = unreadable(name, text)
  return problem ? formatSourceProblem(problem).replace(/^[^:]*:/, 'line ') : undefined
}

/** A save over a file the editor could not read would write blank fields over the editor's text: refused. */
async function refuseOverwrite(contentDir: string, params: Record<string, unknown>): Promise<void> {
  const entries = [
    ...(Array.isArray(params.dataFiles) ? (params.dataFiles as unknown[]) : []),
    params.entry,
  ] as Array<{ path?: unknown } | undefined>
  for (const entry of entries) {
    const name = safeEditorPath(entry?.path)
    const mistake = name === undefined ? undefined : await mistakeOnDisk(contentDir, name)
    if (name !== undefined && mistake !== undefined)
      throw new EditorApiError(
        409,
        both(
          `${name} has a mistake the web editor cannot read (${mistake}); fix it in a text editor first, so that this save does not overwrite it. Nothing was saved`,
          `${name} 有网页编辑器无法读取的错误（${mistake}）；请先用文本编辑器修正，以免保存时覆盖原文。未保存任何内容`,
        ),
      )
  }
}

/** Entries read for the editor: one that cannot be read comes as a notice with its raw text. */
function showUnreadable(answer: unknown): unknown {
  const list = Array.isArray(answer) ? answer : [answer]
  for (const item of list as Array<{ data?: unknown; file?: { path?: unknown } } | null>) {
    const name = typeof item?.file?.path === 'string' ? item.file.path : undefined
    if (!item || name === undefined || typeof item.data !== 'string') continue
    const problem = unreadable(name, item.data)
    if (problem)
      item.data = noticeFor(name, item.data, formatSourceProblem(problem).replace(/^[^:]*:/, 'line '))
  }
  return answer
}

/** The pictures a save or an upload carries, checked before anything is written; and no save over an unreadable file. */
async function checkWrite(contentDir: string, action: string, p: Record<string, unknown>): Promise<void> {
  if (action === 'persistEntry') {
    const entry = (p.entry ?? (Array.isArray(p.dataFiles) ? p.dataFiles[0] : undefined)) as
      { path?: unknown } | undefined
    const saving = typeof entry?.path === 'string' ? `, for ${entry.path}` : ''
    for (const asset of Array.isArray(p.assets) ? (p.assets as Array<Record<string, unknown>>) : [])
      await checkPicture(String(asset.path), asset.content, saving)
    await refuseOverwrite(contentDir, p)
  }
  if (action === 'persistMedia') {
    const asset = (p.asset ?? {}) as Record<string, unknown>
    await checkPicture(String(asset.path), asset.content, '')
  }
}

/** The action and its params of a request body, or why not (422); paths outside the content folder are refused (403). */
function readAction(body: unknown): { action: string; p: Record<string, unknown> } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new EditorApiError(422, 'expected a JSON object with an action')
  const { action, params = {} } = body as { action?: unknown; params?: unknown }
  if (typeof action !== 'string' || !ACTIONS.has(action))
    throw new EditorApiError(422, `unknown action ${JSON.stringify(action)}`)
  if (!params || typeof params !== 'object' || Array.isArray(params))
    throw new EditorApiError(422, 'expected params to be an object')
  const p = params as Record<string, unknown>
  for (const value of pathsOf(p))
    if (value !== undefined && safeEditorPath(value) === undefined)
      throw new EditorApiError(403, `${JSON.stringify(value)} is not a path inside the content folder`)
  return { action, p }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(JSON.stringify(body))
}

/** The request's JSON body, at most MAX_REQUEST_BYTES; or the status and error to answer. */
async function readBody(
  req: IncomingMessage,
): Promise<{ body: unknown } | { status: number; error: string }> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    return { status: 415, error: 'expected application/json' }
  const tooLarge = both(
    `The request is larger than ${Math.round(MAX_REQUEST_BYTES / MB)} MB: pictures can be up to ${MAX_IMAGE_BYTES / MB} MB each; export a smaller copy. Nothing was saved`,
    `请求超过 ${Math.round(MAX_REQUEST_BYTES / MB)} MB：每张图片不能超过 ${MAX_IMAGE_BYTES / MB} MB，请导出较小的副本。未保存任何内容`,
  )
  if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) {
    req.resume()
    return { status: 413, error: tooLarge }
  }
  const chunks: Buffer[] = []
  let size = 0
  let over = false
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_REQUEST_BYTES) over = true
    else chunks.push(chunk)
  }
  if (over) return { status: 413, error: tooLarge }
  try {
    return { body: JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as unknown }
  } catch {
    return { status: 400, error: 'the request is not JSON' }
  }
}

export function createEditorApi(
  contentDir: string,
  files: FileHandler,
  { publisher, onSaved }: EditorApiOptions = {},
): EditorApi {
  const token = randomBytes(18).toString('base64url')
  const answer = async (body: unknown): Promise<{ status: number; body: unknown }> => {
    const asked = body as { action?: unknown; params?: unknown } | null
    if (publisher && typeof asked?.action === 'string' && PUBLISH_ACTIONS.has(asked.action)) {
      const params = asked.params && typeof asked.params === 'object' ? asked.params : {}
      return publisher.answer(asked.action, params as Record<string, unknown>)
    }
    const { action, p } = readAction(body)
    await checkWrite(contentDir, action, p)
    const result = await files(body)
    const saved = result.status === 200 ? written(action, p) : undefined
    if (saved && onSaved) await onSaved(saved.paths, saved.message)
    if (
      result.status === 200 &&
      (action === 'entriesByFolder' || action === 'entriesByFiles' || action === 'getEntry')
    )
      return { status: 200, body: showUnreadable(result.body) }
    return result
  }
  return {
    path: `/admin/api/${token}/v1`,
    async handle(req, res) {
      if (req.method !== 'POST') return reply(res, 405, { error: 'expected POST' })
      const read = await readBody(req)
      if ('error' in read) return reply(res, read.status, { error: read.error })
      try {
        const result = await answer(read.body)
        reply(res, result.status, result.body)
      } catch (error) {
        if (error instanceof EditorApiError) reply(res, error.status, { error: error.message })
        else reply(res, 500, { error: error instanceof Error ? error.message : 'the request failed' })
      }
    },
  }
}
