// The only caller of wx.request. Our own timeout; the status code checked; the body checked to be a JSON object
// of bounded size; at most 2 retries with full-jitter backoff, only for network errors, timeouts, 5xx and 429;
// at most 3 requests in flight; If-None-Match with 304 meaning "what you have is still valid"; requests owned by
// a scope that a page aborts when it unloads; one error type carrying what to tell the user.

import { MAX_RESPONSE_CHARS, REQUEST_TIMEOUT_MS } from '../core/config'
import { both, type StringKey } from '../core/i18n'

export type HttpErrorKind =
  'offline' | 'timeout' | 'interrupted' | 'status' | 'format' | 'too-large' | 'aborted'

const USER_MESSAGES: Record<HttpErrorKind, StringKey> = {
  offline: 'errorOffline',
  timeout: 'errorTimeout',
  interrupted: 'errorInterrupted',
  status: 'errorStatus',
  format: 'errorFormat',
  'too-large': 'errorTooLarge',
  aborted: 'errorAborted',
}

export class HttpError extends Error {
  readonly userMessage: { en: string; zh: string }

  constructor(
    readonly kind: HttpErrorKind,
    detail: string,
    readonly status?: number,
  ) {
    super(`${kind}: ${detail}`)
    this.name = 'HttpError'
    this.userMessage = both(USER_MESSAGES[kind])
  }

  get retryable(): boolean {
    return (
      this.kind === 'offline' ||
      this.kind === 'timeout' ||
      this.kind === 'interrupted' ||
      (this.kind === 'status' && this.status !== undefined && (this.status >= 500 || this.status === 429))
    )
  }
}

export type JsonResponse =
  { status: 200; body: Record<string, unknown> | unknown[]; etag?: string } | { status: 304 }

export const MAX_IN_FLIGHT = 3
export const MAX_RETRIES = 2
const BACKOFF_BASE_MS = 400
const BACKOFF_CAP_MS = 5_000

/** Randomness and waiting, replaceable in tests. */
export const timing = {
  random: (): number => Math.random(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
}

/** Full jitter: a uniformly random wait between 0 and the exponential cap. */
export function backoffDelay(attempt: number, random = timing.random): number {
  return Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt))
}

function headerValue(header: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!header) return undefined
  const lower = name.toLowerCase()
  for (const key of Object.keys(header)) {
    if (key.toLowerCase() === lower) {
      const value = header[key]
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
    }
  }
  return undefined
}

/** Reads a response body into a JSON object or array, refusing HTML error pages, empty bodies and oversize ones. */
export function parseJsonBody(data: unknown): Record<string, unknown> | unknown[] {
  if (typeof data === 'object' && data !== null) {
    if (data instanceof ArrayBuffer) throw new HttpError('format', 'binary body')
    return data as Record<string, unknown>
  }
  if (typeof data !== 'string') throw new HttpError('format', 'empty body')
  if (data.length > MAX_RESPONSE_CHARS) throw new HttpError('too-large', `${data.length} characters`)
  const text = data.charCodeAt(0) === 0xfeff ? data.slice(1) : data
  const start = text.trimStart()
  if (start === '') throw new HttpError('format', 'empty body')
  if (start.startsWith('<')) throw new HttpError('format', 'an HTML page instead of JSON')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HttpError('format', 'the body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null)
    throw new HttpError('format', 'the body is not a JSON object')
  return value as Record<string, unknown>
}

// At most MAX_IN_FLIGHT requests at once; the rest wait in order.
let inFlight = 0
const waiting: Array<() => void> = []

function acquire(): Promise<void> {
  if (inFlight < MAX_IN_FLIGHT) {
    inFlight++
    return Promise.resolve()
  }
  return new Promise((resolve) => waiting.push(resolve))
}

function release(): void {
  const next = waiting.shift()
  if (next) next()
  else inFlight--
}

/** The number of requests running now (for tests and diagnostics). */
export function requestsInFlight(): number {
  return inFlight
}

export interface RequestScope {
  getJson(url: string, options?: { etag?: string }): Promise<JsonResponse>
  /** Aborts every request of this scope: running, waiting for a slot, or waiting to retry. */
  abort(): void
  readonly aborted: boolean
}

/** What a finished request answered: the JSON (with its ETag), a 304, or (thrown) why it cannot be used. */
function answerOf(res: WechatMiniprogram.RequestSuccessCallbackResult): JsonResponse {
  if (res.statusCode === 304) return { status: 304 }
  if (res.statusCode < 200 || res.statusCode >= 300)
    throw new HttpError('status', `HTTP ${res.statusCode}`, res.statusCode)
  const length = Number(headerValue(res.header as Record<string, unknown>, 'Content-Length'))
  if (length > MAX_RESPONSE_CHARS * 3) throw new HttpError('too-large', `${length} bytes`)
  const body = parseJsonBody(res.data)
  const tag = headerValue(res.header as Record<string, unknown>, 'ETag')
  return tag ? { status: 200, body, etag: tag } : { status: 200, body }
}

/** Why a request failed, from the platform's message: aborted, timed out, interrupted, or offline. */
function failureOf(message: string, aborted: boolean): HttpError {
  if (aborted) return new HttpError('aborted', message)
  if (/timeout|timed out/i.test(message)) return new HttpError('timeout', message)
  if (/interrupted/i.test(message)) return new HttpError('interrupted', message)
  return new HttpError('offline', message)
}

/** A request in one of the slots, retried with backoff while its failure may pass and the scope is not aborted. */
function withRetries(
  url: string,
  once: () => Promise<JsonResponse>,
  aborted: () => boolean,
): Promise<JsonResponse> {
  const tryFrom = (attempt: number): Promise<JsonResponse> =>
    acquire().then(() =>
      once().then(
        (response) => {
          release()
          return response
        },
        (error: unknown) => {
          release()
          const retry = error instanceof HttpError && error.retryable && attempt < MAX_RETRIES && !aborted()
          if (!retry) throw error
          return timing.sleep(backoffDelay(attempt)).then(() => {
            if (aborted()) throw new HttpError('aborted', url)
            return tryFrom(attempt + 1)
          })
        },
      ),
    )
  return tryFrom(0)
}

/** A scope of requests owned by one page: call abort() from its onUnload. */
export function createRequestScope(): RequestScope {
  const tasks = new Set<WechatMiniprogram.RequestTask>()
  let aborted = false

  const once = (url: string, etag: string | undefined): Promise<JsonResponse> =>
    new Promise((resolve, reject) => {
      if (aborted) {
        reject(new HttpError('aborted', url))
        return
      }
      const header: Record<string, string> = { Accept: 'application/feed+json, application/json' }
      if (etag) header['If-None-Match'] = etag
      let settled = false
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T): void => {
          if (settled) return
          settled = true
          clearTimeout(guard)
          fn(value)
        }
      resolve = settle(resolve)
      reject = settle(reject)
      // Our own deadline too, in case the platform never calls back (older base libraries ignore `timeout`).
      const guard = setTimeout(() => {
        task.abort()
        reject(new HttpError('timeout', `no answer in ${REQUEST_TIMEOUT_MS} ms`))
      }, REQUEST_TIMEOUT_MS + 1_000)
      const task = wx.request({
        url,
        method: 'GET',
        header,
        dataType: '其他',
        responseType: 'text',
        timeout: REQUEST_TIMEOUT_MS,
        success(res) {
          try {
            resolve(answerOf(res))
          } catch (error) {
            reject(error)
          }
        },
        fail(err) {
          reject(failureOf(err.errMsg, aborted))
        },
        complete() {
          tasks.delete(task)
        },
      })
      tasks.add(task)
    })

  const getJson = (url: string, options: { etag?: string } = {}): Promise<JsonResponse> =>
    withRetries(
      url,
      () => once(url, options.etag),
      () => aborted,
    )

  return {
    getJson,
    abort() {
      aborted = true
      for (const task of tasks) task.abort()
      tasks.clear()
    },
    get aborted() {
      return aborted
    },
  }
}
