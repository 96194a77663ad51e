// npm run preview: every page in its main states, light and dark, English and Chinese, as pictures under preview/.
// The pages render through miniprogram-simulate (tests/preview), headless Chromium takes the pictures. Without
// Chromium it says how to install it and leaves the HTML in preview/html/.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import sharp from 'sharp'
import { buildNpm } from './build-npm'
import { generate } from './generate'
import { findChromium } from './lib/chromium'
import { buildSite } from './lib/build'
import { runAsEntry } from './lib/entry'
import { compileContent } from './lib/sources'
import { formatSourceProblem } from './lib/sources/fields'

const ROOT = join(__dirname, '..')
/** The pictures the README shows (npm run preview -- --docs refreshes them, at 1x to keep the repository small). */
const DOCS = [
  'news-ready-en-light',
  'news-health-zh-dark',
  'article-ready-en-light',
  'events-march-2022-en-light',
  'event-cmef-march-2022-zh-dark',
  'office-ready-en-light',
]
const OUT = join(ROOT, 'preview')
const HTML = join(OUT, 'html')

function screenshot(chromium: string, html: string, png: string, scale = 2, height = 812): boolean {
  const profile = mkdtempSync(join(tmpdir(), 'bcecc-chromium-'))
  const result = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      `--window-size=375,${height}`,
      `--force-device-scale-factor=${scale}`,
      `--screenshot=${png}`,
      `file://${html}`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  )
  rmSync(profile, { recursive: true, force: true })
  return result.status === 0 && existsSync(png)
}

/**
 * Renders the preview scenarios to HTML in `html` (jest with the preview config); false when rendering failed.
 * `quiet`: jest's own lines are shown only when it fails (an editor's `content preview` wants its own lines only).
 */
function render(html: string, env: Record<string, string> = {}, quiet = false): boolean {
  rmSync(html, { recursive: true, force: true })
  const jest = join(ROOT, 'node_modules', '.bin', 'jest')
  const rendered = spawnSync(jest, ['-c', 'jest.preview.config.js', '--maxWorkers=2'], {
    cwd: ROOT,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, BCECC_PREVIEW_HTML: html, ...env },
  })
  if (rendered.status !== 0 && quiet) process.stderr.write(`${rendered.stdout}${rendered.stderr}`)
  return rendered.status === 0
}

/**
 * Cuts a tall picture after its content: the rows at the bottom that are all the page's background go, leaving a
 * margin, never less than one phone screen (812 px at the picture's scale).
 */
async function cropToContent(png: string, scale: number): Promise<void> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
  const row = info.width * info.channels
  const background = data.subarray(data.length - row, data.length - row + info.channels)
  const blank = (y: number): boolean => {
    for (let i = y * row; i < (y + 1) * row; i += info.channels)
      for (let c = 0; c < info.channels; c++) if (data[i + c] !== background[c]) return false
    return true
  }
  let last = info.height - 1
  while (last > 0 && blank(last)) last--
  const height = Math.min(info.height, Math.max(812 * scale, last + 1 + 24 * scale))
  if (height >= info.height) return
  const cropped = await sharp(png).extract({ left: 0, top: 0, width: info.width, height }).png().toBuffer()
  writeFileSync(png, cropped)
}

/** Pictures of every HTML file in `html`, written to `out`; the number that failed, or undefined without Chromium. */
async function pictures(
  html: string,
  out: string,
  height?: (page: string) => number,
): Promise<{ written: number; failed: number } | undefined> {
  const pages = readdirSync(html)
    .filter((f) => f.endsWith('.html'))
    .sort()
  const chromium = findChromium()
  if (!chromium) {
    console.log(
      `\nWrote ${pages.length} HTML previews to ${relative(process.cwd(), html)}/. For pictures, install Chromium and a CJK font:`,
    )
    console.log('  apt-get update && apt-get install -y chromium fonts-wqy-microhei')
    return undefined
  }
  let failed = 0
  for (const page of pages) {
    const png = join(out, page.replace(/\.html$/, '.png'))
    const tall = height?.(page) ?? 812
    if (!screenshot(chromium, join(html, page), png, 2, tall)) {
      console.error(`could not take a picture of ${page}`)
      failed++
    } else if (tall > 812) await cropToContent(png, 2)
  }
  return { written: pages.length - failed, failed }
}

/**
 * `npm run content -- preview <slug>`: the article (drafts included) and its News card, light, in English and
 * Chinese, drawn by the app's own pages from the sources as they are now, as pictures in preview/<slug>/.
 */
export async function previewArticle(slug: string, contentDir: string): Promise<number> {
  buildNpm()
  await generate().catch(() => undefined)
  const compiled = await compileContent(contentDir, {
    includeDrafts: true,
    cacheDir: join(ROOT, '.cache', 'images'),
  })
  for (const p of compiled.problems) console.error(formatSourceProblem(p))
  if (!compiled.documents) {
    console.error('The content has errors (above); fix them to preview.')
    return 1
  }
  const items = compiled.documents.feed.items as Array<{ id: string }>
  if (!items.some((i) => i.id === `${slug}-en` || i.id === `${slug}-zh`)) {
    console.error(`There is no article ${slug}: expected content/articles/${slug}/index.en.md or index.zh.md`)
    return 1
  }
  // The endpoint as it would be published, drafts included, for the preview pages to read.
  const site = buildSite(
    { ...compiled.documents, assets: compiled.assets },
    { pageItems: Number.MAX_SAFE_INTEGER, pageBytes: Number.MAX_SAFE_INTEGER },
  )
  const out = join(OUT, slug)
  const endpoint = join(out, 'endpoint')
  rmSync(out, { recursive: true, force: true })
  for (const [path, bytes] of site.files) {
    const file = join(endpoint, ...path.split('/'))
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, bytes)
  }
  const html = join(out, 'html')
  console.log(`Drawing ${slug} as the app draws it…`)
  if (!render(html, { BCECC_PREVIEW_ENDPOINT: endpoint, BCECC_PREVIEW_ARTICLE: slug }, true)) return 1
  // The whole article (a tall picture, cut after its end); the News card on one screen, as a phone shows it.
  const made = await pictures(html, out, (page) => (page.startsWith('article-') ? 6000 : 812))
  if (made) console.log(`\nWrote ${made.written} pictures of ${slug} to ${relative(process.cwd(), out)}/.`)
  return made && made.failed > 0 ? 1 : 0
}

async function main(): Promise<number> {
  buildNpm()
  await generate()
  if (!render(HTML)) return 1
  const made = await pictures(HTML, OUT)
  if (!made) return 0
  let failed = made.failed
  const chromium = findChromium()
  if (process.argv.includes('--docs') && chromium) {
    for (const name of DOCS) {
      if (!screenshot(chromium, join(HTML, `${name}.html`), join(ROOT, 'docs', `${name}.png`), 1)) failed++
    }
    console.log(`Refreshed the README pictures in docs/: ${DOCS.join(', ')}.`)
  }
  console.log(`\nWrote ${made.written} pictures to preview/ (HTML in preview/html/).`)
  return failed === 0 ? 0 : 1
}

runAsEntry(__filename, main)
