// The only caller of wx.request: a timeout of our own, the status code checked, the body checked to be JSON, and
// one error type that carries what to tell the user.

import { REQUEST_TIMEOUT_MS } from '../config'

export type HttpErrorKind = 'offline' | 'timeout' | 'status' | 'format'

const USER_MESSAGES: Record<HttpErrorKind, { en: string; zh: string }> = {
  offline: { en: 'No connection. Check your network and try again.', zh: '网络连接失败，请检查网络后重试。' },
  timeout: { en: 'The server took too long to answer. Try again.', zh: '服务器响应超时，请重试。' },
  status: {
    en: 'The content server had a problem. Try again later.',
    zh: '内容服务器出现问题，请稍后重试。',
  },
  format: { en: 'The content could not be read. Try again later.', zh: '内容无法读取，请稍后重试。' },
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
    this.userMessage = USER_MESSAGES[kind]
  }
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  const text = data.charCodeAt(0) === 0xfeff ? data.slice(1) : data
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new HttpError('format', 'the body is not JSON')
  }
}

/** GETs a JSON document. Resolves with the parsed body; rejects with an HttpError. */
export function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method: 'GET',
      dataType: '其他',
      responseType: 'text',
      timeout: REQUEST_TIMEOUT_MS,
      header: { Accept: 'application/feed+json, application/json' },
      success(res) {
        if (res.statusCode < 200 || res.statusCode >= 300) {
          reject(new HttpError('status', `HTTP ${res.statusCode}`, res.statusCode))
          return
        }
        try {
          const body = parseBody(res.data)
          if (typeof body !== 'object' || body === null)
            throw new HttpError('format', 'the body is not a JSON object')
          resolve(body)
        } catch (error) {
          reject(error)
        }
      },
      fail(err) {
        reject(new HttpError(/timeout/i.test(err.errMsg) ? 'timeout' : 'offline', err.errMsg))
      },
    })
  })
}
