/** @jest-environment node */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runContentCli } from '../setup/content-cli'
import { buildSite } from '../../scripts/lib/build'
import { readPublishedFolder } from '../../scripts/lib/published-folder'
import { validateTarget } from '../../scripts/lib/validate'
import { MAX_FEED_PAGE_BYTES } from '../../miniprogram/core/format'
import { sample } from '../setup/sample'

const ROOT = join(__dirname, '..', '..')
/** The endpoint as it was published before the sources existed: a folder of JSON documents still builds. */
const PUBLISHED = join(ROOT, 'tests', 'fixtures', 'endpoint-2022')

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  )
}

/** The CLI's exit code for `npm run content -- <args>`. */
const cli = async (...args: string[]): Promise<number> => (await runContentCli(args)).code

describe('content build', () => {
  test('gives byte-identical output when run twice', async () => {
    const a = mkdtempSync(join(tmpdir(), 'build-a-'))
    const b = mkdtempSync(join(tmpdir(), 'build-b-'))
    expect(await cli('build', a)).toBe(0)
    expect(await cli('build', b)).toBe(0)
    const files = listFiles(a).sort()
    expect(listFiles(b).sort()).toEqual(files)
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f)))).toBe(true)
  })

  test('writes a document per article and per event, and a build the validator accepts', async () => {
    const out = mkdtempSync(join(tmpdir(), 'build-'))
    expect(await cli('build', out, '--page-items', '5')).toBe(0)
    const feed = sample<{ items: Array<{ id: string }> }>('feed')
    const events = sample<{ entries: Array<{ uid: string }> }>('events')
    const files = listFiles(out)
    for (const { id } of feed.items) expect(files).toContain(`articles/${id}.json`)
    for (const { uid } of events.entries) expect(files).toContain(`events/${uid}.json`)
    const report = await validateTarget(out, ROOT)
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([])
  })

  test('chains pages by next_url, each within the item and byte limits, losing no item', async () => {
    const source = await readPublishedFolder(PUBLISHED)
    const feed = source.feed
    // A larger feed than the bundled one: 300 items of about 3 KB.
    const big = {
      ...feed,
      items: Array.from({ length: 300 }, (_, i) => ({
        ...feed.items[i % feed.items.length],
        id: `item-${i}`,
        content_html: `<p>${'word '.repeat(600)}</p>`,
      })),
    }
    const site = buildSite({ ...source, feed: big }, { pageItems: 100 })
    const ids: string[] = []
    let name: string | undefined = 'feed.json'
    let pages = 0
    while (name) {
      const bytes = site.files.get(name)
      if (!bytes) throw new Error(`missing page ${name}`)
      expect(bytes.length).toBeLessThanOrEqual(MAX_FEED_PAGE_BYTES)
      const page = JSON.parse(bytes.toString('utf8')) as { items: Array<{ id: string }>; next_url?: string }
      expect(page.items.length).toBeLessThanOrEqual(100)
      ids.push(...page.items.map((i) => i.id))
      name = page.next_url
      pages++
    }
    expect(pages).toBeGreaterThan(3)
    expect(ids).toEqual(big.items.map((i) => i.id))
  })

  test('writes absolute links when given a base URL, keeping the {id} template intact', async () => {
    const site = buildSite(await readPublishedFolder(PUBLISHED), { baseUrl: 'https://cdn.example.com/bcecc' })
    const feed = JSON.parse(site.files.get('feed.json')?.toString('utf8') ?? '{}') as {
      feed_url: string
      _bcecc: Record<string, string>
    }
    expect(feed.feed_url).toBe('https://cdn.example.com/bcecc/feed.json')
    expect(feed._bcecc.article_url_template).toBe('https://cdn.example.com/bcecc/articles/{id}.json')
  })

  test('refuses content with errors and writes nothing', async () => {
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const out = join(mkdtempSync(join(tmpdir(), 'build-')), 'site')
    const cwd = process.cwd()
    try {
      // A folder of published documents with a broken feed: validation fails first.
      const { cpSync, writeFileSync } = await import('node:fs')
      const src = mkdtempSync(join(tmpdir(), 'src-'))
      cpSync(PUBLISHED, src, { recursive: true })
      writeFileSync(
        join(src, 'feed.json'),
        '{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[{"id":"a"}]}',
      )
      const { buildFromSource } = await import('../../scripts/lib/tasks/build')
      await expect(buildFromSource(src)).rejects.toThrow(/has errors/)
      expect(() => readdirSync(out)).toThrow()
    } finally {
      process.chdir(cwd)
      err.mockRestore()
    }
  })

  test('refuses to write into a non-empty folder that is not an earlier build', async () => {
    expect(await cli('build', join(ROOT, 'content'))).toBe(1)
    expect(readdirSync(join(ROOT, 'content'))).toContain('site.yaml')
  })
})
