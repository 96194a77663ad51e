// The web editor's file API on a local server, as the editor's page reaches it: the gate's check of foreign
// requests first, then the API at its path. For the editor's tests.

import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { foreignRequest, type EditorApi } from '../../editor/api'

export interface ServedApi {
  server: Server
  port: number
  /** A POST of `text` with the headers this machine's page sends, `headers` over them. */
  post(
    text: string,
    headers?: Record<string, string>,
    path?: string,
  ): Promise<{ status: number; text: string }>
  close(): Promise<void>
}

export async function serveEditorApi(api: EditorApi): Promise<ServedApi> {
  const server = createServer((req, res) => {
    const foreign = foreignRequest(req)
    if (foreign) {
      res.writeHead(403).end(foreign)
      return
    }
    if (req.url === api.path) void api.handle(req, res)
    else res.writeHead(404).end('not found')
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const port = (server.address() as AddressInfo).port
  const post: ServedApi['post'] = (text, headers = {}, path = api.path) =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          headers: {
            Host: `127.0.0.1:${port}`,
            Origin: `http://127.0.0.1:${port}`,
            'Content-Type': 'application/json',
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          )
        },
      )
      req.on('error', reject)
      req.end(text)
    })
  return { server, port, post, close: () => new Promise((done) => server.close(() => done())) }
}
