// The editors' content folder, compiled: site.yaml and office.yaml, articles/<slug>/index.<en|zh>.md,
// events/<uid>.yaml and images/ become the three documents the endpoint publishes (a JSON Feed of every article, the
// JSCalendar Group of events, the office's JSON-LD) and the published images. Every problem is one located line;
// the documents are given only when there is no error.

import { existsSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import type { Documents } from '../documents'
import { checkSchema, type DocKind } from '../schema'
import { readFileInside } from '../safe-fs'
import { ARTICLE_FIELDS, splitFrontMatter } from './articles'
import { ARTICLE_PATH, articles } from './article-collection'
import { EVENT_FIELDS, EVENT_PATH, events } from './event-collection'
import { SourceFile, sortProblems, type SourceProblem } from './fields'
import {
  IMAGE,
  MAX_SOURCE_BYTES,
  SOURCE,
  SourceMemo,
  loadFolder,
  type CompileOptions,
  type SourceFolder,
} from './folder'
import { images } from './image-collection'
import { readSite, type Site } from './office'
import { officeProfile, siteSettings } from './settings'

export { ARTICLE_FIELDS, EVENT_FIELDS, MAX_SOURCE_BYTES, SourceMemo, type CompileOptions }
export { MAX_SOURCES } from './folder'

/** Every collection of the folder, in the order they are read. */
const COLLECTIONS = [siteSettings, officeProfile, articles, events, images]

export interface CompiledContent {
  documents?: Documents
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

/**
 * Compiles the folder: a short driver over its collections. The site's settings first (the articles' dates are read
 * in its time zone), then the articles, events and office; the images they use are encoded; then each renders, now
 * that every slug, uid and image is known, and the documents are checked against the schemas.
 */
export async function compileContent(dir: string, options: CompileOptions = {}): Promise<CompiledContent> {
  const folder = await loadFolder(dir, options)
  warnUnread(folder)
  const site = siteSettings.parse(folder, undefined)
  const parsedArticles = articles.parse(folder, site)
  const parsedEvents = events.parse(folder, site)
  const office = officeProfile.parse(folder, site)
  const wanted = articles.images(parsedArticles)
  for (const path of officeProfile.images(office)) if (!wanted.has(path)) wanted.set(path, [])
  const published = await images.render(images.parse(folder, site), { wanted }, folder)
  // Only the images of what is published are published: rendering marks them.
  const feed = articles.render(
    parsedArticles,
    { events: new Set(parsedEvents.keys()), images: published, site },
    folder,
  )
  const officeDoc = officeProfile.render(office, published, folder)
  const calendar = site ? events.render(parsedEvents, { site }, folder) : undefined
  const documents =
    site && officeDoc && calendar
      ? {
          feed: { ...siteSettings.render(site, undefined, folder), items: feed.items.map((i) => i.item) },
          events: calendar.group,
          office: officeDoc,
        }
      : undefined
  const clean = (): boolean => !folder.problems.some((p) => p.severity === 'error')
  if (documents && calendar && clean())
    checkDocuments(folder, documents, { items: feed.items, entries: calendar.entries })
  return {
    // Typed as documents only once they passed the schemas.
    ...(documents && clean() ? { documents: documents as unknown as Documents } : {}),
    assets: published.assets(),
    problems: sortProblems(folder.problems),
    summary: {
      articles: parsedArticles.published.length,
      drafts: parsedArticles.drafts.length,
      events: [...parsedEvents.values()].filter((e) => e.event).length,
      ...published.counts,
      imageBytes: feed.imageBytes,
    },
    ...(site ? { site } : {}),
  }
}

/** A source file that no collection reads is said (a README aside): it would never reach readers. */
function warnUnread(folder: SourceFolder): void {
  for (const name of folder.texts.keys())
    if (name !== 'README.md' && !COLLECTIONS.some((c) => c.owns(name)))
      folder.fileProblem(
        name,
        'is not read by the build; expected site.yaml, office.yaml, articles/…, events/… or images/…',
        'warning',
      )
}

/**
 * The compiled documents must pass the same schemas as any endpoint (a net under the collections' own checks, the
 * only place they are typed as documents); a failure names the source it came from.
 */
function checkDocuments(
  folder: SourceFolder,
  documents: Record<DocKind, unknown>,
  sources: { items: Array<{ file: string }>; entries: Array<{ file: string }> },
): void {
  const fallback = folder.display('site.yaml')
  const source = (list: Array<{ file: string }>, key: string) => (pointer: string) =>
    list[Number(new RegExp(`^/${key}/(\\d+)`).exec(pointer)?.[1] ?? -1)]?.file ?? fallback
  const fileOf: Record<DocKind, (pointer: string) => string> = {
    feed: source(sources.items, 'items'),
    events: source(sources.entries, 'entries'),
    office: () => folder.display('office.yaml'),
  }
  for (const kind of ['feed', 'events', 'office'] as const)
    for (const p of checkSchema(kind, documents[kind]))
      folder.problems.push({
        severity: 'error',
        file: fileOf[kind](p.pointer),
        line: 1,
        column: 1,
        message: `${p.message} (in the published ${kind} document at ${p.pointer})`,
      })
}
