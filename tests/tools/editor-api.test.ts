/** @jest-environment node */
// The web editor's file API gate: who may ask (this machine's page, this run's token), where (the content folder
// only) and how much (pictures up to the limit), with decap-server's handler replaced by a recorder.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { MAX_REQUEST_BYTES, createEditorApi, safeEditorPath, type EditorApi } from '../../editor/api'
import { serveEditorApi, type ServedApi } from '../setup/editor-api'

const ROOT = join(__dirname, '..', '..')

let served: ServedApi
let api: EditorApi
let port: number
let dir: string
/** What reached the file handler. */
let handled: unknown[] = []
let reply: (body: unknown) => { status: number; body: unknown } = () => ({ status: 200, body: {} })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bcecc-editor-api-'))
  cpSync(join(ROOT, 'content'), dir, { recursive: true })
  api = createEditorApi(dir, async (body) => {
    handled.push(body)
    return reply(body)
  })
  served = await serveEditorApi(api)
  port = served.port
})

afterAll(async () => {
  await served.close()
})

beforeEach(() => {
  handled = []
  reply = () => ({ status: 200, body: {} })
})

/** A POST with the headers a browser (or an attacker) would send. */
async function post(
  body: unknown,
  headers: Record<string, string> = {},
  path = api.path,
): Promise<{ status: number; body: { error?: string } & Record<string, unknown> }> {
  const answer = await served.post(typeof body === 'string' ? body : JSON.stringify(body), headers, path)
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(answer.text) as Record<string, unknown>
  } catch {
    parsed = { error: answer.text }
  }
  return { status: answer.status, body: parsed }
}

const getEntry = (path: string) => ({ action: 'getEntry', params: { branch: 'main', path } })

describe('who may ask', () => {
  test("this machine's page, with this run's token", async () => {
    expect((await post(getEntry('office.yaml'))).status).toBe(200)
    expect(handled).toHaveLength(1)
  })

  test.each([
    [
      'a name rebound to this machine (DNS rebinding)',
      { Host: `evil.example:${port}`, Origin: 'http://evil.example' },
    ],
    ['another local dev server', { Origin: 'http://localhost:3000' }],
    ['another site', { Origin: 'https://evil.example' }],
    ['the right Host on another port', { Host: '127.0.0.1:1' }],
  ])('refuses %s, and nothing reaches the files', async (_what, headers) => {
    const answer = await post(getEntry('office.yaml'), headers)
    expect(answer.status).toBe(403)
    expect(handled).toEqual([])
  })

  test('refuses a wrong token, a GET and a form post', async () => {
    expect((await post(getEntry('office.yaml'), {}, '/admin/api/not-the-token/v1')).status).toBe(404)
    expect((await post(getEntry('office.yaml'), { 'Content-Type': 'text/plain' })).status).toBe(415)
    expect(handled).toEqual([])
  })
})

describe('where', () => {
  test.each([
    '../package.json',
    '../.git/config',
    '/etc/passwd',
    'articles/../../scripts/start.ts',
    '.git/hooks/pre-commit',
    'images/.hidden',
    'articles\\..\\..\\package.json',
    'articles//x',
  ])('refuses the path %j in any field of any action', async (path) => {
    for (const body of [
      getEntry(path),
      { action: 'entriesByFolder', params: { branch: 'main', folder: path, extension: 'md', depth: 2 } },
      { action: 'deleteFiles', params: { branch: 'main', paths: ['events/x.yaml', path], options: {} } },
      {
        action: 'persistEntry',
        params: {
          branch: 'main',
          dataFiles: [{ slug: 'x', path: 'events/x.yaml', raw: 'title: x', newPath: path }],
          assets: [],
          options: {},
        },
      },
    ]) {
      const answer = await post(body)
      expect(answer.status).toBe(403)
      expect(answer.body.error).toMatch(/is not a path inside the content folder/)
    }
    expect(handled).toEqual([])
  })

  test('the path rule, on arbitrary text: only plain relative paths without hidden or parent names', () => {
    expect(safeEditorPath('articles/smart-port/index.en.md')).toBe('articles/smart-port/index.en.md')
    for (const bad of ['', '.', 'a/./b', 'a/', 'a\u0000b', 'C:\\x', 'x'.repeat(600), 7, null])
      expect(safeEditorPath(bad)).toBeUndefined()
  })

  test('refuses actions decap-server has no file mode for', async () => {
    const answer = await post({ action: 'publishUnpublishedEntry', params: { collection: 'a', slug: 'b' } })
    expect(answer.status).toBe(422)
    expect(handled).toEqual([])
  })
})

describe('how much', () => {
  const persist = (path: string, content: string) => ({
    action: 'persistEntry',
    params: {
      branch: 'main',
      entry: { slug: 'pilot', path: 'articles/pilot/index.en.md', raw: '---\ntitle: x\n---\n' },
      assets: [{ path, content, encoding: 'base64' }],
      options: { commitMessage: 'x' },
    },
  })

  test('a picture over the size limit is refused with a message naming it and the entry, in both languages', async () => {
    // A request just under the request limit whose picture is over the picture limit.
    const content = 'A'.repeat(Math.ceil(((100 * 1024 * 1024 + 1) * 4) / 3))
    const answer = await post(persist('images/camera.jpg', content))
    expect(answer.status).toBe(413)
    expect(answer.body.error).toMatch(
      /^camera\.jpg is 100 MB, for articles\/pilot\/index\.en\.md: pictures can be up to 100 MB and 200 megapixels\. .* · camera\.jpg 为/,
    )
    expect(handled).toEqual([])
  })

  test('a request over the request limit is refused before it is read, as JSON, never an HTML error page', async () => {
    const answer = await post('x'.repeat(MAX_REQUEST_BYTES + 10))
    expect(answer.status).toBe(413)
    expect(answer.body.error).toMatch(/The request is larger than \d+ MB/)
  })

  test('a picture of more than 200 megapixels (a decompression bomb) and a file that is no picture are refused', async () => {
    // A PNG whose header says 20000 × 10050 pixels, a few hundred bytes long.
    const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer()
    png.writeUInt32BE(20000, 16)
    png.writeUInt32BE(10050, 20)
    const { crc32 } = await import('node:zlib')
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29)
    const bomb = await post(persist('images/bomb.png', png.toString('base64')))
    expect(bomb.status).toBe(413)
    expect(bomb.body.error).toMatch(/^bomb\.png has 201 megapixels, for articles\/pilot\/index\.en\.md/)
    const text = await post(persist('images/notes.jpg', Buffer.from('not a picture').toString('base64')))
    expect(text.status).toBe(422)
    expect(text.body.error).toMatch(/^notes\.jpg is not a picture the build can read/)
    expect(handled).toEqual([])
  })

  test('a camera photo within the limits goes through', async () => {
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#246' } })
      .jpeg()
      .toBuffer()
    expect((await post(persist('images/camera.jpg', photo.toString('base64')))).status).toBe(200)
    expect(handled).toHaveLength(1)
  })
})

describe('a file the editor cannot read', () => {
  const broken = 'articles/climate-tech/index.en.md'

  test('opens as a notice with its problem and its raw text, and is never saved over', async () => {
    const file = join(dir, broken)
    const text = readFileSync(file, 'utf8').replace(/^tags: \[(.*)\]$/m, 'tags: [$1')
    writeFileSync(file, text)
    reply = () => ({ status: 200, body: { data: text, file: { path: broken, id: 'x' } } })
    const read = await post(getEntry(broken))
    const data = String(read.body.data)
    expect(data).toMatch(
      /^---\ntitle: "⚠ index\.en\.md cannot be read here: line 6:7: error: the list opened with \[ is not closed/,
    )
    expect(data).toContain(text)
    handled = []
    const save = await post({
      action: 'persistEntry',
      params: {
        branch: 'main',
        dataFiles: [
          { slug: 'climate-tech', path: broken, raw: '---\ntitle: ""\n---\n' },
          { slug: 'climate-tech', path: 'articles/climate-tech/index.zh.md', raw: '---\ntitle: x\n---\n' },
        ],
        assets: [],
        options: { commitMessage: 'x' },
      },
    })
    expect(save.status).toBe(409)
    expect(save.body.error).toMatch(
      /^articles\/climate-tech\/index\.en\.md has a mistake the web editor cannot read \(line 6:7/,
    )
    expect(handled).toEqual([])
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  test('readable files come as they are', async () => {
    const text = readFileSync(join(dir, 'events', 'cmef-2022.yaml'), 'utf8')
    reply = () => ({ status: 200, body: [{ data: text, file: { path: 'events/cmef-2022.yaml', id: 'x' } }] })
    const read = await post({
      action: 'entriesByFolder',
      params: { branch: 'main', folder: 'events', extension: 'yaml', depth: 1 },
    })
    expect((read.body as unknown as Array<{ data: string }>)[0]?.data).toBe(text)
  })
})
