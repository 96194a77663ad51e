/** @jest-environment node */
// "Publish to readers" from the web editor, through the editor's own file API (its gate: this machine's page, this
// run's token) to a local S3 server; and every save of the editor as a git commit. decap-server's handler is replaced
// by one that writes files as it does (CI does not install the editor's packages).

import { execFileSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { commitPaths } from '../../scripts/lib/content-git'
import { createEditorApi, type EditorApi } from '../../editor/api'
import { serveEditorApi, type ServedApi } from '../setup/editor-api'
import { createPublisher, type PublishStatus } from '../../editor/publish'
import { startS3, type LocalS3 } from '../../scripts/lib/local-s3'

const ROOT = join(__dirname, '..', '..')
const BUCKET = 'bcecc-editor'

let s3: LocalS3
let served: ServedApi
let api: EditorApi
let repo: string
let dir: string
const logged: string[] = []
/** Every answer the page got, as text: no key may be in any of them. */
const answers: string[] = []
const savedEnv = process.env

const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim()

beforeAll(async () => {
  s3 = await startS3(BUCKET)
  repo = mkdtempSync(join(tmpdir(), 'bcecc-editor-publish-'))
  dir = join(repo, 'content')
  cpSync(join(ROOT, 'content'), dir, { recursive: true })
  appendFileSync(
    join(dir, 'site.yaml'),
    `publish:\n  target: s3://${BUCKET}/live\n  endpoint: ${s3.endpoint}\n  region: us-east-1\n  path_style: true\n`,
  )
  git('init', '--quiet', '--initial-branch=main')
  git('config', 'user.name', 'Guangzhou Editor')
  git('config', 'user.email', 'gz@example.org')
  git('add', '.')
  git('commit', '--quiet', '-m', 'content')
  process.env = {
    ...savedEnv,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    BCECC_ENV_FILE: join(repo, 'no.env'),
  }
  // decap-server's file mode, as far as these tests need it: write the entry's files.
  const files = async (body: unknown): Promise<{ status: number; body: unknown }> => {
    const { action, params } = body as {
      action: string
      params: { dataFiles?: Array<{ path: string; raw: string }> }
    }
    if (action === 'persistEntry')
      for (const file of params.dataFiles ?? []) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true })
        writeFileSync(join(dir, file.path), file.raw)
      }
    return { status: 200, body: { message: 'ok' } }
  }
  api = createEditorApi(dir, files, {
    publisher: createPublisher(dir, (line) => logged.push(line)),
    onSaved: async (paths, message) => {
      await commitPaths(dir, paths, message)
    },
  })
  served = await serveEditorApi(api)
})

afterAll(async () => {
  process.env = savedEnv
  await served.close()
  await s3.close()
})

beforeEach(() => {
  s3.log.length = 0
  s3.failing = undefined
  s3.intercept = undefined
})

async function post(
  action: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  path = api.path,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { status, text } = await served.post(JSON.stringify({ action, params }), headers, path)
  answers.push(text)
  let body: Record<string, unknown>
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { text }
  }
  return { status, body }
}

/** Polls the status as the page does until the run ends. */
async function finished(): Promise<PublishStatus> {
  for (let i = 0; i < 300; i++) {
    const { body } = await post('publishStatus')
    if (!body.running) return body as unknown as PublishStatus
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the publish did not end')
}

const liveFeed = async (): Promise<string> => (await s3.get('live/feed.json'))?.toString('utf8') ?? ''
const puts = (): string[] => s3.log.filter((r) => r.method === 'PUT').map((r) => r.key)

/** Saves an article's English text as the editor does (persistEntry), with Decap's commit message. */
async function save(slug: string, title: string): Promise<void> {
  const path = `articles/${slug}/index.en.md`
  const raw = readFileSync(join(dir, path), 'utf8').replace(/^title: .*$/m, `title: ${title}`)
  const { status } = await post('persistEntry', {
    dataFiles: [{ path, raw }],
    assets: [],
    options: { commitMessage: `Update Articles “${slug}”` },
  })
  expect(status).toBe(200)
}

describe('Publish to readers', () => {
  test('a save is a commit of just its file, by the machine git user, with what changed', async () => {
    writeFileSync(
      join(dir, 'articles', 'health-tech', 'index.zh.md'),
      'a change in progress, not saved by the editor',
    )
    await save('climate-tech', 'Climate Tech from the web editor')
    expect(git('log', '-1', '--format=%an|%s')).toBe('Guangzhou Editor|Update Articles “climate-tech”')
    expect(git('show', '--name-only', '--format=', 'HEAD')).toBe('content/articles/climate-tech/index.en.md')
    // The other change is left as it was.
    expect(git('status', '--porcelain')).toMatch(/^M content\/articles\/health-tech\/index\.zh\.md$/)
    git('checkout', '--', 'content/articles/health-tech/index.zh.md')
  })

  test('the plan lists what readers will see change, by title; publishing makes it live and says since when', async () => {
    const plan = await post('publishPlan')
    expect(plan.status).toBe(200)
    expect(plan.body.lines).toEqual(expect.arrayContaining(['new article: Climate Tech from the web editor']))
    expect(puts()).toEqual([])

    const started = await post('publishStart', { fingerprint: plan.body.fingerprint })
    expect(started.status).toBe(202)
    expect(started.body).toMatchObject({ running: true, what: 'publish' })
    // A second click while it runs starts nothing.
    const again = await post('publishStart', { fingerprint: plan.body.fingerprint })
    expect(again.body.running).toBe(true)
    const done = await finished()
    expect(done.outcome).toMatchObject({
      ok: true,
      what: 'publish',
      feedUrl: `${s3.endpoint}/${BUCKET}/live/feed.json`,
    })
    expect(await liveFeed()).toContain('Climate Tech from the web editor')
    expect(await s3.keys('live/_publishes/records/')).toHaveLength(1)

    const history = await post('publishHistory')
    const [latest] = history.body.publishes as Array<{ commit: string; by: string; time: string }>
    expect(latest).toMatchObject({ commit: git('rev-parse', 'HEAD').slice(0, 10), by: 'Guangzhou Editor' })
    expect(latest?.time).toBe((done.outcome as { time: string }).time)
  })

  test('content changed after the plan was shown is not published', async () => {
    const plan = await post('publishPlan')
    await save('digital-tech', 'Digital Tech, saved after the plan')
    await post('publishStart', { fingerprint: plan.body.fingerprint })
    const done = await finished()
    expect(done.outcome).toMatchObject({ ok: false, readersSeeNew: false })
    expect((done.outcome as { message: string }).message).toMatch(/changed since you looked/)
    expect(puts()).toEqual([])
  })

  test('an upload failure half-way leaves readers on the previous version, and the answer says so', async () => {
    const before = await liveFeed()
    const plan = await post('publishPlan')
    expect(plan.body.lines).toEqual(['changed article: Digital Tech, saved after the plan'])
    s3.failing = /^live\/articles\/digital-tech-en\.json$/
    await post('publishStart', { fingerprint: plan.body.fingerprint })
    const done = await finished()
    expect(done.outcome).toMatchObject({ ok: false, what: 'publish', readersSeeNew: false })
    expect(await liveFeed()).toBe(before)
    expect(await s3.keys('live/_publishes/records/')).toHaveLength(1)
  })

  test('undo makes the publish before the last one live again', async () => {
    const plan = await post('publishPlan')
    await post('publishStart', { fingerprint: plan.body.fingerprint })
    expect((await finished()).outcome).toMatchObject({ ok: true })
    expect(await liveFeed()).toContain('Digital Tech, saved after the plan')

    const history = await post('publishHistory')
    const publishes = history.body.publishes as Array<{ id: string }>
    expect(publishes).toHaveLength(2)
    // A stale page (it names another publish as the last) changes nothing.
    s3.log.length = 0
    await post('publishUndo', { id: publishes[1]?.id })
    expect((await finished()).outcome).toMatchObject({ ok: false })
    expect(puts()).toEqual([])

    await post('publishUndo', { id: publishes[0]?.id })
    const done = await finished()
    expect(done.outcome).toMatchObject({ ok: true, what: 'undo' })
    expect(await liveFeed()).not.toContain('Digital Tech, saved after the plan')
    expect(await liveFeed()).toContain('Climate Tech from the web editor')
  })

  test('a request from another origin, another host name or without the token is refused and changes nothing', async () => {
    const plan = await post('publishPlan')
    s3.log.length = 0
    const tries = [
      await post('publishStart', { fingerprint: plan.body.fingerprint }, { Origin: 'https://evil.example' }),
      await post(
        'publishStart',
        { fingerprint: plan.body.fingerprint },
        { Host: `bcecc.rebound.example:${served.port}` },
      ),
      await post('publishStart', { fingerprint: plan.body.fingerprint }, {}, '/admin/api/guessed-token/v1'),
      await post('publishUndo', { id: 'x' }, { Origin: 'null' }),
    ]
    for (const answer of tries) expect([403, 404]).toContain(answer.status)
    await new Promise((r) => setTimeout(r, 300))
    expect((await post('publishStatus')).body.running).toBe(false)
    expect(s3.log.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([])
  })

  test('the key never reaches the page, even when the storage echoes it', async () => {
    s3.intercept = (req, _key, res) => {
      req.resume()
      res.writeHead(403, { 'Content-Type': 'application/xml' })
      res.end(
        `<Error><Code>InvalidAccessKeyId</Code><Message>Key S3RVER unknown (${String(req.headers.authorization)})</Message></Error>`,
      )
      return true
    }
    const plan = await post('publishPlan')
    expect(plan.body.failed).toMatch(/InvalidAccessKeyId/)
    const history = await post('publishHistory')
    expect(history.body.failed).toMatch(/InvalidAccessKeyId/)
    for (const text of answers) expect(text).not.toContain('S3RVER')
    for (const line of logged) expect(line).not.toContain('S3RVER')
  })

  test('without a publish target the page is told how to set one up', async () => {
    const site = join(dir, 'site.yaml')
    const text = readFileSync(site, 'utf8')
    writeFileSync(site, text.replace(/^publish:[\s\S]*$/m, ''))
    try {
      expect((await post('publishPlan')).body.unconfigured).toMatch(
        /no publish: target .*docs\/publishing\.md/,
      )
    } finally {
      writeFileSync(site, text)
    }
  })
})
