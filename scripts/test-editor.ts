// npm run test:editor: the web editor as an editor uses it, in the system's Chromium (playwright-core from the
// editor/ package; no browser is downloaded). On a copy of content/: open /admin/, write an article in English and
// Chinese with a picture, look at the app's preview, publish; write an event whose date is to be announced, publish;
// then the files are in the copy, they validate, and the running endpoint serves them; a save with a mistake shows
// its problem in the page. With --docs it refreshes the pictures of the editors' quick start (docs/editor-*.png).
// Skipped, with the reason, where Chromium is not installed.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import sharp from 'sharp'
import { startContentServer } from './content'
import { findChromium } from './lib/chromium'
import { cameraPhoto } from './lib/camera-photo'
import { ensureEditorDeps, EDITOR_DIR } from './lib/editor'
import { runAsEntry } from './lib/entry'
import { compileContent } from './lib/sources'
import { formatSourceProblem } from './lib/sources/fields'

const ROOT = join(__dirname, '..')
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
  goto(url: string): Promise<unknown>
  reload(): Promise<unknown>
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>
  getByRole(role: string, options: { name: string | RegExp }): Locator
  getByText(text: string | RegExp, options?: { exact: boolean }): Locator
  locator(selector: string): Locator
  frameLocator(selector: string): Frame
  on(event: 'pageerror', listener: (error: Error) => void): void
  on(event: 'dialog', listener: (dialog: { accept(): Promise<void> }) => void): void
  on(event: 'requestfailed', listener: (request: { url(): string }) => void): void
}
interface Playwright {
  chromium: {
    launch(options: { executablePath: string; args: string[] }): Promise<{
      newPage(options: { viewport: { width: number; height: number }; timezoneId: string }): Promise<Page>
      close(): Promise<void>
    }>
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
  const playwright = createRequire(join(EDITOR_DIR, 'package.json'))('playwright-core') as Playwright

  // A copy of the sample content, in a folder of its own: the editor writes there, never into the repository.
  const repo = mkdtempSync(join(tmpdir(), 'bcecc-editor-'))
  const DOCS = DOCS_FLAG ? join(ROOT, 'docs') : repo
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

  const server = await startContentServer(content, {
    port: 0,
    host: '127.0.0.1',
    editor: true,
    log: () => undefined,
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
    await page.screenshot({ path: join(DOCS, 'editor-articles.png') })
    check(true, '/admin/ opens on the articles, from local files only')
    const listed = await page.getByText(/ · \d{4}-\d{2}-\d{2}$/).allTextContents()
    const dates = listed.map((line) => line.slice(-10))
    check(
      dates.length >= 6 && dates.every((d, i) => i === 0 || (dates[i - 1] ?? '') >= d),
      `the article list shows dates as dates, newest first (${dates.join(', ')})`,
    )

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
    await page.getByRole('button', { name: 'Publish' }).first().click()
    await page.getByText('Publish now').click()
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

    // An event whose date is to be announced (from the collection, as an editor goes there).
    await page
      .getByText('Changes saved')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined)
    await page.goto(`${origin}/admin/#/collections/events/new`)
    // A new hash in the same page: load it afresh (the editor keeps its login).
    await page.reload()
    const login = page.getByRole('button', { name: 'Login' })
    if ((await login.count()) > 0) await login.click()
    await page.locator('[id^="en-field"]').first().fill('Flanders Smart Ports mission')
    await page.locator('[id^="zh-field"]').first().fill('弗兰德智慧港口代表团')
    const dateStatus = page.locator('[id^="date_status-field"]')
    await dateStatus.click()
    await page.getByText('To be announced · 待定', { exact: true }).click()
    await page.screenshot({ path: join(DOCS, 'editor-event.png') })
    await page.getByRole('button', { name: 'Publish' }).first().click()
    await page.getByText('Publish now').click()
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

    // The files validate, and the running endpoint serves them after its rebuild.
    const compiled = await compileContent(content, { cwd: repo })
    const errors = compiled.problems.filter((p) => p.severity === 'error').map(formatSourceProblem)
    check(errors.length === 0, `content validate passes${errors.length ? `:\n${errors.join('\n')}` : ''}`)
    await until(async () => {
      const feed = (await (await fetch(server.url)).json()) as { items: Array<{ id: string }> }
      const events = (await (await fetch(`${origin}/events.json`)).json()) as {
        entries: Array<{ uid: string }>
      }
      return (
        feed.items.some((i) => i.id === 'smart-port-pilot-zh') &&
        events.entries.some((e) => e.uid === 'flanders-smart-ports-mission')
      )
    }, 'the endpoint serves the new article and event')
    check(true, 'the rebuilt endpoint serves the article (both languages) and the event')
    const feed = (await (await fetch(server.url)).json()) as { items: Array<{ id: string; image?: string }> }
    const coverUrl = feed.items.find((i) => i.id === 'smart-port-pilot-en')?.image ?? ''
    const coverBytes = Buffer.from(await (await fetch(new URL(coverUrl, server.url))).arrayBuffer())
    const coverMeta = await sharp(coverBytes).metadata()
    check(
      coverMeta.width === 750 && coverBytes.length < 300 * 1024,
      `the build made the camera photo phone-sized (${coverMeta.width ?? 0} × ${coverMeta.height ?? 0}, ${Math.round(coverBytes.length / 1024)} KB)`,
    )

    check(
      failures.length === 0,
      `no page error and no request outside the machine${failures.length ? `: ${failures.join('; ')}` : ''}`,
    )

    // From here on saves are refused on purpose; Decap reports a refused save as an unhandled rejection.
    const outside = (): string[] => failures.filter((f) => f.startsWith('outside request'))

    // A picture over the limit, uploaded in the media library: a clear message in the page, nothing saved.
    await page.goto(`${origin}/admin/#/collections/articles`)
    await page.reload()
    if ((await login.count()) > 0) await login.click()
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
    await page.goto(`${origin}/admin/#/collections/articles/entries/climate-tech/index`)
    await page.reload()
    if ((await login.count()) > 0) await login.click()
    const title = page.locator('[id^="title-field"]').first()
    await title.waitFor()
    const shownTitle = await title.evaluate((input) => (input as HTMLInputElement).value)
    check(
      /cannot be read here: line 6:7: error: the list opened with \[ is not closed/.test(shownTitle),
      'an article with a YAML slip opens with its problem as the title and its raw text as the body',
    )
    await page.locator('[id^="summary-field"]').first().fill('An editor tries to save it anyway.')
    await page.getByRole('button', { name: 'Publish' }).first().click()
    await page.getByText('Publish now').click()
    await until(
      async () => (await page.getByText(/has a mistake the web editor cannot read/).count()) > 0,
      'the page refuses to save over it',
    )
    check(
      readFileSync(brokenArticle, 'utf8') === brokenText,
      'saving it is refused with the reason, and the file on disk is unchanged',
    )
    writeFileSync(
      brokenArticle,
      readFileSync(join(ROOT, 'content', 'articles', 'climate-tech', 'index.en.md')),
    )
    check(
      outside().length === 0,
      `still no request outside the machine${outside().length ? `: ${outside().join('; ')}` : ''}`,
    )
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
  }
}

runAsEntry(__filename, main)
