// The editors' content folder, compiled: site.yaml and office.yaml, articles/<slug>/index.<en|zh>.md,
// events/<uid>.yaml and images/ become the three documents the endpoint publishes (a JSON Feed of every article, the
// JSCalendar Group of events, the office's JSON-LD) and the published images. Every problem is one located line;
// the documents are given only when there is no error.

import { existsSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { TextDecoder } from 'node:util'
import { isMap } from 'yaml'
import { isPathSafeId } from '../../../miniprogram/core/format'
import { checkSchema, type DocKind } from '../schema'
import { UnsafeFileError, listFilesInside, readFileInside, readerInside } from '../safe-fs'
import {
  ARTICLE_FIELDS,
  SLUG,
  localImagePath,
  parseArticle,
  renderArticle,
  splitFrontMatter,
  type ArticleSource,
} from './articles'
import { EVENT_FIELDS, readEvent } from './events'
import { SourceFile, sortProblems, type Fields, type Language, type SourceProblem } from './fields'
import { MAX_IMAGE_BYTES, MAX_PIXELS, publishImages, type PublishedImage } from './images'
import { feedHead, readOffice, readSite, type Site } from './office'

/** The largest Markdown or YAML file read (a long article is about 30 KB). */
export const MAX_SOURCE_BYTES = 1024 * 1024
/** The most articles and events one folder may hold. */
export const MAX_SOURCES = 20_000

// Pictures the build reads (TIFF and AVIF are made JPEG or PNG like the others); HEIC is listed so that an iPhone's
// photo gets a message that says what to do, not "not found".
const IMAGE = /\.(png|jpe?g|gif|webp|svg|tiff?|avif|heic|heif)$/i
const SOURCE = /\.(md|ya?ml)$/i
/** The first line of the note every importer writes at the top of a file (scripts/lib/importers). */
const IMPORT_NOTE = /^[ \t]*#[ \t]*Imported from\b/m
const ARTICLE_PATH = /^articles\/([^/]+)\/index\.([a-z]{2}(?:-[a-z0-9]+)*)\.md$/i
const EVENT_PATH = /^events\/([^/]+)\.ya?ml$/i

export { ARTICLE_FIELDS, EVENT_FIELDS }

export interface CompiledContent {
  documents?: {
    feed: Record<string, unknown>
    events: Record<string, unknown>
    office: Record<string, unknown>
  }
  /** Published files besides the documents (images), by path. */
  assets: Map<string, Buffer>
  problems: SourceProblem[]
  summary: {
    articles: number
    drafts: number
    events: number
    images: number
    /** Originals encoded in this run (0 when every image came from the cache). */
    encoded: number
    /** Article id → bytes of its images, largest first. */
    imageBytes: Array<{ id: string; bytes: number }>
  }
  site?: Site
}

/**
 * Why an editor's file cannot be read as fields at all (no front matter, a YAML mistake): the first problem, located,
 * or undefined when its fields can be read (other mistakes in them are the build's to report). The web editor uses
 * it so that it never shows such a file as empty fields, nor saves over it.
 */
export function unreadable(name: string, text: string): SourceProblem | undefined {
  const problems: SourceProblem[] = []
  if (/\.md$/i.test(name)) {
    const parts = splitFrontMatter(text)
    if (!parts) {
      return {
        severity: 'error',
        file: name,
        line: 1,
        column: 1,
        message:
          'has no front matter; expected the file to start with a line ---, the fields (title:, date:, …), and another line ---',
      }
    }
    new SourceFile(name, parts.head, problems, 1).parseMapping(
      'the article fields: title:, date:, summary:, …',
    )
  } else if (/\.ya?ml$/i.test(name)) {
    new SourceFile(name, text, problems).parseMapping('the fields')
  }
  return problems.find((p) => p.severity === 'error')
}

/** Whether a folder holds the editors' sources (rather than published JSON documents). */
export function isSourceFolder(dir: string): boolean {
  return existsSync(join(dir, 'site.yaml'))
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Parsed sources kept between the builds of one process (npm start rebuilds on every save): a file whose text has
 * not changed is not parsed again, and its parse problems are reported again as they were.
 */
export class SourceMemo {
  readonly entries = new Map<string, { key: string; problems: SourceProblem[]; value: unknown }>()
}

export interface CompileOptions {
  memo?: SourceMemo
  /** Where encoded images are kept between builds (none: encode every time). */
  cacheDir?: string
  /** How file names appear in messages (default: relative to the working folder). */
  cwd?: string
  onProgress?: (done: number, total: number) => void
  /** Publish drafts too (previews); otherwise they are checked and left out. */
  includeDrafts?: boolean
  /** Files (paths inside the folder, such as articles/x/index.en.md) to build without, as if they were not there. */
  skip?: ReadonlySet<string>
}

/**
 * The sources without the files that have errors, so that one mistake never takes the rest offline (npm start, the
 * web editor's preview): articles with an error in either language are left out whole, events alone. `full` has
 * every problem, as the editor must see them; `served` is what can be built without the broken files, undefined when
 * the mistake is in what everything needs (site.yaml, office.yaml).
 */
export async function compileAround(
  dir: string,
  options: CompileOptions = {},
): Promise<{ full: CompiledContent; served?: CompiledContent; leftOut: string[] }> {
  const full = await compileContent(dir, options)
  if (full.documents) return { full, served: full, leftOut: [] }
  const cwd = options.cwd ?? process.cwd()
  const skip = new Set<string>()
  let compiled = full
  // Each round leaves out the files with errors; a file can fail because of another (a link to a left-out article).
  for (let round = 0; round < 4 && !compiled.documents; round++) {
    const before = skip.size
    for (const p of compiled.problems) {
      if (p.severity !== 'error') continue
      const name = relative(dir, resolve(cwd, p.file)).split(sep).join('/')
      const article = ARTICLE_PATH.exec(name)
      if (article) {
        for (const language of ['en', 'zh']) skip.add(`articles/${article[1] ?? ''}/index.${language}.md`)
      } else if (EVENT_PATH.test(name) || name.startsWith('images/') || IMAGE.test(name)) skip.add(name)
      else if (SOURCE.test(name) && name !== 'site.yaml' && name !== 'office.yaml') skip.add(name)
    }
    if (skip.size === before) break
    compiled = await compileContent(dir, { ...options, skip, onProgress: undefined })
  }
  if (!compiled.documents) return { full, leftOut: [] }
  const leftOut = [...skip].filter((name) => existsSync(join(dir, ...name.split('/')))).sort()
  return { full, served: compiled, leftOut }
}

/**
 * Only the settings of site.yaml (the publish target, the hosted editor, the base URL): what `history` and `rollback`
 * need, without building anything. PublishError-free: a file with mistakes gives its problems and no settings.
 */
export async function readSiteSettings(dir: string): Promise<{ site?: Site; problems: SourceProblem[] }> {
  const problems: SourceProblem[] = []
  const text = await readFileInside(dir, join(dir, 'site.yaml'), MAX_SOURCE_BYTES).then(
    (bytes) => bytes.toString('utf8'),
    () => undefined,
  )
  if (text === undefined) return { problems }
  const fields = new SourceFile('site.yaml', text, problems).parseMapping('the newsletter settings')
  const site = fields ? readSite(fields) : undefined
  return { ...(site ? { site } : {}), problems }
}

export async function compileContent(dir: string, options: CompileOptions = {}): Promise<CompiledContent> {
  const problems: SourceProblem[] = []
  const cwd = options.cwd ?? process.cwd()
  const display = (path: string): string => {
    const rel = relative(cwd, join(dir, path))
    return (rel.startsWith('..') ? join(dir, path) : rel).split(sep).join('/')
  }
  const fileProblem = (path: string, message: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ severity, file: display(path), line: 1, column: 1, message })
  }
  const result: CompiledContent = {
    assets: new Map(),
    problems,
    summary: { articles: 0, drafts: 0, events: 0, images: 0, encoded: 0, imageBytes: [] },
  }

  const listing = await listFilesInside(dir, (name) => SOURCE.test(name) || IMAGE.test(name), [
    'schema',
    'node_modules',
  ])
  for (const { path, reason } of listing.refused)
    fileProblem(relative(dir, path).split(sep).join('/'), `${reason}; nothing was built`)
  const names = listing.files
    .map((f) => relative(dir, f).split(sep).join('/'))
    .filter((name) => !options.skip?.has(name))
  const texts = new Map<string, string>()
  /** Images by path: read only when something links to them and the cache does not know them already. */
  const images = new Set<string>()
  const sourceNames: string[] = []
  for (const name of names) {
    const isImage = IMAGE.test(name)
    if (!isImage && sourceNames.length >= MAX_SOURCES) {
      fileProblem(
        name,
        `is one file too many; expected at most ${MAX_SOURCES} articles and events in one folder`,
      )
      break
    }
    if (isImage && !name.startsWith('images/')) {
      fileProblem(
        name,
        'is an image outside content/images; expected it in content/images (then write images/…)',
        'warning',
      )
    } else if (isImage) {
      images.add(name)
    } else {
      sourceNames.push(name)
    }
  }
  // Read several at a time (the disk waits, not the processor), kept in name order.
  const read = readerInside(dir)
  const contents = new Array<string | undefined>(sourceNames.length)
  let next = 0
  const reader = async (): Promise<void> => {
    while (next < sourceNames.length) {
      const i = next++
      const name = sourceNames[i] as string
      let bytes: Buffer
      try {
        bytes = await read(join(dir, ...name.split('/')), MAX_SOURCE_BYTES)
      } catch (error) {
        if (!(error instanceof UnsafeFileError)) throw error
        fileProblem(name, error.message)
        continue
      }
      try {
        contents[i] = decoder.decode(bytes).replace(/^\uFEFF/, '')
      } catch {
        fileProblem(name, 'is not UTF-8 text; expected the file saved as UTF-8 (any editor offers it)')
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, reader))
  sourceNames.forEach((name, i) => {
    const text = contents[i]
    if (text !== undefined) texts.set(name, text)
  })

  const parsedOnce = <T>(name: string, key: string, parse: (sink: SourceProblem[]) => T): T => {
    const hit = options.memo?.entries.get(name)
    if (hit && hit.key === key) {
      problems.push(...hit.problems)
      return hit.value as T
    }
    const sink: SourceProblem[] = []
    const value = parse(sink)
    options.memo?.entries.set(name, { key, problems: sink, value })
    problems.push(...sink)
    return value
  }
  if (options.memo)
    for (const name of options.memo.entries.keys()) if (!texts.has(name)) options.memo.entries.delete(name)

  // Settings first: the time zone reads the articles' dates.
  const settingsFile = (name: string, what: string): Fields | undefined => {
    const text = texts.get(name)
    return text === undefined ? undefined : new SourceFile(display(name), text, problems).parseMapping(what)
  }
  const siteText = texts.get('site.yaml')
  const site = settingsFile('site.yaml', 'the newsletter settings: title:, language:, …')
  const settings = site ? readSite(site) : undefined
  if (siteText === undefined)
    fileProblem('site.yaml', 'is missing; expected the newsletter settings (title:, language:, time_zone:)')
  const timeZone = settings?.timeZone ?? 'Asia/Shanghai'

  /** An importer's "Imported from …" note still in a published file: nobody has reviewed it yet. */
  const importNote = (name: string, text: string): void => {
    const head = name.endsWith('.md') ? (/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '') : text
    const note = IMPORT_NOTE.exec(head)
    if (!note) return
    const offset = name.endsWith('.md') ? text.indexOf('\n') + 1 : 0
    const line = text.slice(0, offset + note.index).split('\n').length
    problems.push({
      severity: 'warning',
      file: display(name),
      line,
      column: 1,
      message:
        'still has the importer\'s note ("# Imported from …"); check the file, then delete those lines (to review before publishing)',
      review: true,
    })
  }

  // Articles and events.
  const articles: ArticleSource[] = []
  const drafts: ArticleSource[] = []
  const bySlug = new Map<string, Map<Language, ArticleSource>>()
  const unreadable = new Set<string>()
  const events = new Map<string, { file: string; event: Record<string, unknown> | undefined }>()
  for (const [name, text] of texts) {
    if (name === 'site.yaml' || name === 'office.yaml') continue
    const article = ARTICLE_PATH.exec(name)
    const event = EVENT_PATH.exec(name)
    if (article) {
      const [, slug = '', tag = ''] = article
      const language = tag.toLowerCase().split('-')[0]
      if (!SLUG.test(slug) || !isPathSafeId(`${slug}-en`)) {
        fileProblem(
          name,
          `is in a folder named "${slug}"; expected a slug of lower-case letters, digits and hyphens, such as climate-tech-2026`,
        )
        continue
      }
      if (language !== 'en' && language !== 'zh') {
        fileProblem(name, `is in language "${tag}"; expected index.en.md (English) or index.zh.md (Chinese)`)
        continue
      }
      const parsed = parsedOnce(name, `${timeZone}\n${text}`, (sink) =>
        parseArticle(display(name), text, slug, language, timeZone, sink),
      )
      if (!parsed) {
        // Its problems say why; the other language is not "alone" because of it.
        unreadable.add(`${slug}/${language}`)
        continue
      }
      parsed.file.reportTo(problems)
      if (parsed.draft && !options.includeDrafts) {
        // Checked like any article, never published.
        result.summary.drafts++
        drafts.push(parsed)
        continue
      }
      importNote(name, text)
      articles.push(parsed)
      const pair = bySlug.get(slug) ?? new Map<Language, ArticleSource>()
      bySlug.set(slug, pair)
      if (pair.has(language))
        fileProblem(name, `is a second ${language} version of ${slug}; expected one file per language`)
      pair.set(language, parsed)
    } else if (event) {
      const uid = event[1] ?? ''
      if (!SLUG.test(uid)) {
        fileProblem(
          name,
          `is named "${uid}"; expected a uid of lower-case letters, digits and hyphens, such as cmef-2026`,
        )
        continue
      }
      const calendarEvent = parsedOnce(name, text, (sink) => {
        const fields = new SourceFile(display(name), text, sink).parseMapping(
          'the event fields: title:, start:, …',
        )
        return fields ? readEvent(uid, fields) : undefined
      })
      const known = events.get(uid)
      if (known) {
        fileProblem(name, `has the uid ${uid} of ${known.file} too; expected one file per event (rename one)`)
        continue
      }
      events.set(uid, { file: display(name), event: calendarEvent })
      importNote(name, text)
    } else if (name.startsWith('articles/') && name.toLowerCase().endsWith('.md')) {
      fileProblem(
        name,
        'is not where articles go; expected articles/<slug>/index.en.md or articles/<slug>/index.zh.md',
      )
    } else if (name.startsWith('events/')) {
      fileProblem(name, 'is not where events go; expected events/<uid>.yaml')
    } else if (name !== 'README.md' && !name.startsWith('images/')) {
      fileProblem(
        name,
        'is not read by the build; expected site.yaml, office.yaml, articles/…, events/… or images/…',
        'warning',
      )
    }
  }
  for (const [slug, pair] of bySlug) {
    for (const [language, other] of [
      ['en', 'zh'],
      ['zh', 'en'],
    ] as const) {
      const only = pair.get(language)
      if (only && !pair.has(other) && !unreadable.has(`${slug}/${other}`))
        only.file.reportAtLine(
          'warning',
          1,
          1,
          `has no ${other === 'zh' ? 'Chinese' : 'English'} version (articles/${slug}/index.${other}.md); readers of ${other === 'zh' ? 'Chinese' : 'English'} see this one (to review before publishing)`,
          true,
        )
    }
  }

  // Images: only those something links to are published.
  const wanted = new Set<string>()
  const want = (src: string): void => {
    const path = localImagePath(src)
    if (path !== undefined && images.has(path)) wanted.add(path)
  }
  for (const article of [...articles, ...drafts]) {
    if (article.image) want(article.image.target)
    for (const use of article.images) want(use.target)
  }
  const officeText = texts.get('office.yaml')
  const office = settingsFile('office.yaml', 'the office profile: name:, description:, …')
  const account = office?.value('official_account')
  const qr = isMap(account) ? account.get('qr_code') : undefined
  if (typeof qr === 'string') want(qr)
  const published = await publishImages(
    [...wanted].map((path) => ({
      path,
      file: join(dir, ...path.split('/')),
      read: () => read(join(dir, ...path.split('/')), MAX_IMAGE_BYTES),
    })),
    options,
  )
  // Who uses each image, so that a message about one names the articles to look at.
  const users = new Map<string, string[]>()
  for (const article of [...articles, ...drafts])
    for (const src of [article.image?.target, ...article.images.map((use) => use.target)]) {
      const path = src === undefined ? undefined : localImagePath(src)
      if (path !== undefined && !(users.get(path) ?? []).includes(article.file.name))
        users.set(path, [...(users.get(path) ?? []), article.file.name])
    }
  for (const failure of published.failures) {
    const usedBy = users.get(failure.path)
    const by = usedBy ? `, used by ${usedBy.join(', ')}` : ''
    fileProblem(
      failure.path,
      /\.hei[cf]$/i.test(failure.path)
        ? `is a HEIC photo (an iPhone's format), which the build cannot read${by}; expected it exported as JPEG (on the iPhone: share it, Options, "Most Compatible"; or Settings, Camera, Formats)`
        : `could not be read as an image (${failure.message})${by}; expected a JPEG, PNG, WebP, GIF, TIFF or SVG file of at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB and ${MAX_PIXELS / 1_000_000} megapixels (export a smaller copy of a larger one)`,
    )
  }
  const failed = new Set(published.failures.map((f) => f.path))
  result.summary.images = published.images.size
  result.summary.encoded = published.encoded
  const imageOf = (src: string): PublishedImage | undefined => {
    const path = localImagePath(src)
    return path === undefined ? undefined : published.images.get(path)
  }

  // Render, now that every slug, uid and image is known. Only the images of what is published are published.
  const usedImages = new Set<string>()
  const lookUp = (src: string, mark: boolean, large: boolean) => {
    const path = localImagePath(src)
    if (path !== undefined && failed.has(path)) return 'failed' as const
    const image = imageOf(src)
    if (!image) return undefined
    if (mark) usedImages.add(image.main.path)
    if (mark && large && image.large) usedImages.add(image.large.path)
    return {
      url: image.main.path,
      width: image.main.width,
      height: image.main.height,
      bytes: image.main.bytes,
      ...(large && image.large ? { large: image.large.path } : {}),
    }
  }
  const languages = (list: ArticleSource[]) => {
    const out = new Map<string, Set<Language>>()
    for (const a of list) out.set(a.slug, (out.get(a.slug) ?? new Set<Language>()).add(a.language))
    return out
  }
  const context = {
    articles: languages(articles),
    events: new Set(events.keys()),
    image: (src: string, large = false) => lookUp(src, true, large),
  }
  // A draft may link to another draft; it is checked, then left out.
  const draftContext = {
    ...context,
    articles: languages([...articles, ...drafts]),
    image: (src: string, large = false) => lookUp(src, false, large),
  }
  for (const draft of drafts) renderArticle(draft, draftContext)
  const items: Array<{ item: Record<string, unknown>; file: string }> = []
  for (const article of articles) {
    const { item, imageBytes } = renderArticle(article, context)
    items.push({ item, file: article.file.name })
    result.summary.imageBytes.push({ id: article.id, bytes: imageBytes })
    const budget = settings?.imageBudgetBytes ?? 400 * 1024
    if (imageBytes > budget)
      article.file.reportAtLine(
        'warning',
        1,
        1,
        `has ${Math.round(imageBytes / 1024)} KB of images; expected at most ${Math.round(budget / 1024)} KB (image_budget_kb in site.yaml): fewer or smaller images load faster on a phone`,
      )
  }
  result.summary.imageBytes.sort((a, b) => b.bytes - a.bytes || (a.id < b.id ? -1 : 1))
  // Newest first, as a feed is read; ties by id, so the order never depends on the file system.
  items.sort((a, b) => {
    const da = Date.parse(String(a.item.date_published))
    const db = Date.parse(String(b.item.date_published))
    return db - da || (String(a.item.id) < String(b.item.id) ? -1 : 1)
  })

  const officeDoc = office
    ? readOffice(office, (src, at) => {
        const image = imageOf(src)
        if (image) usedImages.add(image.main.path)
        if (!image)
          office.file.report(
            'error',
            at,
            `qr_code ${src} was not found; expected an image in content/images, such as images/qr.png`,
          )
        return image?.main.path
      })
    : undefined
  if (officeText === undefined)
    fileProblem('office.yaml', 'is missing; expected the office profile (name:, description:, …)')

  const entries = [...events.values()]
  const eventList = entries.flatMap((e) => (e.event ? [{ event: e.event, file: e.file }] : []))
  eventList.sort((a, b) => {
    const sa = typeof a.event.start === 'string' ? a.event.start : '~'
    const sb = typeof b.event.start === 'string' ? b.event.start : '~'
    return sa < sb ? -1 : sa > sb ? 1 : String(a.event.uid) < String(b.event.uid) ? -1 : 1
  })
  const newest = eventList
    .map((e) => String(e.event.updated))
    .sort()
    .pop()

  result.summary.articles = articles.length
  result.summary.events = eventList.length
  result.site = settings
  if (settings && officeDoc) {
    const documents = {
      feed: { ...feedHead(settings), items: items.map((i) => i.item) },
      events: {
        '@type': 'Group',
        uid: 'bcecc-events',
        ...(newest !== undefined ? { updated: newest } : {}),
        title: settings.eventsTitle,
        locale: settings.language,
        entries: eventList.map((e) => e.event),
      },
      office: officeDoc,
    }
    // The compiled documents must pass the same schemas as any endpoint (a net under the checks above, cast only
    // when they found nothing); a failure names the source it came from.
    const check = (kind: DocKind, value: unknown, file: (pointer: string) => string): void => {
      for (const p of checkSchema(kind, value))
        problems.push({
          severity: 'error',
          file: file(p.pointer),
          line: 1,
          column: 1,
          message: `${p.message} (in the published ${kind} document at ${p.pointer})`,
        })
    }
    const source = (list: Array<{ file: string }>, key: string) => (pointer: string) =>
      list[Number(new RegExp(`^/${key}/(\\d+)`).exec(pointer)?.[1] ?? -1)]?.file ?? display('site.yaml')
    if (!problems.some((p) => p.severity === 'error')) {
      check('feed', documents.feed, source(items, 'items'))
      check('events', documents.events, source(eventList, 'entries'))
      check('office', documents.office, () => display('office.yaml'))
    }
    if (!problems.some((p) => p.severity === 'error')) result.documents = documents
  }
  for (const [path, bytes] of [...published.files].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (usedImages.has(path)) result.assets.set(path, bytes)
  result.problems = sortProblems(problems)
  return result
}
