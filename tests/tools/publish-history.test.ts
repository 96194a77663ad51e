/** @jest-environment node */
// Every publish recorded, any recorded publish live again: `content -- publish`, `history` and `rollback` through the
// CLI, as an editor's machine or CI runs them, against a local S3 server; the publish target in site.yaml, the key in
// a .env file. Records in the bucket are hostile input.

import { PutObjectCommand } from '@aws-sdk/client-s3'
import { execFileSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { safeObjectPath } from '../../scripts/lib/publish'
import { changesBetween, checkRecord } from '../../scripts/lib/publish-history'
import { redact } from '../../scripts/lib/publish-settings'
import { startS3, type LocalS3 } from '../../scripts/lib/local-s3'
import { runContentCli } from '../setup/content-cli'

const ROOT = join(__dirname, '..', '..')
const BUCKET = 'bcecc-history'

let s3: LocalS3
let dir: string
let envFile: string

beforeAll(async () => {
  s3 = await startS3(BUCKET)
  const repo = mkdtempSync(join(tmpdir(), 'bcecc-history-'))
  dir = join(repo, 'content')
  cpSync(join(ROOT, 'content'), dir, { recursive: true })
  appendFileSync(
    join(dir, 'site.yaml'),
    `publish:\n  target: s3://${BUCKET}/app\n  endpoint: ${s3.endpoint}\n  region: us-east-1\n  path_style: true\n`,
  )
  envFile = join(repo, '.env')
  writeFileSync(
    envFile,
    '# publishing key\nAWS_ACCESS_KEY_ID=S3RVER\nexport AWS_SECRET_ACCESS_KEY="S3RVER"\n',
  )
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim()
  git('init', '--quiet', '--initial-branch=main')
  git('-c', 'user.name=Test', '-c', 'user.email=t@example.org', 'add', '.')
  git('-c', 'user.name=Test', '-c', 'user.email=t@example.org', 'commit', '--quiet', '-m', 'content')
})

afterAll(() => s3.close())

beforeEach(() => {
  s3.log.length = 0
  s3.intercept = undefined
  s3.failing = undefined
})

/** `npm run content -- …` on the test's content, with nothing of the key in the process's environment. */
const cli = (args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> =>
  runContentCli(
    args,
    { BCECC_CONTENT_DIR: dir, BCECC_ENV_FILE: envFile, GITHUB_ACTOR: 'brussels-editor', ...env },
    /^(AWS_ACCESS|AWS_SECRET|AWS_SESSION|BCECC_S3_)/,
  )

const live = async (path: string): Promise<string | undefined> =>
  (await s3.get(`app/${path}`))?.toString('utf8')
const puts = (): string[] => s3.log.filter((r) => r.method === 'PUT').map((r) => r.key)
const ids = async (): Promise<string[]> =>
  (await s3.keys('app/_publishes/records/')).map((k) => k.replace(/\.json$/, ''))

function retitle(slug: string, title: string): void {
  const file = join(dir, 'articles', slug, 'index.en.md')
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: ${title}`))
}

/** The live feed's items' titles, page after page. */
async function liveTitles(): Promise<string[]> {
  const titles: string[] = []
  let page: string | undefined = 'feed.json'
  while (page) {
    const feed = JSON.parse((await live(page)) ?? '{"items":[]}') as {
      items: Array<{ id: string; title: string }>
      next_url?: string
    }
    for (const item of feed.items) {
      expect(await live(`articles/${item.id}.json`)).toBeDefined()
      titles.push(item.title)
    }
    page = feed.next_url?.replace(/^.*\//, '')
  }
  return titles
}

describe('publish, history and rollback', () => {
  let first: string
  let firstFeed: string | undefined

  test('a publish with the target from site.yaml and the key from .env is recorded with its commit and publisher', async () => {
    const { code, out } = await cli(['publish'])
    expect(code).toBe(0)
    expect(out).toMatch(/^published: uploaded \d+ objects/m)
    expect(out).toMatch(new RegExp(`live for readers at ${s3.endpoint}/${BUCKET}/app/feed\\.json`))
    first = (await ids())[0] ?? ''
    expect(first).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/)
    firstFeed = await live('feed.json')
    const record = JSON.parse((await s3.get(`app/_publishes/records/${first}.json`))?.toString() ?? '') as {
      commit: string
      by: string
      dirty?: boolean
      files: Record<string, { sha256: string }>
    }
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim()
    expect(record).toMatchObject({ commit: head, by: 'brussels-editor', action: 'publish' })
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toBe('')
    expect(record.dirty).toBeUndefined()
    // Every live file is in the record, and its bytes are kept in the history.
    const liveKeys = (await s3.keys('app/')).filter((k) => !k.startsWith('_publishes/'))
    expect(Object.keys(record.files).sort()).toEqual(liveKeys)
    const objects = new Set(await s3.keys('app/_publishes/objects/'))
    expect(Object.values(record.files).filter(({ sha256 }) => !objects.has(sha256))).toEqual([])
  })

  test('publishing again with nothing changed uploads nothing and records nothing', async () => {
    const { code, out } = await cli(['publish'])
    expect(code).toBe(0)
    expect(out).toMatch(/nothing changed: readers already see this version/)
    expect(puts()).toEqual([])
    expect(await ids()).toEqual([first])
  })

  test('a changed article is listed by title; history lists both publishes, newest last', async () => {
    retitle('climate-tech', 'Climate Tech, revised for the history test')
    const dry = await cli(['publish', '--dry-run'])
    expect(dry.out).toMatch(/would publish changed article: Climate Tech, revised for the history test/)
    expect(puts()).toEqual([])

    const { code, out } = await cli(['publish'])
    expect(code).toBe(0)
    expect(out).toMatch(/^changed article: Climate Tech, revised for the history test$/m)
    expect(await liveTitles()).toContain('Climate Tech, revised for the history test')

    const history = await cli(['history'])
    expect(history.code).toBe(0)
    const lines = history.out.split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(new RegExp(`^${first}  .*  publish  commit [0-9a-f]{10}  by brussels-editor`))
    // The second was built from a change not yet committed: the record says so.
    expect(lines[1]).toMatch(
      /publish {2}commit [0-9a-f]{10} \(\+ uncommitted changes\) {2}by brussels-editor {2}1 changed$/,
    )
  })

  test('a rollback makes the first publish live again, in publishing order, and is recorded; a dry run changes nothing', async () => {
    const dry = await cli(['rollback', first, '--dry-run'])
    expect(dry.code).toBe(0)
    expect(dry.out).toMatch(/would upload feed\.json/)
    expect(puts()).toEqual([])

    const { code, out } = await cli(['rollback', first])
    expect(code).toBe(0)
    expect(out).toMatch(/changed article: Climate Tech/)
    expect(await live('feed.json')).toBe(firstFeed)
    expect(await liveTitles()).not.toContain('Climate Tech, revised for the history test')
    const order = puts().map((k) => k.replace(/^app\//, ''))
    expect(order.indexOf('feed.json')).toBeGreaterThan(
      Math.max(...order.filter((p) => p.startsWith('articles/')).map((p) => order.indexOf(p))),
    )
    const history = await cli(['history', '--limit', '1'])
    expect(history.out).toMatch(new RegExp(`rollback to ${first}`))
  })

  test('a record that names a path outside the prefix is refused, and nothing is written', async () => {
    const record = JSON.parse((await s3.get(`app/_publishes/records/${first}.json`))?.toString() ?? '') as {
      id: string
      files: Record<string, unknown>
    }
    const sample = Object.values(record.files)[0]
    for (const [n, path] of [
      '../outside.json',
      '/etc/passwd',
      'images/../../x',
      '_publishes/records/x.json',
      'a\\b',
      '.hidden',
      'ok/./x',
    ].entries()) {
      const id = `20200101T00000${n}Z-abcdef`
      const bad = { ...record, id, files: { ...record.files, [path]: sample } }
      await s3.client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `app/_publishes/records/${id}.json`,
          Body: JSON.stringify(bad),
        }),
      )
      s3.log.length = 0
      const { code, out } = await cli(['rollback', id])
      expect(code).toBe(1)
      expect(out).toMatch(
        /rollback failed: the record of publish .* names .*not a path inside the target's prefix; it is refused and nothing was changed/,
      )
      expect(puts()).toEqual([])
    }
  })

  test('a record whose files are gone from the history, or not JSON, is refused', async () => {
    const record = JSON.parse((await s3.get(`app/_publishes/records/${first}.json`))?.toString() ?? '') as {
      files: Record<string, { sha256: string; bytes: number }>
    }
    const id = '20200102T000000Z-abcdef'
    const lost = {
      ...record,
      id,
      files: { ...record.files, 'feed.json': { sha256: 'f'.repeat(64), bytes: 3 } },
    }
    await s3.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `app/_publishes/records/${id}.json`,
        Body: JSON.stringify(lost),
      }),
    )
    s3.log.length = 0
    const gone = await cli(['rollback', id])
    expect(gone.out).toMatch(/the history has lost feed\.json .*nothing was changed/)
    expect(puts()).toEqual([])

    const junk = '20200103T000000Z-abcdef'
    await s3.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `app/_publishes/records/${junk}.json`, Body: '{"kind":' }),
    )
    s3.log.length = 0
    expect((await cli(['rollback', junk])).out).toMatch(/is not JSON; it is refused/)
    expect((await cli(['rollback', 'latest'])).out).toMatch(/"latest" is not a publish/)
    expect((await cli(['rollback', '20991231T000000Z-000000'])).out).toMatch(/there is no publish/)
    expect(s3.log.filter((r) => r.method !== 'GET')).toEqual([])
  })

  test('a storage that never answers fails the publish in the time given, and readers keep the previous version', async () => {
    const before = await live('feed.json')
    const records = await ids()
    retitle('five-year-plan', 'Five-Year Plan, never answered')
    const hung: Array<{ destroy(): void }> = []
    s3.intercept = (req, key, res) => {
      if (req.method !== 'PUT' || !/five-year-plan-en\.json$/.test(key)) return false
      req.resume()
      hung.push(res)
      return true
    }
    const started = Date.now()
    try {
      const { code, out } = await cli(['publish'], { BCECC_S3_TIMEOUT_MS: '300' })
      expect(code).toBe(1)
      expect(out).toMatch(
        /publish failed: articles\/five-year-plan-en\.json could not be uploaded .*the live feed was not changed/,
      )
    } finally {
      for (const res of hung) res.destroy()
    }
    // Three attempts of 0.3 s and the SDK's backoff, not a wait without end.
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(await live('feed.json')).toBe(before)
    expect(await ids()).toEqual(records)
  })

  test('a failed upload leaves readers on the previous version and records nothing', async () => {
    const before = await live('feed.json')
    const records = await ids()
    retitle('digital-tech', 'Digital Tech, never live')
    s3.failing = /^app\/articles\/digital-tech-en\.json$/
    const { code, out } = await cli(['publish'])
    expect(code).toBe(1)
    expect(out).toMatch(
      /publish failed: articles\/digital-tech-en\.json could not be uploaded .*the live feed was not changed/,
    )
    expect(await live('feed.json')).toBe(before)
    expect(await ids()).toEqual(records)
  })

  test('the key never appears in what the tool prints, even when the storage echoes it', async () => {
    s3.intercept = (req, _key, res) => {
      req.resume()
      res.writeHead(403, { 'Content-Type': 'application/xml' })
      res.end(
        `<Error><Code>InvalidAccessKeyId</Code><Message>The key S3RVER (secret S3RVER) is not known; header ${String(req.headers.authorization)}</Message></Error>`,
      )
      return true
    }
    const outputs = [await cli(['publish']), await cli(['history']), await cli(['rollback', first])]
    for (const { code, out } of outputs) {
      expect(code).toBe(1)
      expect(out).toMatch(/InvalidAccessKeyId/)
      expect(out).not.toMatch(/S3RVER/)
    }
  })
})

describe('records and changes', () => {
  test('safe paths are plain relative paths inside the prefix', () => {
    for (const ok of [
      'feed.json',
      'articles/a-b_c.json',
      'images/cover-0123456789ab-750.jpg',
      'events/x.y~z.json',
    ])
      expect(safeObjectPath(ok)).toBe(true)
    for (const bad of [
      '',
      '..',
      '../x',
      'a/../b',
      '/a',
      'a//b',
      'a/',
      '.env',
      'a/.git/x',
      'a\\b',
      '_publishes/x',
      'a b',
      'a\0b',
      'x'.repeat(513),
    ])
      expect(safeObjectPath(bad)).toBe(false)
  })

  test('a record with a prototype key or odd fields is read without touching any prototype', () => {
    const record = JSON.parse(
      `{"kind":"bcecc-publish","version":1,"id":"20200101T000000Z-abcdef","time":"2020-01-01T00:00:00Z","action":"publish","files":{"feed.json":{"sha256":"${'a'.repeat(64)}","bytes":1},"manifest.json":{"sha256":"${'b'.repeat(64)}","bytes":1},"__proto__":{"sha256":"${'c'.repeat(64)}","bytes":1}},"titles":{"__proto__":"x","feed.json":7}}`,
    ) as unknown
    const checked = checkRecord(record, '20200101T000000Z-abcdef')
    expect(Object.keys(checked.files).sort()).toEqual(['__proto__', 'feed.json', 'manifest.json'])
    expect(Object.getPrototypeOf(checked.files)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).sha256).toBeUndefined()
    expect(() => checkRecord({ ...(record as object), id: 'other' }, '20200101T000000Z-abcdef')).toThrow(
      /names another publish/,
    )
  })

  test('changes name articles and events by title; removed ones by the title they had', () => {
    const doc = (title: string): Buffer => Buffer.from(JSON.stringify({ items: [{ title }] }))
    const site = {
      files: new Map([
        ['articles/a.json', doc('A new')],
        ['events/e.json', Buffer.from('{"title":"Fair"}')],
        ['feed.json', doc('x')],
      ]),
    }
    const changes = changesBetween(
      new Map([
        ['articles/a.json', 'old'],
        ['articles/gone.json', 'h'],
      ]),
      { 'articles/gone.json': 'Gone article' },
      site,
    )
    expect(changes).toEqual({
      added: [{ kind: 'event', path: 'events/e.json', title: 'Fair' }],
      changed: [{ kind: 'article', path: 'articles/a.json', title: 'A new' }],
      removed: [{ kind: 'article', path: 'articles/gone.json', title: 'Gone article' }],
    })
  })

  test('redaction takes out every secret, wherever it is', () => {
    expect(
      redact('id AKIDEXAMPLE and secret wJalrXUtnFEMI/K7MDENG in AKIDEXAMPLE', [
        'AKIDEXAMPLE',
        'wJalrXUtnFEMI/K7MDENG',
      ]),
    ).toBe('id *** and secret *** in ***')
  })
})
