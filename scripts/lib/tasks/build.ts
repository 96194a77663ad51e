// The content tools' build and validate tasks (npm run content -- build | validate), with the reports they print.

import { relative, resolve } from 'node:path'
import { BuildError, buildSite, type Site } from '../build'
import { PublishedFolderError, readPublishedFolder } from '../published-folder'
import { holdsOtherFiles, replaceFolder } from './output'
import { IMAGE_CACHE } from '../publishing'
import { type SourceMemo, compileContent, isSourceFolder, type CompiledContent } from '../sources'
import { formatSourceProblem } from '../sources/fields'
import { formatProblem, validateTarget, type Report } from '../validate'

export function printReport(
  report: Report,
  target: string,
  out: (line: string) => void = console.log,
): boolean {
  const errors = report.problems.filter((p) => p.severity === 'error')
  const warnings = report.problems.length - errors.length
  for (const p of report.problems) out(formatProblem(p))
  const docs = `${report.docs.length} document${report.docs.length === 1 ? '' : 's'}`
  if (errors.length === 0) out(`valid: ${target} (${docs}, ${warnings} warning${warnings === 1 ? '' : 's'})`)
  else
    out(
      `invalid: ${target} (${docs}, ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`,
    )
  return errors.length === 0
}

/** A progress line on a terminal (images take a while), nothing in CI or a pipe. */
export function progress(label: string): ((done: number, total: number) => void) | undefined {
  const stream = process.stderr
  if (!stream.isTTY || process.env.CI) return undefined
  return (done, total) => {
    stream.write(`\r${label} ${done}/${total}`)
    if (done === total) stream.write('\r\x1b[K')
  }
}

/** A build refused for errors in the sources, with what the compiler found. */
export class SourceErrors extends BuildError {
  constructor(
    message: string,
    readonly compiled: CompiledContent,
  ) {
    super(message)
  }
}

/** Prints the sources' problems, one line each, and a closing line; true when there is no error. */
export function printSourceProblems(
  compiled: CompiledContent,
  target: string,
  out: (line: string) => void = console.log,
): boolean {
  const errors = compiled.problems.filter((p) => p.severity === 'error').length
  const warnings = compiled.problems.length - errors
  for (const p of compiled.problems) out(formatSourceProblem(p))
  const { articles, events, drafts } = compiled.summary
  const counts = `${articles} article${articles === 1 ? '' : 's'}${drafts ? ` (+${drafts} draft${drafts === 1 ? '' : 's'})` : ''}, ${events} event${events === 1 ? '' : 's'}`
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
  out(
    errors === 0
      ? `valid: ${target} (${counts}, ${plural(warnings, 'warning')})`
      : `invalid: ${target} (${counts}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')})`,
  )
  return errors === 0
}

/** Checks a source folder, a file or folder of documents, or a URL; prints every problem; 0 when valid. */
export async function validateTask(target: string): Promise<number> {
  if (!/^https?:/i.test(target) && isSourceFolder(resolve(target))) {
    const compiled = await compileContent(resolve(target), {
      cacheDir: IMAGE_CACHE,
      onProgress: progress('images'),
    })
    return printSourceProblems(compiled, target) ? 0 : 1
  }
  return printReport(await validateTarget(target), target) ? 0 : 1
}

export interface BuildResult {
  site: Site
  compiled?: CompiledContent
}

/**
 * Builds a site from a content folder: the editors' sources (site.yaml, articles/, events/), or a folder of
 * published JSON documents. Content with errors is refused with every problem printed; warnings are printed too.
 */
export async function buildFromSource(
  dir: string,
  options: {
    baseUrl?: string
    pageItems?: number
    cacheDir?: string
    quiet?: boolean
    memo?: SourceMemo
  } = {},
): Promise<BuildResult> {
  const target = relative(process.cwd(), dir) || '.'
  if (isSourceFolder(dir)) {
    const compiled = await compileContent(dir, {
      cacheDir: options.cacheDir ?? IMAGE_CACHE,
      onProgress: progress('images'),
      ...(options.memo ? { memo: options.memo } : {}),
    })
    const { documents } = compiled
    if (!documents) {
      printSourceProblems(compiled, target, console.error)
      throw new SourceErrors(`${target} has errors; nothing was built`, compiled)
    }
    if (!options.quiet) for (const p of compiled.problems) console.error(formatSourceProblem(p))
    const site = buildSite(
      { ...documents, assets: compiled.assets },
      { ...options, baseUrl: options.baseUrl ?? compiled.site?.baseUrl },
    )
    return { site, compiled }
  }
  // A folder of published JSON: checked once by the validator, then built as it is.
  const source = await readPublishedFolder(dir).catch((error: unknown) => {
    if (error instanceof PublishedFolderError) printReport(error.report, dir, console.error)
    throw error
  })
  return { site: buildSite(source, options) }
}

/** Writes the static endpoint for a CDN into `outdir` (an empty folder or an earlier build) from `source`. */
export async function buildTask(
  outdir: string,
  source: string,
  options: { baseUrl?: string; pageItems?: number } = {},
): Promise<number> {
  const out = resolve(outdir)
  if (await holdsOtherFiles(out, 'manifest.json')) {
    console.error(
      `${outdir} is not empty and holds no earlier build (no manifest.json); choose an empty folder`,
    )
    return 1
  }
  const { site, compiled } = await buildFromSource(source, options)
  const total = await replaceFolder(out, site.files)
  const pages = [...site.files.keys()].filter((p) => /^feed(-\d+)?\.json$/.test(p)).length
  console.log(
    `built ${outdir}: ${site.files.size} files, ${total} bytes, ${pages} feed page${pages === 1 ? '' : 's'}`,
  )
  if (compiled) console.log(buildSummary(compiled))
  return 0
}

/** What a build made of the sources: counts, image work, and the articles heaviest in images. */
export function buildSummary(compiled: CompiledContent): string {
  const { articles, drafts, events, images, encoded, imageBytes } = compiled.summary
  const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`
  const heaviest = imageBytes.filter((a) => a.bytes > 0).slice(0, 3)
  return [
    `  ${articles} articles${drafts ? ` (${drafts} drafts left out)` : ''}, ${events} events, ${images} images (${encoded} encoded, ${images - encoded} from the cache)`,
    heaviest.length > 0
      ? `  images per article, heaviest: ${heaviest.map((a) => `${a.id} ${kb(a.bytes)}`).join(', ')}`
      : '  no article has images',
  ].join('\n')
}
