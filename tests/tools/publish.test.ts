/** @jest-environment node */
// Publishing to S3-compatible storage, end to end against a local S3 server (s3rver) behind a proxy that records
// every request and can fail chosen ones, as a network or a storage service does.

import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSite, type Site } from '../../scripts/lib/build'
import { cacheControl, planPublish, publish } from '../../scripts/lib/publish'
import { PublishError, clientFromEnvironment, parseTarget } from '../../scripts/lib/publish-settings'
import { compileContent } from '../../scripts/lib/sources'
import { startS3, type LocalS3 } from '../../scripts/lib/local-s3'
import { runContentCli } from '../setup/content-cli'

const ROOT = join(__dirname, '..', '..')
const TARGET = parseTarget('s3://bcecc-test/app')

let s3: LocalS3
let client: S3Client

beforeAll(async () => {
  s3 = await startS3('bcecc-test')
  client = s3.client
})

afterAll(() => s3.close())

beforeEach(() => {
  s3.log.length = 0
  s3.failing = undefined
})

async function siteOf(dir: string): Promise<Site> {
  const compiled = await compileContent(dir, { cwd: dir })
  if (!compiled.documents) throw new Error('sample content has errors')
  return buildSite({ ...compiled.documents, assets: compiled.assets }, { pageItems: 5 })
}

const live = (path: string): Promise<Buffer | undefined> => s3.get(`${TARGET.prefix}${path}`)
/** The live files: everything under the prefix but the publish history. */
const liveKeys = async (): Promise<string[]> =>
  (await s3.keys(TARGET.prefix)).filter((key) => !key.startsWith('_publishes/'))

/** The live feed, followed page by page: every article and event it names has its document online. */
async function liveIsConsistent(): Promise<void> {
  let page: string | undefined = 'feed.json'
  while (page) {
    const feed = JSON.parse((await live(page))?.toString('utf8') ?? 'null') as {
      items: Array<{ id: string }>
      next_url?: string
    }
    for (const item of feed.items) expect(await live(`articles/${item.id}.json`)).toBeDefined()
    page = feed.next_url
  }
  const events = JSON.parse((await live('events.json'))?.toString('utf8') ?? 'null') as {
    entries: Array<{ uid: string }>
  }
  for (const event of events.entries) expect(await live(`events/${event.uid}.json`)).toBeDefined()
}

const puts = (): string[] => s3.log.filter((r) => r.method === 'PUT').map((r) => r.key.replace(/^app\//, ''))

describe('publish', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-publish-'))
  cpSync(join(ROOT, 'content'), dir, { recursive: true })

  test('a first publish uploads everything, in an order where nothing live points at a missing file', async () => {
    const site = await siteOf(dir)
    const report = await publish(client, TARGET, site)
    expect(report.upload.map((u) => u.path).sort()).toEqual([...site.files.keys()].sort())
    expect(await liveKeys()).toEqual([...site.files.keys()].sort())
    for (const [path, bytes] of site.files) expect((await live(path))?.equals(bytes)).toBe(true)

    const order = puts()
    const at = (path: string): number => order.indexOf(path)
    const lastDocument = Math.max(...order.filter((p) => /^(articles|events|images)\//.test(p)).map(at))
    expect(at('events.json')).toBeGreaterThan(lastDocument)
    expect(at('feed-2.json')).toBeGreaterThan(at('events.json'))
    expect(at('feed.json')).toBeGreaterThan(at('feed-2.json'))
    expect(order[order.length - 1]).toBe('manifest.json')

    const head = async (path: string) =>
      client.send(new HeadObjectCommand({ Bucket: TARGET.bucket, Key: `app/${path}` }))
    expect(await head('feed.json')).toMatchObject({
      ContentType: 'application/feed+json; charset=utf-8',
      CacheControl: 'public, max-age=300',
    })
    const image = [...site.files.keys()].find((p) => p.startsWith('images/')) ?? ''
    expect((await head(image)).CacheControl).toBe('public, max-age=31536000, immutable')
    expect((await head('articles/health-tech-en.json')).CacheControl).toBe('public, max-age=3600')
  })

  test('a dry run lists what would change and changes nothing', async () => {
    const file = join(dir, 'articles', 'climate-tech', 'index.en.md')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Climate Tech, dry run'))
    const before = await liveKeys()
    const feed = await live('feed.json')
    const report = await publish(client, TARGET, await siteOf(dir), { dryRun: true })
    expect(report.upload.map((u) => u.path)).toContain('articles/climate-tech-en.json')
    expect(puts()).toEqual([])
    expect(await liveKeys()).toEqual(before)
    expect((await live('feed.json'))?.equals(feed ?? Buffer.alloc(0))).toBe(true)
  })

  test('an incremental publish uploads only what changed, and deletes what left only after the new feed is live', async () => {
    rmSync(join(dir, 'events', 'chinabio-2022.yaml'))
    for (const language of ['en', 'zh']) {
      const file = join(dir, 'articles', 'health-tech', `index.${language}.md`)
      writeFileSync(file, readFileSync(file, 'utf8').replace(/, chinabio-2022/, ''))
    }
    const site = await siteOf(dir)
    const report = await publish(client, TARGET, site)
    const uploaded = puts()
    // The changed article (and the feed page that lists it), the events, the manifest; no image, no other article.
    expect(uploaded).toEqual(
      expect.arrayContaining(['articles/climate-tech-en.json', 'events.json', 'manifest.json']),
    )
    expect(uploaded.some((p) => p.startsWith('images/'))).toBe(false)
    expect(uploaded).not.toContain('articles/five-year-plan-en.json')
    expect(uploaded).not.toContain('office.json')
    expect(report.delete).toEqual(['events/chinabio-2022.json'])
    const deleteAt = s3.log.findIndex((r) => r.method === 'POST delete')
    const feedAt = s3.log.findIndex((r) => r.method === 'PUT' && r.key === 'app/feed.json')
    expect(feedAt).toBeGreaterThanOrEqual(0)
    expect(deleteAt).toBeGreaterThan(feedAt)
    expect(await liveKeys()).toEqual([...site.files.keys()].sort())
    await liveIsConsistent()
    // Nothing left to do.
    expect((await planPublish(client, TARGET, site)).upload).toEqual([])
  })

  test('a publish that fails half-way leaves the live feed as it was, consistent, and a second run finishes', async () => {
    const before = await live('feed.json')
    const file = join(dir, 'articles', 'digital-tech', 'index.en.md')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Digital Tech, revised'))
    writeFileSync(
      join(dir, 'events', 'new-fair.yaml'),
      'title: New fair\nstart: 2027-03-01\nupdated: 2026-12-01T00:00:00Z\n',
    )
    const site = await siteOf(dir)
    s3.failing = /^app\/events\/new-fair\.json$/
    await expect(publish(client, TARGET, site)).rejects.toThrow(
      new PublishError(
        'events/new-fair.json could not be uploaded (InternalError: injected, HTTP 500); the live feed was not changed: publish again',
      ),
    )
    expect((await live('feed.json'))?.equals(before ?? Buffer.alloc(0))).toBe(true)
    expect(puts()).not.toContain('events.json')
    await liveIsConsistent()

    s3.failing = undefined
    await publish(client, TARGET, site)
    expect((await live('feed.json'))?.equals(site.files.get('feed.json') ?? Buffer.alloc(0))).toBe(true)
    expect(await live('events/new-fair.json')).toBeDefined()
    await liveIsConsistent()
  })

  test('objects that an earlier publish did not put there are never deleted', async () => {
    const { PutObjectCommand } = await import('@aws-sdk/client-s3')
    await client.send(
      new PutObjectCommand({ Bucket: TARGET.bucket, Key: 'app/other/keep-me.txt', Body: 'not ours' }),
    )
    const report = await publish(client, TARGET, await siteOf(dir))
    expect(report.delete).not.toContain('other/keep-me.txt')
    expect(await live('other/keep-me.txt')).toBeDefined()
  })
})

describe('publish refuses content nobody has reviewed', () => {
  /** Runs `content -- publish` through the CLI on a copy of the sample content, against the local storage. */
  const cli = (dir: string, args: string[]): Promise<{ code: number; out: string }> =>
    runContentCli(['publish', 's3://bcecc-test/reviewed', ...args], {
      BCECC_CONTENT_DIR: dir,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      BCECC_S3_ENDPOINT: s3.endpoint,
      BCECC_S3_PATH_STYLE: '1',
      BCECC_S3_REGION: 'us-east-1',
    })

  test('an imported file with its note and an article in one language are refused, unless --allow-unreviewed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcecc-review-'))
    cpSync(join(ROOT, 'content'), dir, { recursive: true })
    writeFileSync(
      join(dir, 'events', 'imported-fair.yaml'),
      '# Imported from fairs.ics (iCalendar UID 42).\n# Check every field, then delete these lines.\ntitle: { en: Imported fair }\nstart: 2027-05-01\nupdated: 2026-12-01T10:00:00Z\n',
    )
    rmSync(join(dir, 'articles', 'climate-tech', 'index.zh.md'))
    const refused = await cli(dir, [])
    expect(refused.code).toBe(1)
    expect(refused.out).toMatch(/events\/imported-fair\.yaml:1:1: warning: still has the importer's note/)
    expect(refused.out).toMatch(/climate-tech\/index\.en\.md:1:1: warning: has no Chinese version.*to review/)
    expect(refused.out).toMatch(/publish refused: 2 files to review before publishing .*--allow-unreviewed/)
    expect(s3.log.filter((r) => r.method === 'PUT')).toEqual([])

    const forced = await cli(dir, ['--allow-unreviewed'])
    expect(forced.code).toBe(0)
    expect(forced.out).toMatch(
      /published unreviewed \(--allow-unreviewed\): .*climate-tech\/index\.en\.md.*imported-fair\.yaml/,
    )
    expect(s3.log.some((r) => r.method === 'PUT' && r.key === 'reviewed/events/imported-fair.json')).toBe(
      true,
    )

    // Reviewed: the note deleted and the Chinese version back, nothing is refused.
    writeFileSync(
      join(dir, 'events', 'imported-fair.yaml'),
      'title: { en: Imported fair }\nstart: 2027-05-01\nupdated: 2026-12-01T10:00:00Z\n',
    )
    cpSync(
      join(ROOT, 'content', 'articles', 'climate-tech', 'index.zh.md'),
      join(dir, 'articles', 'climate-tech', 'index.zh.md'),
    )
    const clean = await cli(dir, [])
    expect(clean.code).toBe(0)
    expect(clean.out).not.toMatch(/unreviewed|to review/)
  })
})

describe('publish settings', () => {
  test("the storage library's Node.js notice is one line, once, and none on Node.js 22 or later", () => {
    delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED
    const notes: string[] = []
    const env = { AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' }
    clientFromEnvironment(env, (line) => notes.push(line)).destroy()
    clientFromEnvironment(env, (line) => notes.push(line)).destroy()
    const major = Number(/^v(\d+)/.exec(process.version)?.[1])
    expect(notes).toEqual(major < 22 ? [expect.stringMatching(/^note: .*need Node\.js 22 or later$/)] : [])
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe(major < 22 ? 'true' : undefined)
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  })

  test('targets are s3://bucket[/prefix]', () => {
    expect(parseTarget('s3://bcecc-1250000000/app/')).toEqual({ bucket: 'bcecc-1250000000', prefix: 'app/' })
    expect(parseTarget('s3://bcecc')).toEqual({ bucket: 'bcecc', prefix: '' })
    for (const bad of ['bcecc', 'https://bcecc', 's3://B', 's3://bcecc/../x'])
      expect(() => parseTarget(bad)).toThrow(PublishError)
  })

  test('cache lifetimes by kind of file', () => {
    expect(cacheControl('feed-3.json')).toBe('public, max-age=300')
    expect(cacheControl('office.json')).toBe('public, max-age=300')
    expect(cacheControl('events/cmef-2022.json')).toBe('public, max-age=3600')
    expect(cacheControl('images/cover-0123456789ab-750.jpg')).toBe('public, max-age=31536000, immutable')
    expect(cacheControl('manifest.json')).toBe('no-cache')
  })

  test('without credentials in the environment, the command says what to set and exits 2', async () => {
    const { code, out } = await runContentCli(
      ['publish', 's3://bcecc/app'],
      {},
      /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY)$/,
    )
    expect(code).toBe(2)
    expect(out).toMatch(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/)
  })
})
