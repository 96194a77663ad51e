// What the importers share: reading the input (a regular file, or an http(s) URL, size-bounded), names for new
// sources, and writing them without ever replacing a file an editor already has.

import { readFileSync } from 'node:fs'
import { mkdir, realpath, writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { NodeHtmlMarkdown } from 'node-html-markdown'
import { Document, parse as parseYaml, stringify } from 'yaml'
import { DEFAULT_TIME_ZONE } from '../sources/events'
import { isTimeZone, toRfc3339 } from '../sources/when'
import { escapeControls } from '../escape'
import { FETCH_TIMEOUT_MS, readBounded } from '../validate'
import { UnsafeFileError, readFileInside } from '../safe-fs'

/** The largest file or download an importer reads. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

export class ImportError extends Error {}

/** Reads a local file (a regular file only) or downloads an http(s) URL, at most `maxBytes`. */
export async function readInput(
  input: string,
  maxBytes = MAX_IMPORT_BYTES,
): Promise<{ bytes: Buffer; name: string }> {
  if (/^https?:\/\//i.test(input)) {
    let response: Response
    try {
      response = await fetch(input, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' })
    } catch (error) {
      throw new ImportError(
        `${input} could not be downloaded (${error instanceof Error ? error.message : 'network error'})`,
      )
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined)
      throw new ImportError(`${input} answered HTTP ${response.status}; expected 200`)
    }
    const bytes = await readBounded(response, maxBytes)
    if (!bytes)
      throw new ImportError(`${input} is larger than ${maxBytes / 1024 / 1024} MB; expected a smaller file`)
    return { bytes, name: basename(new URL(input).pathname) || 'download' }
  }
  const path = resolve(input)
  try {
    return { bytes: await readFileInside(dirname(path), path, maxBytes), name: basename(path) }
  } catch (error) {
    if (error instanceof UnsafeFileError) throw new ImportError(`${input} ${error.message}`)
    throw error
  }
}

/** A slug from any text: lower-case ASCII words joined by hyphens (empty when nothing is left). */
export function slugify(text: string, max = 60): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '')
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g

/** zh when a good part of the letters are Chinese characters, else en. */
export function guessLanguage(text: string): 'en' | 'zh' {
  const cjk = text.match(CJK)?.length ?? 0
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0
  return cjk > 0 && cjk * 3 >= latin ? 'zh' : 'en'
}

/** YAML as the editors read it: no line folding, plain scalars where they are safe. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0 })
}

/**
 * YAML with a note in comments above it (the importers' "Imported from …, review, then delete these lines"),
 * written by the YAML library: text from an imported file (a UID, a file name) stays inside the comment whatever it
 * holds; line breaks and other controls in it are written as \u escapes, so that nothing of it can start a line.
 */
export function toYamlWithNote(value: unknown, note: string[]): string {
  const doc = new Document(value)
  doc.commentBefore = note.map((line) => ` ${escapeControls(line)}`).join('\n')
  return doc.toString({ lineWidth: 0, minContentWidth: 0 })
}

const markdown = new NodeHtmlMarkdown({ bulletMarker: '-', useInlineLinks: true, maxConsecutiveNewlines: 2 })

/** HTML (from Word or a feed) as Markdown: structure kept, styling dropped. */
export function htmlToMarkdown(html: string): string {
  return markdown.translate(html).trim()
}

/** What an import did, one line per file, in the order written. */
export interface ImportReport {
  written: string[]
  skipped: Array<{ path: string; reason: string }>
  notes: string[]
}

export function newReport(): ImportReport {
  return { written: [], skipped: [], notes: [] }
}

/** Folders already made and checked to be inside their content folder, in this process. */
const checkedFolders = new Map<string, boolean>()

/** Writes a new file under `root`; a file that exists is left as it is and reported. */
export async function writeNew(
  root: string,
  path: string,
  data: string | Buffer,
  report: ImportReport,
): Promise<boolean> {
  const file = join(root, ...path.split('/'))
  const shown = relative(process.cwd(), file).split(sep).join('/')
  // Never through a link out of the folder (content/events pointing elsewhere). Checked once per folder: an import
  // of thousands of events writes into the same one.
  const folder = dirname(file)
  let inside = checkedFolders.get(folder)
  if (inside === undefined) {
    await mkdir(folder, { recursive: true })
    const [realRoot, realDir] = await Promise.all([realpath(root), realpath(folder)])
    inside = realDir === realRoot || realDir.startsWith(`${realRoot}${sep}`)
    checkedFolders.set(folder, inside)
  }
  if (!inside) {
    report.skipped.push({
      path: shown,
      reason: 'its folder is a link out of the content folder; nothing written',
    })
    return false
  }
  try {
    // "wx": created only if nothing is there, in one step (no check-then-write race, no stat of its own).
    await writeFile(file, data, { flag: 'wx' })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') {
      report.skipped.push({
        path: shown,
        reason: 'exists; left as it is (delete or rename it to import again)',
      })
      return false
    }
    // The folder went since it was checked: check it again.
    if (code === 'ENOENT' && checkedFolders.delete(folder)) return writeNew(root, path, data, report)
    throw error
  }
  report.written.push(shown)
  return true
}

/** The newsletter's time zone (site.yaml's time_zone in the content folder), else the default. */
function siteTimeZone(root: string): string {
  try {
    const site = parseYaml(readFileSync(join(root, 'site.yaml'), 'utf8')) as { time_zone?: unknown } | null
    const zone = site?.time_zone
    return typeof zone === 'string' && isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE
  } catch {
    return DEFAULT_TIME_ZONE
  }
}

/**
 * An article's date for a day (YYYY-MM-DD): noon in the newsletter's time zone, written whole (2026-12-02T12:00:00+08:00),
 * so that the build reads the same instant as for a bare date and the web editor's picker shows 12:00, not midnight.
 */
export function noonOf(day: string, root: string): string {
  const [year = 1970, month = 1, date = 1] = day.split('-').map(Number)
  return toRfc3339(
    { kind: 'date-time', local: { year, month, day: date, hour: 12, minute: 0, second: 0 } },
    siteTimeZone(root),
  )
}
