import { REQUEST_TIMEOUT_MS } from '../../miniprogram/core/config'
import {
  HttpError,
  MAX_IN_FLIGHT,
  backoffDelay,
  createRequestScope,
  requestsInFlight,
  timing,
} from '../../miniprogram/services/http'

const URL = 'https://cdn.example.com/feed.json'
const sleeps: number[] = []

beforeEach(() => {
  sleeps.length = 0
  timing.random = () => 0.5
  timing.sleep = (ms) => {
    sleeps.push(ms)
    return Promise.resolve()
  }
})

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof HttpError) return error
    throw error
  }
  throw new Error('expected the request to fail')
}

describe('http', () => {
  test('returns the JSON body and the ETag of a 200', async () => {
    fakeWx.routes.set(URL, () => ({ statusCode: 200, data: '{"items":[]}', header: { etag: '"v1"' } }))
    await expect(createRequestScope().getJson(URL)).resolves.toEqual({
      status: 200,
      body: { items: [] },
      etag: '"v1"',
    })
  })

  test('sends If-None-Match and reports 304 as "still valid"', async () => {
    fakeWx.routes.set(URL, (req) =>
      req.header['If-None-Match'] === '"v1"'
        ? { statusCode: 304, data: '' }
        : { statusCode: 200, data: '{}' },
    )
    await expect(createRequestScope().getJson(URL, { etag: '"v1"' })).resolves.toEqual({ status: 304 })
  })

  test('accepts a body with a byte-order mark', async () => {
    fakeWx.serveJson(URL, '\ufeff{"a":1}')
    await expect(createRequestScope().getJson(URL)).resolves.toEqual({ status: 200, body: { a: 1 } })
  })

  test.each([
    ['an HTML error page with status 200', 200, '<!DOCTYPE html><h1>Oops</h1>', 'format'],
    ['truncated JSON', 200, '{"items": [', 'format'],
    ['an empty body', 200, '', 'format'],
    ['a JSON string', 200, '"hello"', 'format'],
    ['a body over 1 MB', 200, `{"x":"${'a'.repeat(1024 * 1024)}"}`, 'too-large'],
    ['404', 404, '{"error":"not_found"}', 'status'],
  ])('refuses %s without retrying', async (_name, statusCode, data, kind) => {
    fakeWx.routes.set(URL, () => ({ statusCode, data }))
    const error = await failure(createRequestScope().getJson(URL))
    expect(error.kind).toBe(kind)
    expect(fakeWx.requests).toHaveLength(1)
    expect(error.userMessage.en.length).toBeGreaterThan(0)
    expect(error.userMessage.zh.length).toBeGreaterThan(0)
  })

  test.each([
    ['500', { statusCode: 500, data: '' }, 'status'],
    ['502', { statusCode: 502, data: '<html>Bad gateway</html>' }, 'status'],
    ['429', { statusCode: 429, data: '' }, 'status'],
    ['a network error', { fail: 'request:fail ' }, 'offline'],
    ['a timeout', { fail: 'request:fail timeout' }, 'timeout'],
    ['an interruption', { fail: 'request:fail interrupted' }, 'interrupted'],
  ] as const)('retries %s twice, waiting with full jitter, then fails', async (_name, reply, kind) => {
    fakeWx.routes.set(URL, () => reply)
    const error = await failure(createRequestScope().getJson(URL))
    expect(error.kind).toBe(kind)
    expect(fakeWx.requests).toHaveLength(3)
    expect(sleeps).toEqual([backoffDelay(0), backoffDelay(1)])
  })

  test('succeeds when a retry succeeds', async () => {
    let calls = 0
    fakeWx.routes.set(URL, () =>
      ++calls < 3 ? { statusCode: 503, data: '' } : { statusCode: 200, data: '{"ok":true}' },
    )
    await expect(createRequestScope().getJson(URL)).resolves.toEqual({ status: 200, body: { ok: true } })
  })

  test('draws each backoff uniformly between zero and an exponential cap', () => {
    expect(backoffDelay(0, () => 0)).toBe(0)
    expect(backoffDelay(0, () => 0.999)).toBeLessThan(400)
    expect(backoffDelay(1, () => 0.999)).toBeGreaterThan(400)
    expect(backoffDelay(10, () => 0.999)).toBeLessThan(5000)
  })

  test('sets its own timeout on wx.request, and gives up on a request that never answers at all', async () => {
    jest.useFakeTimers()
    try {
      fakeWx.routes.set(URL, () => 'silent')
      const pending = failure(createRequestScope().getJson(URL))
      for (let i = 0; i < 3; i++) await jest.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS + 1_000)
      const error = await pending
      expect(error.kind).toBe('timeout')
      expect(fakeWx.requests).toHaveLength(3)
      expect(requestsInFlight()).toBe(0)
    } finally {
      jest.useRealTimers()
    }
  })

  test('runs at most three requests at once and queues the rest', async () => {
    let running = 0
    let most = 0
    fakeWx.routes.set(URL, () => {
      running++
      most = Math.max(most, running)
      return { statusCode: 200, data: '{}' }
    })
    const original = (fakeWx.api.request as (o: WechatMiniprogram.RequestOption) => unknown).bind(fakeWx.api)
    fakeWx.api.request = (options: WechatMiniprogram.RequestOption) =>
      original({
        ...options,
        complete: (r: WechatMiniprogram.GeneralCallbackResult) => (running--, options.complete?.(r)),
      })
    try {
      const scope = createRequestScope()
      await Promise.all(Array.from({ length: 8 }, () => scope.getJson(URL)))
      expect(most).toBe(MAX_IN_FLIGHT)
      expect(fakeWx.requests).toHaveLength(8)
    } finally {
      fakeWx.api.request = original
    }
  })

  test('aborts the requests of a scope (a page unloading) without retrying them', async () => {
    fakeWx.routes.set(URL, () => 'hang')
    const scope = createRequestScope()
    const pending = failure(scope.getJson(URL))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(requestsInFlight()).toBe(1)
    scope.abort()
    expect((await pending).kind).toBe('aborted')
    expect(fakeWx.requests).toHaveLength(1)
    expect((await failure(scope.getJson(URL))).kind).toBe('aborted')
    expect(requestsInFlight()).toBe(0)
  })
})
