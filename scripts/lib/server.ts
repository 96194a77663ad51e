// The local content endpoint for development: serves a built site from memory with the headers a CDN would send
// (content types, strong ETags and 304s, gzip), a JSON 404, and nothing else. Production uses the static build.

import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'
import { decodeComponent } from '../../miniprogram/core/url'
import type { Site } from './build'

interface Entry {
  body: Buffer
  gzip?: Buffer
  etag: string
  type: string
}

const TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
}
const FEED_PAGE = /^feed(-\d+)?\.json$|^articles\//

export function contentType(path: string): string {
  if (FEED_PAGE.test(path)) return 'application/feed+json; charset=utf-8'
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? ''
  return TYPES[ext] ?? 'application/octet-stream'
}

function index(site: Site): Map<string, Entry> {
  const entries = new Map<string, Entry>()
  for (const [path, body] of site.files) {
    const type = contentType(path)
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
    const compressible = !type.startsWith('image/') || type.startsWith('image/svg')
    entries.set(path, {
      body,
      etag,
      type,
      ...(compressible && body.length > 512 ? { gzip: gzipSync(body, { level: 9 }) } : {}),
    })
  }
  return entries
}

/** True when an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some(
    (tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/-gzip"$/, '"') === bare,
  )
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';')
    if (coding?.trim().toLowerCase() !== 'gzip') return false
    const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find((v) => v !== undefined)
    return q === undefined || Number(q) > 0
  })
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: object,
  extra: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body))
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': bytes.length,
    ...extra,
  })
  res.end(bytes)
}

export interface ContentServer {
  server: Server
  /** Replaces what is served (after a rebuild); requests in flight finish with the old site. */
  update(site: Site): void
  close(): Promise<void>
}

export function createContentServer(
  site: Site,
  log: (line: string) => void = () => undefined,
  /** Other routes served first (the web editor under /admin/); true when it answered the request. */
  extra?: (req: IncomingMessage, res: ServerResponse) => boolean,
): ContentServer {
  let entries = index(site)

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (extra?.(req, res)) return
    const started = Date.now()
    res.on('finish', () =>
      log(`${req.method ?? '?'} ${req.url ?? ''} ${res.statusCode} ${Date.now() - started}ms`),
    )
    const common = {
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // Documents and pictures only: nothing served here may run script on this origin (the editor's), even an SVG.
      'Content-Security-Policy':
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...common,
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': 'If-None-Match',
      })
      res.end()
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(
        res,
        405,
        { error: 'method_not_allowed', message: 'Only GET and HEAD are served.' },
        { ...common, Allow: 'GET, HEAD' },
      )
      return
    }
    let decoded: string | undefined
    try {
      decoded = decodeComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
    } catch {
      decoded = undefined
    }
    if (decoded === undefined || decoded.includes('\0')) {
      sendJson(res, 400, { error: 'bad_request', message: 'The path is not valid percent-encoding.' }, common)
      return
    }
    const path = decoded.replace(/^\/+/, '')
    const entry = entries.get(path === '' ? 'feed.json' : path)
    if (!entry) {
      sendJson(
        res,
        404,
        { error: 'not_found', message: `No document at /${path}.`, path: `/${path}` },
        common,
      )
      return
    }
    const gzip = entry.gzip && acceptsGzip(req.headers['accept-encoding'])
    const etag = gzip ? entry.etag.replace(/"$/, '-gzip"') : entry.etag
    const headers: Record<string, string | number> = { ...common, ETag: etag, Vary: 'Accept-Encoding' }
    if (matchesEtag(req.headers['if-none-match'], entry.etag)) {
      res.writeHead(304, headers)
      res.end()
      return
    }
    const body = gzip && entry.gzip ? entry.gzip : entry.body
    res.writeHead(200, {
      ...headers,
      'Content-Type': entry.type,
      'Content-Length': body.length,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  const server = createServer(handle)
  server.keepAliveTimeout = 5_000
  return {
    server,
    update(next) {
      entries = index(next)
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
