// npm run preview: every page in its main states, light and dark, English and Chinese, as pictures under preview/.
// The pages render through miniprogram-simulate (tests/preview), headless Chromium takes the pictures. Without
// Chromium it says how to install it and leaves the HTML in preview/html/.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildNpm } from './build-npm'
import { generate } from './generate'

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

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()
    if (found) return found
  }
  return undefined
}

function screenshot(chromium: string, html: string, png: string, scale = 2): boolean {
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
      '--window-size=375,812',
      `--force-device-scale-factor=${scale}`,
      `--screenshot=${png}`,
      `file://${html}`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  )
  rmSync(profile, { recursive: true, force: true })
  return result.status === 0 && existsSync(png)
}

async function main(): Promise<number> {
  buildNpm()
  await generate()
  rmSync(HTML, { recursive: true, force: true })
  const jest = join(ROOT, 'node_modules', '.bin', 'jest')
  const rendered = spawnSync(jest, ['-c', 'jest.preview.config.js', '--maxWorkers=2'], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  if (rendered.status !== 0) return rendered.status ?? 1
  const pages = readdirSync(HTML)
    .filter((f) => f.endsWith('.html'))
    .sort()
  const chromium = findChromium()
  if (!chromium) {
    console.log(
      `\nWrote ${pages.length} HTML previews to preview/html/. For pictures, install Chromium and a CJK font:`,
    )
    console.log('  apt-get update && apt-get install -y chromium fonts-wqy-microhei')
    return 0
  }
  let failed = 0
  for (const page of pages) {
    const png = join(OUT, page.replace(/\.html$/, '.png'))
    if (!screenshot(chromium, join(HTML, page), png)) {
      console.error(`could not take a picture of ${page}`)
      failed++
    }
  }
  if (process.argv.includes('--docs')) {
    for (const name of DOCS) {
      if (!screenshot(chromium, join(HTML, `${name}.html`), join(ROOT, 'docs', `${name}.png`), 1)) failed++
    }
    console.log(`Refreshed the README pictures in docs/: ${DOCS.join(', ')}.`)
  }
  console.log(`\nWrote ${pages.length - failed} pictures to preview/ (HTML in preview/html/).`)
  return failed === 0 ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
