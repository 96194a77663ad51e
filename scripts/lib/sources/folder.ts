// The editors' content folder as every collection reads it: its files listed and read once (regular files inside the
// folder only, bounded, UTF-8), problems located by file, parses kept between the builds of one process.

import { join, relative, sep } from 'node:path'
import { TextDecoder } from 'node:util'
import { UnsafeFileError, listFilesInside, readerInside } from '../safe-fs'
import type { SourceProblem } from './fields'

/** The largest Markdown or YAML file read (a long article is about 30 KB). */
export const MAX_SOURCE_BYTES = 1024 * 1024
/** The most articles and events one folder may hold. */
export const MAX_SOURCES = 20_000

// Pictures the build reads (TIFF and AVIF are made JPEG or PNG like the others); HEIC is listed so that an iPhone's
// photo gets a message that says what to do, not "not found".
export const IMAGE = /\.(png|jpe?g|gif|webp|svg|tiff?|avif|heic|heif)$/i
export const SOURCE = /\.(md|ya?ml)$/i

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

/** The folder, loaded: what every collection is given. */
export interface SourceFolder {
  dir: string
  options: CompileOptions
  /** The Markdown and YAML files, by path inside the folder (forward slashes), in name order. */
  texts: ReadonlyMap<string, string>
  /** The pictures under images/, by path. */
  images: ReadonlySet<string>
  /** Every problem found so far (the collections add theirs). */
  problems: SourceProblem[]
  /** A path inside the folder as messages name it. */
  display(path: string): string
  /** A problem with a whole file (line 1). */
  fileProblem(path: string, message: string, severity?: 'error' | 'warning'): void
  /** A file's parse, from the memo when its text (the key) has not changed since the last build. */
  parsedOnce<T>(name: string, key: string, parse: (sink: SourceProblem[]) => T): T
  /** A file's bytes, inside the folder and at most `max` bytes. */
  read(path: string, max: number): Promise<Buffer>
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** Lists and reads the folder: sources as text, pictures by name (read later, only those something uses). */
export async function loadFolder(dir: string, options: CompileOptions = {}): Promise<SourceFolder> {
  const problems: SourceProblem[] = []
  const cwd = options.cwd ?? process.cwd()
  const display = (path: string): string => {
    const rel = relative(cwd, join(dir, path))
    return (rel.startsWith('..') ? join(dir, path) : rel).split(sep).join('/')
  }
  const fileProblem = (path: string, message: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ severity, file: display(path), line: 1, column: 1, message })
  }
  const listing = await listFilesInside(dir, (name) => SOURCE.test(name) || IMAGE.test(name), [
    'schema',
    'node_modules',
  ])
  for (const { path, reason } of listing.refused)
    fileProblem(relative(dir, path).split(sep).join('/'), `${reason}; nothing was built`)
  const { sources, images } = sortFiles(
    listing.files
      .map((f) => relative(dir, f).split(sep).join('/'))
      .filter((name) => !options.skip?.has(name)),
    fileProblem,
  )
  const reader = readerInside(dir)
  const read = (path: string, max: number): Promise<Buffer> => reader(join(dir, ...path.split('/')), max)
  const texts = await readTexts(sources, read, fileProblem)
  if (options.memo)
    for (const name of options.memo.entries.keys()) if (!texts.has(name)) options.memo.entries.delete(name)
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
  return { dir, options, texts, images, problems, display, fileProblem, parsedOnce, read }
}

/** Sources and pictures apart; a picture outside images/ is said, and sources past MAX_SOURCES refused. */
function sortFiles(
  names: string[],
  fileProblem: SourceFolder['fileProblem'],
): { sources: string[]; images: Set<string> } {
  const images = new Set<string>()
  const sources: string[] = []
  for (const name of names) {
    const isImage = IMAGE.test(name)
    if (!isImage && sources.length >= MAX_SOURCES) {
      fileProblem(
        name,
        `is one file too many; expected at most ${MAX_SOURCES} articles and events in one folder`,
      )
      break
    }
    if (isImage && !name.startsWith('images/'))
      fileProblem(
        name,
        'is an image outside content/images; expected it in content/images (then write images/…)',
        'warning',
      )
    else if (isImage) images.add(name)
    else sources.push(name)
  }
  return { sources, images }
}

/** The sources' texts, read several at a time (the disk waits, not the processor) and kept in name order. */
async function readTexts(
  names: string[],
  read: SourceFolder['read'],
  fileProblem: SourceFolder['fileProblem'],
): Promise<Map<string, string>> {
  const contents = new Array<string | undefined>(names.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const i = next++
      const name = names[i] as string
      let bytes: Buffer
      try {
        bytes = await read(name, MAX_SOURCE_BYTES)
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
  await Promise.all(Array.from({ length: 8 }, worker))
  const texts = new Map<string, string>()
  names.forEach((name, i) => {
    const text = contents[i]
    if (text !== undefined) texts.set(name, text)
  })
  return texts
}
