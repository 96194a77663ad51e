// The build benchmark: a generated corpus of 1000 articles in English and Chinese, 1000 events and 200 images,
// built from nothing (every image encoded), then rebuilt after one article changes (images from the cache), as
// npm start does on every save. Prints times and their ratio; the target is a rebuild at most 1/10 of a full build.

import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { buildSite } from './build'
import { SourceMemo, compileContent } from './sources'

export const REBUILD_TARGET = 0.1

const ARTICLES = 1000
const EVENTS = 1000
const IMAGES = 200

/** A photo-like original (noise over a gradient compresses like a photo): 2400 × 1600. */
async function photo(seed: number): Promise<Buffer> {
  const width = 2400
  const height = 1600
  const raw = Buffer.alloc(width * height * 3)
  let state = seed * 2654435761
  for (let i = 0; i < raw.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0
    const base = ((i / 3) % width) / width
    raw[i] = Math.min(255, Math.floor(base * 200 + (state >>> 24) / 4))
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer()
}

async function corpus(dir: string): Promise<void> {
  const root = join(__dirname, '..', '..', 'content')
  for (const name of ['site.yaml', 'office.yaml', 'images'])
    cpSync(join(root, name), join(dir, name), { recursive: true })
  const enBody =
    readFileSync(join(root, 'articles', 'guangzhou-office', 'index.en.md'), 'utf8').split('\n---\n')[1] ?? ''
  const zhBody =
    readFileSync(join(root, 'articles', 'guangzhou-office', 'index.zh.md'), 'utf8').split('\n---\n')[1] ?? ''
  const event = readFileSync(join(root, 'events', 'cmef-2022.yaml'), 'utf8')
  for (let i = 0; i < IMAGES; i++) writeFileSync(join(dir, 'images', `photo-${i}.jpg`), await photo(i + 1))
  for (let i = 0; i < EVENTS; i++) {
    mkdirSync(join(dir, 'events'), { recursive: true })
    const day = new Date(Date.UTC(2027, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10)
    writeFileSync(
      join(dir, 'events', `event-${i}.yaml`),
      event.replace(/^start: .*$/m, `start: ${day}`).replace(/^end: .*$/m, `end: ${day}`),
    )
  }
  for (let i = 0; i < ARTICLES; i++) {
    const folder = join(dir, 'articles', `article-${i}`)
    mkdirSync(folder, { recursive: true })
    const image = i % 5 === 0 ? `image: images/photo-${(i / 5) % IMAGES}.jpg\n` : ''
    const head = (title: string): string =>
      `---\ntitle: ${title} ${i}\ndate: 2026-${String((i % 12) + 1).padStart(2, '0')}-15\nsummary: Article ${i}.\ndomain: digital\ntags: [Bench]\n${image}events: [event-${i}]\n---\n`
    writeFileSync(
      join(folder, 'index.en.md'),
      `${head('Article')}${enBody}\nSee [the next one](article:article-${(i + 1) % ARTICLES}).\n`,
    )
    writeFileSync(join(folder, 'index.zh.md'), `${head('文章')}${zhBody}`)
  }
}

async function build(
  dir: string,
  cacheDir: string,
  memo: SourceMemo,
): Promise<{ ms: number; files: number; encoded: number }> {
  const started = performance.now()
  const compiled = await compileContent(dir, { cacheDir, memo })
  if (!compiled.documents)
    throw new Error(`the bench corpus has errors: ${compiled.problems[0]?.message ?? ''}`)
  const site = buildSite({ ...compiled.documents, assets: compiled.assets })
  return { ms: performance.now() - started, files: site.files.size, encoded: compiled.summary.encoded }
}

export async function buildBench(): Promise<{ full: number; rebuild: number; ratio: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-bench-content-'))
  const cache = mkdtempSync(join(tmpdir(), 'bcecc-bench-cache-'))
  try {
    await corpus(dir)
    // As npm start: the first build from nothing, then one per save, in the same process.
    const memo = new SourceMemo()
    const full = await build(dir, cache, memo)
    const rebuilds: number[] = []
    for (let round = 0; round < 3; round++) {
      const file = join(dir, 'articles', 'article-7', 'index.en.md')
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: Article 7, edit ${round}`),
      )
      const again = await build(dir, cache, memo)
      if (again.encoded !== 0) throw new Error('a rebuild encoded images again')
      rebuilds.push(again.ms)
    }
    const rebuild = rebuilds.sort((a, b) => a - b)[1] ?? NaN
    const ratio = rebuild / full.ms
    console.log(
      `\nbuild of ${ARTICLES} articles × 2 languages, ${EVENTS} events, ${IMAGES} images (${full.files} files)`,
    )
    console.log(`full build (${full.encoded} images encoded)   ${(full.ms / 1000).toFixed(2)} s`)
    console.log(
      `rebuild after one article changed     ${(rebuild / 1000).toFixed(2)} s   (median of 3, no image encoded)`,
    )
    console.log(
      `ratio ${ratio.toFixed(3)} (target ≤ ${REBUILD_TARGET}): ${ratio <= REBUILD_TARGET ? 'within target' : 'OVER TARGET'}`,
    )
    return { full: full.ms, rebuild, ratio }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(cache, { recursive: true, force: true })
  }
}
