// A local S3 server (s3rver, on 127.0.0.1) behind a proxy that records every request and can fail chosen ones, as
// a network or a storage service does. For the publishing tests and the editor's whole-chain test; never the network.

import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { mkdtempSync } from 'node:fs'
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { decodeComponent } from '../../miniprogram/core/url'

export interface LocalS3 {
  /** The proxy's address: what the code under test is given as its endpoint. */
  endpoint: string
  client: S3Client
  /** Requests the storage received: method ("POST delete" for a batch delete) and key, without the bucket. */
  log: Array<{ method: string; key: string }>
  /** Answers a request itself instead of the storage (a failure), or undefined to pass it on. */
  intercept?: (req: IncomingMessage, key: string, res: ServerResponse) => boolean
  /** PUTs of keys matching this fail with a 500. */
  failing?: RegExp
  get(key: string): Promise<Buffer | undefined>
  keys(prefix: string): Promise<string[]>
  close(): Promise<void>
}

// The storage library's nine-line notice about Node.js versions says nothing about these tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

export async function startS3(bucket: string): Promise<LocalS3> {
  const s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 'bcecc-s3-')),
    configureBuckets: [{ name: bucket, configs: [] }],
  })
  const { port } = (await s3.run()) as AddressInfo
  const proxy = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const key = decodeComponent(url.pathname.replace(new RegExp(`^/${bucket}/?`), '')) ?? ''
    local.log.push({ method: `${req.method ?? ''}${url.searchParams.has('delete') ? ' delete' : ''}`, key })
    if (local.intercept?.(req, key, res)) return
    if (req.method === 'PUT' && local.failing?.test(key)) {
      req.resume()
      res.writeHead(500, { 'Content-Type': 'application/xml' })
      res.end('<Error><Code>InternalError</Code><Message>injected</Message></Error>')
      return
    }
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    req.pipe(upstream)
  })
  await new Promise<void>((ready) => proxy.listen(0, '127.0.0.1', ready))
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts: 2,
  })
  const local: LocalS3 = {
    endpoint,
    client,
    log: [],
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array())
      } catch {
        return undefined
      }
    },
    async keys(prefix) {
      const out: string[] = []
      let token: string | undefined
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        )
        for (const o of page.Contents ?? []) out.push((o.Key ?? '').slice(prefix.length))
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
      return out.sort()
    },
    async close() {
      client.destroy()
      await new Promise((done) => proxy.close(done))
      await s3.close()
    },
  }
  return local
}
