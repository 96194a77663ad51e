// Turning bytes into JSON with a clear, located message for each way a published document can be broken.

import { TextDecoder } from 'node:util'

export type Decoded = { ok: true; value: unknown } | { ok: false; message: string }

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function decodeJson(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { ok: false, message: 'starts with a byte-order mark (BOM); expected UTF-8 JSON without a BOM' }
  }
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    return { ok: false, message: 'is not valid UTF-8; expected a UTF-8 JSON document' }
  }
  if (text.trim() === '') return { ok: false, message: 'is empty; expected a JSON document' }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return {
      ok: false,
      message: `is not valid JSON (${jsonErrorWhere(text, error)}); expected a JSON document`,
    }
  }
}

function jsonErrorWhere(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const position = /position (\d+)/.exec(message)?.[1]
  if (/^\s*</.test(text)) return 'it looks like HTML, not JSON'
  const detail = message
    .replace(/\s+/g, ' ')
    .replace(/, ".*" is not valid JSON$/, '')
    .replace(/ is not valid JSON$/, '')
  if (position === undefined) {
    return /Unexpected end/i.test(message) ? 'it ends too early' : detail
  }
  const offset = Number(position)
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return `line ${line}, column ${column}: ${detail.replace(/ in JSON at position \d+.*$/, '')}`
}

/** A JSON Pointer (RFC 6901) from path segments. */
export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}…"` : text
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
