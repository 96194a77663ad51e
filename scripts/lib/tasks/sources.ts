// The content tools' tasks that write sources: new, import (ics, docx, feed), and the preview of an article.

import { ImportError, readInput, type ImportReport } from '../importers/common'
import { importDocx } from '../importers/docx'
import { importFeed } from '../importers/feed'
import { importIcs } from '../importers/ics'
import { scaffold } from '../importers/scaffold'
import { escapeControls } from '../validate'
import { UsageError } from './usage'

function printImport(report: ImportReport): void {
  for (const path of report.written) console.log(`wrote ${path}`)
  for (const { path, reason } of report.skipped) console.log(`skipped ${path}: ${reason}`)
  for (const note of report.notes) console.log(`note: ${escapeControls(note)}`)
  if (report.written.length > 0)
    console.log(
      `\n${report.written.length} file${report.written.length === 1 ? '' : 's'} written: review them, then npm run content -- validate content`,
    )
}

/** Starts an article or an event in `root`, every field explained (npm run content -- new). */
export async function newTask(kind: string, name: string, root: string): Promise<number> {
  try {
    const report = await scaffold(kind, name, root)
    printImport(report)
    return report.written.length > 0 ? 0 : 1
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(error.message)
    throw error
  }
}

export interface ImportOptions {
  /** docx: the article's folder name. */
  slug?: string
  /** docx: its date, YYYY-MM-DD. */
  date?: string
  /** ics: past events too. */
  all?: boolean
}

/** Imports a calendar export, a Word document or a JSON Feed into `root` (npm run content -- import). */
export async function importTask(
  kind: string,
  input: string,
  root: string,
  { slug, date, all = false }: ImportOptions = {},
): Promise<number> {
  if (!['ics', 'docx', 'feed'].includes(kind))
    throw new UsageError(`import ${kind}: expected ics, docx or feed`)
  if ((slug !== undefined || date !== undefined) && kind !== 'docx')
    throw new UsageError(`--slug and --date are for import docx, not import ${kind}`)
  if (all && kind !== 'ics') throw new UsageError(`--all is for import ics, not import ${kind}`)
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new UsageError(`--date ${date}: expected YYYY-MM-DD`)
  try {
    const { bytes, name } = await readInput(input)
    let report: ImportReport
    if (kind === 'ics')
      report = await importIcs(bytes.toString('utf8'), name, {
        root,
        includePast: all,
      })
    else if (kind === 'docx') {
      report = await importDocx(bytes, name, {
        root,
        ...(slug ? { slug } : {}),
        ...(date ? { date } : {}),
      })
    } else if (kind === 'feed')
      report = await importFeed(bytes, name, {
        root,
        ...(/^https?:/i.test(input) ? { url: input } : {}),
      })
    else throw new UsageError(`import ${kind}: expected ics, docx or feed`)
    printImport(report)
    return 0
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(escapeControls(error.message))
      return 1
    }
    throw error
  }
}

/** Pictures of an article and its News card, as the app draws them (npm run content -- preview). */
export async function previewTask(slug: string, root: string): Promise<number> {
  const { previewArticle: render } = await import('../../preview')
  return render(slug, root)
}
