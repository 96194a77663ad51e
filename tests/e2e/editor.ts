// npm run test:editor: the web editor as an editor uses it, in the system's Chromium (playwright-core from the
// editor/ package; no browser is downloaded). On a copy of content/: open /admin/, write an article in English and
// Chinese with a picture, look at the app's preview, publish; write an event whose date is to be announced, publish;
// then the files are in the copy, they validate, and the running endpoint serves them; a save with a mistake shows
// its problem in the page. Then the whole chain to readers: every save is a git commit; "Publish to readers" uploads
// to a local S3 server (s3rver), and the app's own content client (tests/e2e, miniprogram-simulate) reading that
// bucket shows the article on News and the event on Events; undo takes them away again; an upload that fails half-way
// leaves readers on the previous version and the page says so. With --docs it refreshes the pictures of the editors'
// quick start (docs/editor-*.png).
// Skipped, with the reason, where Chromium is not installed.

import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { crc32 } from 'node:zlib'
import sharp from 'sharp'
import { buildNpm } from '../../scripts/build-npm'
import { startContentServer } from '../../scripts/lib/tasks/serve'
import { generate } from '../../scripts/generate'
import { findChromium } from '../../scripts/lib/chromium'
import { cameraPhoto } from '../../scripts/lib/camera-photo'
import { DECAP_DIR, ensureEditorDeps } from '../../editor/server'
import { runAsEntry } from '../../scripts/lib/entry'
import { startS3 } from '../../scripts/lib/local-s3'
import { decodeComponent } from '../../miniprogram/core/url'
import { candidate, connectFor, publishCandidate } from '../../scripts/lib/publishing'
import { compileContent } from '../../scripts/lib/sources'
import { formatSourceProblem } from '../../scripts/lib/sources/fields'

const ROOT = join(__dirname, '..', '..')
/** Pictures go to docs/ (the editors' quick start shows them) with --docs, else next to the test's files. */
const DOCS_FLAG = process.argv.includes('--docs')

function check(condition: unknown, what: string): void {
  if (!condition) throw new Error(`editor test: ${what}`)
  console.log(`✔ ${what}`)
}

async function until(test: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await test()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`editor test: timed out waiting until ${what}`)
}

// The little of playwright-core this test uses: it lives in editor/, which CI does not install, so its types are
// not at hand when npm test type-checks this file.
interface Locator {
  evaluate<R>(fn: (element: HTMLElement) => R): Promise<R>
  click(options?: { timeout?: number }): Promise<void>
  fill(text: string): Promise<void>
  setInputFiles(path: string): Promise<void>
  waitFor(options?: { timeout?: number }): Promise<void>
  allTextContents(): Promise<string[]>
  count(): Promise<number>
  getAttribute(name: string): Promise<string | null>
  first(): Locator
  nth(index: number): Locator
  locator(selector: string): Locator
}
interface Frame {
  locator(selector: string): Locator
  first(): Frame
}
interface Page {
  keyboard: { press(key: string): Promise<void>; insertText(text: string): Promise<void> }
  content(): Promise<string>
  goto(url: string): Promise<unknown>
  reload(): Promise<unknown>
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>
  getByRole(role: string, options: { name: string | RegExp; exact?: boolean }): Locator
  getByText(text: string | RegExp, options?: { exact: boolean }): Locator
  locator(selector: string): Locator
  frameLocator(selector: string): Frame
  on(event: 'pageerror', listener: (error: Error) => void): void
  on(event: 'dialog', listener: (dialog: { accept(): Promise<void> }) => void): void
  on(event: 'requestfailed' | 'request', listener: (request: { url(): string }) => void): void
}
interface Browser {
  newPage(options: { viewport: { width: number; height: number }; timezoneId: string }): Promise<Page>
  close(): Promise<void>
}
interface Playwright {
  chromium: {
    launch(options: { executablePath: string; args: string[] }): Promise<Browser>
  }
}

/** A PNG whose header claims `width` × `height` pixels, with one pixel of data (a decompression bomb's shape). */
async function claimedSize(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .png()
    .toBuffer()
  png.writeUInt32BE(width, 16)
  png.writeUInt32BE(height, 20)
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29)
  return png
}

async function main(): Promise<number> {
  const chromium = findChromium()
  if (!chromium) {
    console.log(
      'test:editor skipped: no Chromium on this machine (apt-get install -y chromium fonts-wqy-microhei)',
    )
    return 0
  }
  if (!ensureEditorDeps(console.log)) return 1
  const playwright = createRequire(join(DECAP_DIR, 'package.json'))('playwright-core') as Playwright

  const prepared = await prepare()
  const { repo, content, s3 } = prepared

  const serverLog: string[] = []
  const server = await startContentServer(content, {
    port: 0,
    host: '127.0.0.1',
    editor: true,
    log: (line) => serverLog.push(line),
    error: (line) => serverLog.push(line),
  })
  check(server.editor, 'the web editor starts with the content server')
  const origin = server.url.replace(/\/feed\.json$/, '')
  const browser = await playwright.chromium.launch({ executablePath: chromium, args: ['--no-sandbox'] })
  let pageForFailure: Page | undefined
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      timezoneId: 'Asia/Shanghai',
    })
    pageForFailure = page
    // Leaving an entry asks to confirm when Decap still counts it unsaved: the test has saved it.
    page.on('dialog', (dialog) => void dialog.accept())
    const failures: string[] = []
    page.on('pageerror', (error) => failures.push(error.message))
    page.on('requestfailed', (request) => {
      // blob: and data: URLs are the page's own (pictures chosen in the media library), never the network.
      const url = request.url()
      if (!/^(blob|data):/.test(url) && !url.startsWith(origin) && !url.startsWith('http://127.0.0.1'))
        failures.push(`outside request ${url}`)
    })

    await page.goto(`${origin}/admin/`)
    await page.getByRole('button', { name: 'Login' }).click()
    await page.getByText('Articles · 文章').first().waitFor()
    await page.screenshot({ path: join(prepared.docs, 'editor-articles.png') })
    check(true, '/admin/ opens on the articles, from local files only')
    const listed = await page.getByText(/ · \d{4}-\d{2}-\d{2}$/).allTextContents()
    const dates = listed.map((line) => line.slice(-10))
    check(
      dates.length >= 6 && dates.every((d, i) => i === 0 || (dates[i - 1] ?? '') >= d),
      `the article list shows dates as dates, newest first (${dates.join(', ')})`,
    )

    const s: Session = { ...prepared, page, origin, failures, serverUrl: server.url }
    await writeArticle(s)
    await writeEventAndMistake(s)
    await endpointServes(s)
    await readersChain(page, prepared.s3, prepared.git, serverLog)
    await refusedSaves(s)
    await hostedEditor(browser, repo)
    console.log(
      `\ntest:editor passed (files and pictures in ${repo}${DOCS_FLAG ? '; pictures refreshed in docs/' : ''})`,
    )
    return 0
  } catch (error) {
    await pageForFailure?.screenshot({ path: join(repo, 'failure.png') }).catch(() => undefined)
    console.error(`a picture of the page when it failed: ${join(repo, 'failure.png')}`)
    throw error
  } finally {
    await browser.close()
    await server.close()
    await s3.close()
  }
}

/** What the steps share: the copy of the content, its fixtures, the storage, the page. */
interface Prepared {
  repo: string
  content: string
  docs: string
  camera: string
  bomb: string
  brokenArticle: string
  brokenText: string
  s3: Awaited<ReturnType<typeof startS3>>
  git: (...args: string[]) => string
}

interface Session extends Prepared {
  page: Page
  origin: string
  serverUrl: string
  failures: string[]
}

/** A copy of the sample content as a git repository, its fixtures, and the readers' storage as it was before. */
async function prepare(): Promise<Prepared> {
  // A copy of the sample content, in a folder of its own: the editor writes there, never into the repository.
  const repo = mkdtempSync(join(tmpdir(), 'bcecc-editor-'))
  const docs = DOCS_FLAG ? join(ROOT, 'docs') : repo
  const content = join(repo, 'content')
  cpSync(join(ROOT, 'content'), content, { recursive: true })
  const photo = join(repo, 'port-crane.jpg')
  writeFileSync(
    photo,
    await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#1d4e89' } })
      .composite([
        {
          input: Buffer.from(
            '<svg width="1600" height="1000"><circle cx="500" cy="450" r="300" fill="#f2a541"/></svg>',
          ),
        },
      ])
      .jpeg()
      .toBuffer(),
  )

  // The body's picture is in content/images already; the cover is a camera's photo (45 MB, 8000 × 6000) chosen in
  // the editor, as an editor would from a phone or a camera card.
  cpSync(photo, join(content, 'images', 'port-crane.jpg'))
  const camera = join(repo, 'nansha-terminal.jpg')
  writeFileSync(camera, await cameraPhoto(45 * 1024 * 1024))
  // A picture whose header claims 201 megapixels (a few hundred bytes): refused with a message, before it is saved.
  const bomb = join(repo, 'bomb.png')
  writeFileSync(bomb, await claimedSize(20_000, 10_050))
  // An article whose front matter has a YAML slip: the editor must show it as it is and never save blanks over it.
  const brokenArticle = join(content, 'articles', 'climate-tech', 'index.en.md')
  const brokenText = readFileSync(brokenArticle, 'utf8').replace(/^tags: \[(.*)\]$/m, 'tags: [$1')

  // Readers' storage: a local S3 server, named in site.yaml as the chamber's bucket would be; the key in the
  // environment, as CI's secrets or the git-ignored .env give it. The content is a git repository of its own.
  const s3 = await startS3(BUCKET)
  appendFileSync(
    join(content, 'site.yaml'),
    `publish:\n  target: s3://${BUCKET}/site\n  endpoint: ${s3.endpoint}\n  region: us-east-1\n  path_style: true\n`,
  )
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    BCECC_ENV_FILE: join(repo, 'no.env'),
    // A request the local storage leaves unanswered fails in seconds, not a minute.
    BCECC_S3_TIMEOUT_MS: '5000',
  })
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim()
  git('init', '--quiet', '--initial-branch=main')
  git('config', 'user.name', 'Brussels Editor')
  git('config', 'user.email', 'editor@bcecc.example')
  git('add', '.')
  git('commit', '--quiet', '-m', 'The sample content')
  // What readers saw before the editors' work: the sample content, published as `content -- publish` does.
  const before = await candidate(content)
  if (!before.ok) throw new Error(`editor test: the sample content does not build: ${before.reason}`)
  const first = connectFor(before.compiled.site)
  await publishCandidate(first, content, before.site)
  first.client.destroy()
  // The reader's end needs the app's components and generated code.
  buildNpm()
  await generate()

  return { repo, content, docs, camera, bomb, brokenArticle, brokenText, s3, git }
}

/** Decap after a new address: the page loaded afresh, logged in again when it asks. */
async function reopen(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.reload()
  const login = page.getByRole('button', { name: 'Login' })
  if ((await login.count()) > 0) await login.click()
}

/** An article in both languages, with a camera photo for its cover, seen in the app's preview, then saved. */
async function writeArticle({ page, origin, camera, content, docs: DOCS }: Session): Promise<void> {
  // An article in both languages, with a picture uploaded from this computer.
  await page.goto(`${origin}/admin/#/collections/articles/new`)
  await page.locator('#title-field-1').fill('Smart Port Pilot')
  await page.locator('#summary-field-3').fill('Antwerp-Bruges and Nansha test digital twins together.')
  await page.locator('#title-field-13').fill('智慧港口试点')
  await page.locator('#summary-field-15').fill('安特卫普-布鲁日港与南沙港共同测试数字孪生。')
  await page.getByText('Choose an image').first().click()
  await page.locator('input[type="file"]').setInputFiles(camera)
  await page.getByRole('button', { name: /Choose selected/i }).click()
  // The Markdown field opens in its Markdown mode (a plain text box), as the guide teaches; typed line by line.
  const modes: Array<string | null> = []
  const body = async (index: number, text: string): Promise<void> => {
    const field = page.locator('[aria-label="markdown field"]').nth(index)
    const toggle = field.locator('[role="switch"]')
    modes.push(await toggle.getAttribute('aria-checked'))
    if (modes[modes.length - 1] !== 'true') await toggle.click()
    await field.locator('[role="textbox"]').click()
    const lines = text.split('\n')
    for (const [i, line] of lines.entries()) {
      if (i > 0) await page.keyboard.press('Enter')
      if (line) await page.keyboard.insertText(line)
    }
  }
  await body(
    0,
    '## What the pilot covers\n\n- Berth planning shared by both ports\n- **Emissions** monitoring\n\n![A crane](images/port-crane.jpg)\n',
  )
  await body(1, '## 试点内容\n\n- 共享泊位计划\n- **排放**监测\n')
  check(
    modes.every((mode) => mode === 'true'),
    `the body opens in Markdown mode, rich text one click away (${modes.join(', ')})`,
  )
  await page
    .locator('[title="Toggle preview"], button[title*="preview" i]')
    .first()
    .click()
    .catch(() => undefined)
  const preview = page.frameLocator('iframe').first()
  await preview.locator('.bc-article__title').first().waitFor({ timeout: 15_000 })
  const titles = await preview.locator('.bc-article__title').allTextContents()
  check(
    titles.includes('Smart Port Pilot') && titles.includes('智慧港口试点'),
    "the preview draws the article with the app's renderer, in English and Chinese",
  )
  // The cover, on the News card and above the article, drawn from the chosen photo (real pixels).
  await until(
    async () =>
      (await preview.locator('img.bc-card__cover').count()) === 2 &&
      (await preview
        .locator('.bc-article__cover img')
        .first()
        .evaluate((img) => (img as HTMLImageElement).naturalWidth)) === 8000,
    'the preview draws the cover',
    30_000,
  )
  const coverWidths = await Promise.all(
    [0, 1].map((i) =>
      preview
        .locator('img.bc-card__cover')
        .nth(i)
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ),
  )
  check(
    coverWidths.every((w) => w === 8000),
    'the cover shows on the News card and above the article, in both languages',
  )
  await page.screenshot({ path: join(DOCS, 'editor-article-preview.png') })
  const headings = await preview.locator('.bc-article__h').count()
  const items = await preview.locator('.bc-article__li').count()
  check(
    headings === 2 && items === 4,
    `the preview has the headings and list items of the app's blocks (${headings} headings, ${items} items)`,
  )
  await page.getByRole('button', { name: 'Save', exact: true }).first().click()
  await page.getByText('Save now', { exact: true }).click()
  const folder = join(content, 'articles', 'smart-port-pilot')
  await until(
    () => existsSync(join(folder, 'index.en.md')) && existsSync(join(folder, 'index.zh.md')),
    'the article files are written',
  )
  const saved = readFileSync(join(folder, 'index.en.md'), 'utf8')
  check(
    saved.includes('![A crane](images/port-crane.jpg)') &&
      saved.includes('## What the pilot covers') &&
      saved.includes('- **Emissions** monitoring'),
    'the article is saved as the Markdown typed (nothing escaped) in content/articles/smart-port-pilot/',
  )
  const savedPhoto = join(content, 'images', 'nansha-terminal.jpg')
  await until(
    () => existsSync(savedPhoto) && statSync(savedPhoto).size === 45 * 1024 * 1024,
    'the camera photo is saved whole',
    30_000,
  )
  check(
    readFileSync(savedPhoto).equals(readFileSync(camera)),
    'the 45 MB camera photo is saved whole in content/images',
  )
}

/** An event whose date is to be announced; then a file with a mistake, shown in the page. */
async function writeEventAndMistake({ page, origin, content, docs: DOCS }: Session): Promise<void> {
  // An event whose date is to be announced (from the collection, as an editor goes there).
  await page
    .getByText('Changes saved')
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined)
  // A new hash in the same page: load it afresh (the editor keeps its login).
  await reopen(page, `${origin}/admin/#/collections/events/new`)
  await page.locator('[id^="en-field"]').first().fill('Flanders Smart Ports mission')
  await page.locator('[id^="zh-field"]').first().fill('弗兰德智慧港口代表团')
  const dateStatus = page.locator('[id^="date_status-field"]')
  await dateStatus.click()
  await page.getByText('To be announced · 待定', { exact: true }).click()
  await page.screenshot({ path: join(DOCS, 'editor-event.png') })
  await page.getByRole('button', { name: 'Save', exact: true }).first().click()
  await page.getByText('Save now', { exact: true }).click()
  const eventFile = join(content, 'events', 'flanders-smart-ports-mission.yaml')
  await until(() => existsSync(eventFile), 'the event file is written')
  check(
    /date_status: tba/.test(readFileSync(eventFile, 'utf8')),
    'the event is saved in content/events with its date to be announced',
  )

  // A save with a mistake: the editor's page shows the problem, located, and the endpoint keeps the last good version.
  const broken = join(content, 'events', 'broken-date.yaml')
  writeFileSync(broken, 'title: { en: Broken }\nstart: 2027-02-30\nupdated: 2026-12-01T00:00:00Z\n')
  const panel = page.locator('#bc-problems')
  await until(
    async () => /broken-date\.yaml:2:8: error/.test((await panel.allTextContents()).join(' ')),
    'the problems panel shows the error',
  )
  await page.screenshot({ path: join(DOCS, 'editor-problems.png') })
  check(
    true,
    'a save with an error shows "file:line:column: error" in the editor, and the app keeps the last good version',
  )
  rmSync(broken)
  await until(
    async () => /Saved and built; not yet live for readers/.test((await panel.allTextContents()).join(' ')),
    'the panel says the fix is live',
  )
}

/** The saved files validate, and the running endpoint serves them, the camera photo made phone-sized. */
async function endpointServes({ content, repo, origin, serverUrl, failures }: Session): Promise<void> {
  // The files validate, and the running endpoint serves them after its rebuild.
  const compiled = await compileContent(content, { cwd: repo })
  const errors = compiled.problems.filter((p) => p.severity === 'error').map(formatSourceProblem)
  check(errors.length === 0, `content validate passes${errors.length ? `:\n${errors.join('\n')}` : ''}`)
  await until(async () => {
    const feed = (await (await fetch(serverUrl)).json()) as { items: Array<{ id: string }> }
    const events = (await (await fetch(`${origin}/events.json`)).json()) as {
      entries: Array<{ uid: string }>
    }
    return (
      feed.items.some((i) => i.id === 'smart-port-pilot-zh') &&
      events.entries.some((e) => e.uid === 'flanders-smart-ports-mission')
    )
  }, 'the endpoint serves the new article and event')
  check(true, 'the rebuilt endpoint serves the article (both languages) and the event')
  const feed = (await (await fetch(serverUrl)).json()) as { items: Array<{ id: string; image?: string }> }
  const coverUrl = feed.items.find((i) => i.id === 'smart-port-pilot-en')?.image ?? ''
  const coverBytes = Buffer.from(await (await fetch(new URL(coverUrl, serverUrl))).arrayBuffer())
  const coverMeta = await sharp(coverBytes).metadata()
  check(
    coverMeta.width === 750 && coverBytes.length < 300 * 1024,
    `the build made the camera photo phone-sized (${coverMeta.width ?? 0} × ${coverMeta.height ?? 0}, ${Math.round(coverBytes.length / 1024)} KB)`,
  )

  check(
    failures.length === 0,
    `no page error and no request outside the machine${failures.length ? `: ${failures.join('; ')}` : ''}`,
  )
}

/** Saves refused on purpose: a picture over the limit, and a file with a YAML slip never saved over. */
async function refusedSaves({
  page,
  origin,
  content,
  bomb,
  brokenArticle,
  brokenText,
  failures,
}: Session): Promise<void> {
  // From here on saves are refused on purpose; Decap reports a refused save as an unhandled rejection.
  const outside = (): string[] => failures.filter((f) => f.startsWith('outside request'))

  // A picture over the limit, uploaded in the media library: a clear message in the page, nothing saved.
  await reopen(page, `${origin}/admin/#/collections/articles`)
  await page.getByText('Media', { exact: true }).first().click()
  await page.getByText('Upload').first().waitFor()
  await page.locator('input[type="file"]').setInputFiles(bomb)
  await until(
    async () => (await page.getByText(/bomb\.png has 201 megapixels/).count()) > 0,
    'the page says the picture is over the limit',
  )
  check(
    !existsSync(join(content, 'images', 'bomb.png')),
    'a picture over the limit gets a clear message (file, limit, what to do) and nothing is saved',
  )

  // The article with a YAML slip opens as what it is, and is not saved over.
  writeFileSync(brokenArticle, brokenText)
  await reopen(page, `${origin}/admin/#/collections/articles/entries/climate-tech/index`)
  const title = page.locator('[id^="title-field"]').first()
  await title.waitFor()
  const shownTitle = await title.evaluate((input) => (input as HTMLInputElement).value)
  check(
    /cannot be read here: line 6:7: error: the list opened with \[ is not closed/.test(shownTitle),
    'an article with a YAML slip opens with its problem as the title and its raw text as the body',
  )
  await page.locator('[id^="summary-field"]').first().fill('An editor tries to save it anyway.')
  await page.getByRole('button', { name: 'Save', exact: true }).first().click()
  await page.getByText('Save now', { exact: true }).click()
  await until(
    async () => (await page.getByText(/has a mistake the web editor cannot read/).count()) > 0,
    'the page refuses to save over it',
  )
  check(
    readFileSync(brokenArticle, 'utf8') === brokenText,
    'saving it is refused with the reason, and the file on disk is unchanged',
  )
  writeFileSync(brokenArticle, readFileSync(join(ROOT, 'content', 'articles', 'climate-tech', 'index.en.md')))
  check(
    outside().length === 0,
    `still no request outside the machine${outside().length ? `: ${outside().join('; ')}` : ''}`,
  )
}

const BUCKET = 'bcecc-chain'

/**
 * The hosted editor (content -- editor-build), served by a plain static file server: it loads from its own files
 * only, shows the configured host's sign-in, and asks no other host for anything.
 */
async function hostedEditor(browser: Browser, repo: string): Promise<void> {
  const content = join(repo, 'hosted', 'content')
  cpSync(join(ROOT, 'content'), content, { recursive: true })
  appendFileSync(
    join(content, 'site.yaml'),
    'editor:\n  backend: gitea\n  repo: bcecc/newsletter\n  base_url: https://git.bcecc.example\n  app_id: 0b5c4a52-editor-test\n',
  )
  const out = join(repo, 'hosted', 'admin')
  const built = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'scripts', 'content.ts'),
      'editor-build',
      out,
    ],
    { encoding: 'utf8', env: { ...process.env, BCECC_CONTENT_DIR: content } },
  )
  check(
    built.status === 0,
    `content -- editor-build writes the editor (${built.stdout.trim().split('\n').pop() ?? built.stderr})`,
  )
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.yml': 'text/yaml',
    '.wasm': 'application/wasm',
  }
  const server = createServer((req, res) => {
    const path = (decodeComponent(new URL(req.url ?? '/', 'http://x').pathname) ?? '').replace(
      /^\/admin\/?/,
      '',
    )
    const file = join(out, path || 'index.html')
    if (!file.startsWith(out) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    timezoneId: 'Europe/Brussels',
  })
  const elsewhere: string[] = []
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)) elsewhere.push(url)
  })
  try {
    await page.goto(`${origin}/admin/`)
    await page.getByRole('button', { name: /Login with Gitea/i }).waitFor({ timeout: 30_000 })
    check(
      true,
      'the hosted editor, served by a plain static server, shows the sign-in of the git host in site.yaml',
    )
    await page.screenshot({ path: join(DOCS_FLAG ? join(ROOT, 'docs') : repo, 'editor-hosted.png') })
    check(
      elsewhere.length === 0,
      `it loads from its own files only, asking no other host${elsewhere.length ? `: ${elsewhere.join(', ')}` : ''}`,
    )
  } finally {
    await new Promise((done) => server.close(done))
  }
}

/**
 * The reader's end: the app's content client and pages reading the bucket (tests/e2e); true when it passed. Not
 * spawnSync: the local S3 server answers from this process, which must keep running meanwhile.
 */
async function readerSees(feedUrl: string, expect: 'shown' | 'gone'): Promise<boolean> {
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'jest'),
    ['-c', 'jest.chain.config.js', '--maxWorkers=1'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        BCECC_CHAIN_FEED_URL: feedUrl,
        BCECC_CHAIN_ARTICLE: 'Smart Port Pilot',
        BCECC_CHAIN_EVENT: 'Flanders Smart Ports mission',
        BCECC_CHAIN_EXPECT: expect,
      },
    },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  if (code !== 0) process.stderr.write(output)
  return code === 0
}

/**
 * From the editor's "Publish to readers" to a reader's phone, and back: publish, the app sees it; undo, the app no
 * longer does; a failed upload leaves readers where they were.
 */
async function readersChain(
  page: Page,
  s3: Awaited<ReturnType<typeof startS3>>,
  git: (...args: string[]) => string,
  serverLog: string[],
): Promise<void> {
  const DOCS = DOCS_FLAG ? join(ROOT, 'docs') : mkdtempSync(join(tmpdir(), 'bcecc-publish-'))
  const commits = git('log', '--format=%an: %s').split('\n')
  check(
    commits.some((c) => /^Brussels Editor: .*smart-port-pilot/.test(c)) &&
      commits.some((c) => /^Brussels Editor: .*flanders-smart-ports-mission/.test(c)),
    `every save in the editor is a git commit by the editor (${commits.slice(0, 3).join(' | ')})`,
  )
  const feedUrl = `${s3.endpoint}/${BUCKET}/site/feed.json`
  const live = async (path: string): Promise<string | undefined> =>
    (await s3.get(`site/${path}`))?.toString('utf8')
  const status = async (): Promise<string> =>
    (await page.locator('#bc-publish-status').allTextContents()).join(' ')
  const publishToReaders = async (): Promise<string[]> => {
    await page.locator('#bc-publish-button').click()
    await until(
      async () => (await page.locator('#bc-publish-plan li').count()) > 0,
      'the page shows what will change',
      120_000,
    )
    return page.locator('#bc-publish-plan li').allTextContents()
  }

  const chain: Chain = { page, s3, git, serverLog, DOCS, feedUrl, live, status, publishToReaders }
  await publishStep(chain)
  await undoStep(chain)
  await failedUploadStep(chain)
}

/** What the chain's steps share. */
interface Chain {
  page: Page
  s3: Awaited<ReturnType<typeof startS3>>
  git: (...args: string[]) => string
  serverLog: string[]
  DOCS: string
  feedUrl: string
  live(path: string): Promise<string | undefined>
  status(): Promise<string>
  publishToReaders(): Promise<string[]>
}

/** Publish: the plan by title, progress, live since when; the bucket and the app have the new content. */
async function publishStep({
  page,
  s3,
  DOCS,
  feedUrl,
  live,
  status,
  publishToReaders,
}: Chain): Promise<void> {
  // Publish: the plan by title, progress, then "Live for readers since HH:MM" with the feed's address.
  const plan = await publishToReaders()
  check(
    plan.includes('new article: Smart Port Pilot') &&
      plan.includes('new article: 智慧港口试点') &&
      plan.includes('new event: Flanders Smart Ports mission'),
    `"Publish to readers" first shows what readers will see change (${plan.length} lines: ${plan.slice(0, 3).join('; ')}…)`,
  )
  await page.screenshot({ path: join(DOCS, 'editor-publish-plan.png') })
  await page.locator('#bc-publish-confirm').click()
  const busy = await page.locator('#bc-publish-button').evaluate((b) => (b as HTMLButtonElement).disabled)
  await page.locator('#bc-publish-button').evaluate((b) => b.click())
  await until(
    async () => /Live for readers since \d\d:\d\d/.test(await status()),
    'the page says the content is live',
    120_000,
  )
  check(
    (await status()).includes(feedUrl),
    `the page says "${(await status()).split(' · ')[0] ?? ''}" with the feed's public address`,
  )
  await page.screenshot({ path: join(DOCS, 'editor-published.png') })
  const records = await s3.keys('site/_publishes/records/')
  check(
    busy && records.length === 2,
    'while it runs the button is disabled, and a second click starts nothing (one publish recorded, after the one before the test)',
  )
  check(
    (await live('articles/smart-port-pilot-en.json'))?.includes('Smart Port Pilot') &&
      (await live('events/flanders-smart-ports-mission.json')) !== undefined &&
      (await live('feed.json'))?.includes('smart-port-pilot-zh'),
    'the bucket holds the new article (both languages) and the event, named by the live feed',
  )
  check(
    await readerSees(feedUrl, 'shown'),
    'the app, reading the bucket, shows the article on News and the event on Events',
  )
}

/** Undo the last publish: readers see the version before it again. */
async function undoStep({ page, feedUrl, live, status }: Chain): Promise<void> {
  // Undo the last publish: readers see the version before it (the sample content, published before the test began).
  await page.locator('#bc-publish summary').click()
  await until(
    async () => (await page.locator('#bc-publish-history li').count()) === 2,
    'the history lists both publishes',
  )
  check(
    /publish · 发布 · Brussels Editor · [0-9a-f]{7} · new article/.test(
      (await page.locator('#bc-publish-history li').allTextContents())[0] ?? '',
    ),
    'the page lists the last publishes, with their editor, commit and changes',
  )
  await page.locator('#bc-publish-undo').click()
  await until(
    async () => /Undone\. Live for readers since \d\d:\d\d/.test(await status()),
    'the page says the undo is live',
    120_000,
  )
  check(
    (await live('articles/smart-port-pilot-en.json')) === undefined &&
      !(await live('feed.json'))?.includes('smart-port-pilot'),
    'after undo the bucket no longer holds nor names the new article',
  )
  check(
    await readerSees(feedUrl, 'gone'),
    'the app, reading the bucket again, no longer shows the article nor the event',
  )
}

/** An upload that fails half-way: readers stay on the previous version, the page says so, no key leaks. */
async function failedUploadStep({
  page,
  s3,
  git,
  serverLog,
  DOCS,
  live,
  status,
  publishToReaders,
}: Chain): Promise<void> {
  // An upload that fails half-way: readers stay on the previous version, and the page says so.
  const feedBefore = await live('feed.json')
  s3.failing = /^site\/articles\/smart-port-pilot-zh\.json$/
  await publishToReaders()
  await page.locator('#bc-publish-confirm').click()
  await until(
    async () => /Publish failed: .*Readers still see the previous version/.test(await status()),
    'the page says the publish failed',
    120_000,
  )
  s3.failing = undefined
  await page.screenshot({ path: join(DOCS, 'editor-publish-failed.png') })
  check(
    (await live('feed.json')) === feedBefore,
    `an upload failure half-way leaves the live feed as it was, and the page says "${(await status()).split(' · ')[0] ?? ''}"`,
  )
  // Every version of every text file in the history (git grep -I skips the pictures; it exits 1 on no match).
  let history = ''
  try {
    history = git('grep', '-I', '-l', 'S3RVER', ...git('rev-list', '--all').split('\n'))
  } catch (error) {
    if ((error as { status?: number }).status !== 1) throw error
  }
  const leaks = [await page.content(), serverLog.join('\n'), history].filter((text) =>
    text.includes('S3RVER'),
  )
  check(leaks.length === 0, 'the storage key appears nowhere: not in the page, the server log or the history')
}

runAsEntry(__filename, main)
