// URL resolution without the URL class (not in every mini program runtime). Pure.

import { hasLoneSurrogate } from './format'

const SCHEME = /^([a-z][a-z0-9+.-]*):/i

export function schemeOf(url: string): string | undefined {
  return SCHEME.exec(url)?.[1]?.toLowerCase()
}

function normalizePath(path: string): string {
  const out: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '..') {
      if (out.length > 1) out.pop()
    } else if (segment !== '.') out.push(segment)
  }
  if (path.endsWith('/.') || path.endsWith('/..')) out.push('')
  return out.join('/')
}

const resolved = new Map<string, string | undefined>()

/** Resolves `link` against an absolute http(s) `base` (RFC 3986 for the cases content uses). */
export function resolveUrl(link: string, base: string): string | undefined {
  // Each feed page resolves the same few links again: remember them.
  const key = `${base}\n${link}`
  if (resolved.has(key)) return resolved.get(key)
  const url = resolve(link, base)
  if (resolved.size > 500) resolved.clear()
  resolved.set(key, url)
  return url
}

function resolve(link: string, base: string): string | undefined {
  const trimmed = link.trim()
  if (!trimmed || /[\s<>"]/.test(trimmed)) return undefined
  if (schemeOf(trimmed)) return trimmed
  const m = /^([a-z][a-z0-9+.-]*:)\/\/([^/?#]*)([^?#]*)/i.exec(base)
  if (!m) return undefined
  const scheme = m[1] ?? ''
  const authority = m[2] ?? ''
  const basePath = m[3] ?? ''
  if (trimmed.startsWith('//')) return `${scheme}${trimmed}`
  if (trimmed.startsWith('#') || trimmed.startsWith('?')) {
    return `${scheme}//${authority}${basePath}${trimmed.startsWith('#') ? (/\?[^#]*/.exec(base)?.[0] ?? '') : ''}${trimmed}`
  }
  const [pathPart, ...rest] = trimmed.split(/(?=[?#])/)
  const directory = basePath.replace(/[^/]*$/, '') || '/'
  const path = pathPart?.startsWith('/') ? pathPart : `${directory}${pathPart ?? ''}`
  return `${scheme}//${authority}${normalizePath(path)}${rest.join('')}`
}

/** An absolute https URL, or undefined. `allowHttp` is for the local development endpoint. */
export function httpsUrl(link: unknown, base: string, allowHttp = false): string | undefined {
  if (typeof link !== 'string') return undefined
  const url = resolveUrl(link, base)
  const scheme = url === undefined ? undefined : schemeOf(url)
  return scheme === 'https' || (allowHttp && scheme === 'http') ? url : undefined
}

/** Whether content from this document URL may use http images (only the local development endpoint). */
export function isLocalDevelopment(documentUrl: string): boolean {
  return /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//i.test(documentUrl)
}

/** decodeURIComponent for outside input: undefined, not a URIError, for a malformed escape ("%E0%A4%A"). */
export function decodeComponent(text: string): string | undefined {
  try {
    // The one place that calls it: every other caller goes through here (a lint rule says so).
    // eslint-disable-next-line no-restricted-globals
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

/** Longer ids than this name nothing: no article id or event uid comes near it, and it bounds storage keys. */
export const MAX_LINK_ID_LENGTH = 1024

/**
 * The article id or event uid a deep link or an in-app link carries: percent-decoded when the escapes are
 * well-formed, else as written (a truncated share link then simply names nothing); '' when absent or too long.
 */
export function linkId(value: unknown): string {
  if (typeof value !== 'string' || value.length > 3 * MAX_LINK_ID_LENGTH) return ''
  const id = decodeComponent(value) ?? value
  return id.length > MAX_LINK_ID_LENGTH || hasLoneSurrogate(id) ? '' : id
}
