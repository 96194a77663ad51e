/** @jest-environment node */
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { buildSite } from '../../scripts/lib/build'
import { readPublishedFolder } from '../../scripts/lib/published-folder'
import { createContentServer, type ContentServer } from '../../scripts/lib/server'
import { validateTarget } from '../../scripts/lib/validate'
import { join } from 'node:path'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

let content: ContentServer
let port: number

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  content = createContentServer(
    buildSite(await readPublishedFolder(join(__dirname, '..', '..', 'tests', 'fixtures', 'endpoint-2022'))),
  )
  await new Promise<void>((resolve) => content.server.listen(0, '127.0.0.1', resolve))
  port = (content.server.address() as AddressInfo).port
})

afterAll(() => content.close())

describe('content server', () => {
  test('serves the feed as a JSON Feed 1.1 with English and Chinese items', async () => {
    const res = await get('/feed.json')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/feed\+json/)
    const feed = JSON.parse(res.body.toString('utf8')) as {
      version: string
      items: Array<{ language: string }>
    }
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(new Set(feed.items.map((i) => i.language))).toEqual(new Set(['en', 'zh']))
  })

  test('answers 304 with no body to a matching If-None-Match, 200 to a stale one', async () => {
    const first = await get('/feed.json')
    const etag = String(first.headers.etag)
    expect(etag).toMatch(/^"[^"]+"$/)
    const again = await get('/feed.json', { 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect((await get('/feed.json', { 'If-None-Match': `W/${etag}, "other"` })).status).toBe(304)
    expect((await get('/feed.json', { 'If-None-Match': '"stale"' })).status).toBe(200)
  })

  test('gzips when asked, with its own ETag that still revalidates', async () => {
    const plain = await get('/feed.json')
    const zipped = await get('/feed.json', { 'Accept-Encoding': 'br, gzip;q=0.8' })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.headers.vary).toBe('Accept-Encoding')
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true)
    expect(zipped.headers.etag).not.toBe(plain.headers.etag)
    expect(
      (await get('/feed.json', { 'Accept-Encoding': 'gzip', 'If-None-Match': String(zipped.headers.etag) }))
        .status,
    ).toBe(304)
    expect(
      (await get('/feed.json', { 'Accept-Encoding': 'gzip;q=0' })).headers['content-encoding'],
    ).toBeUndefined()
  })

  test('serves per-article and per-event documents, events and office as JSON', async () => {
    const article = await get('/articles/health-tech-en.json')
    expect(article.status).toBe(200)
    expect((JSON.parse(article.body.toString('utf8')) as { items: Array<{ id: string }> }).items[0]?.id).toBe(
      'health-tech-en',
    )
    const event = await get('/events/cmef-2022.json')
    expect(event.headers['content-type']).toMatch(/^application\/json/)
    expect((await get('/office.json')).status).toBe(200)
    // Nothing served may run script on this origin (the web editor's), an SVG included.
    expect(
      (await get('/images/official-account-qr-placeholder.svg')).headers['content-security-policy'],
    ).toMatch(/default-src 'none'.*sandbox/)
    expect((await get('/images/official-account-qr-placeholder.svg')).headers['content-type']).toBe(
      'image/svg+xml',
    )
  })

  test('answers unknown paths with a JSON 404, and other methods with a JSON 405', async () => {
    const missing = await get('/nope.json')
    expect(missing.status).toBe(404)
    expect(missing.headers['content-type']).toMatch(/^application\/json/)
    expect(JSON.parse(missing.body.toString('utf8'))).toEqual(
      expect.objectContaining({ error: 'not_found', path: '/nope.json' }),
    )
    const post = await get('/feed.json', {}, 'POST')
    expect(post.status).toBe(405)
    expect(JSON.parse(post.body.toString('utf8'))).toEqual(
      expect.objectContaining({ error: 'method_not_allowed' }),
    )
  })

  test('answers HEAD with the headers and no body', async () => {
    const head = await get('/feed.json', {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0)
    expect(head.body.length).toBe(0)
  })

  test('is a valid endpoint for the validator, which follows the feed to every linked document over http', async () => {
    const report = await validateTarget(`http://127.0.0.1:${port}/feed.json`)
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([])
    expect(report.docs.map((d) => d.name).sort()).toEqual(
      ['events.json', 'feed.json', 'office.json'].map((f) => `http://127.0.0.1:${port}/${f}`),
    )
  })

  test('makes the validator report an unreachable URL as one error', async () => {
    const report = await validateTarget(`http://127.0.0.1:${port}/nope.json`)
    expect(report.problems).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '', message: 'answered HTTP 404; expected 200' }),
    ])
  })
})
