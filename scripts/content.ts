// The content tools' command line: `npm run content -- <command>` (run with no command for help). It only reads
// the arguments (Node's util.parseArgs) and calls the tasks of scripts/lib/tasks/; nothing imports it.

import { join, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { BuildError } from './lib/build'
import { isEntry, quietOnClosedPipe } from './lib/entry'
import { buildTask, validateTask } from './lib/tasks/build'
import { editorBuildTask, historyTask, publishTask, rollbackTask } from './lib/tasks/publish'
import { serveSettings, serveTask } from './lib/tasks/serve'
import { importTask, newTask, previewTask } from './lib/tasks/sources'
import { UsageError } from './lib/tasks/usage'

const ROOT = resolve(__dirname, '..')
/** The editors' sources: where new and imported files go (BCECC_CONTENT_DIR points elsewhere, e.g. in tests). */
const CONTENT = process.env.BCECC_CONTENT_DIR ?? join(ROOT, 'content')
const USAGE = `Usage: npm run content -- <command>

  validate <file | dir | http(s) URL>   check documents against the format (content/README.md)
  build <outdir> [--base-url URL] [--page-items N] [--source DIR]
                                        write the static endpoint for a CDN (deterministic) from
                                        content/ (or DIR): articles, events, images, office
  serve [dir]                           serve content (a source folder or a build) on 127.0.0.1:$PORT (8080)
  new article <slug> | new event <uid>  start an article (English and Chinese) or an event, every field explained
  import ics <file | URL> [--all]       events from a calendar export (Outlook, Google, Apple); --all: past ones too
  import docx <file> [--slug S] [--date YYYY-MM-DD]
                                        an article from a Word document, its images into content/images
  import feed <file | URL>              articles from a JSON Feed
  preview <slug>                        pictures of the article and its News card, as the app draws them
  publish [s3://bucket[/prefix]] [--dry-run] [--base-url URL] [--allow-unreviewed] [--editor]
                                        build content/ and upload what changed to S3-compatible storage
                                        (COS, S3, MinIO): the target from site.yaml's publish: (or given), the
                                        key from the environment or .env (docs/publishing.md); refuses errors
                                        and files to review (an importer's note, a missing language) unless
                                        --allow-unreviewed; records the publish; --editor: the hosted
                                        web editor under admin/ too
  editor-build <outdir>                 the web editor as static files for a hosted setup: signs in to the git
                                        host of site.yaml's editor: (docs/publishing.md)
  history [s3://…] [--limit N]          the last publishes: when, which commit, by whom, what changed
  rollback <publish> [s3://…] [--dry-run]
                                        make an earlier publish live again (same upload order as publish)
`

type Options = NonNullable<ParseArgsConfig['options']>

/** A command's arguments: its positionals (between `min` and `max` of them) and its options, strictly. */
function read(
  command: string,
  args: string[],
  [min, max]: [number, number],
  expected: string,
  options: Options = {},
): { positionals: string[]; values: Record<string, string | boolean | undefined> } {
  let parsed
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const { positionals, values } = parsed
  if (positionals.length < min || positionals.length > max)
    throw new UsageError(`${command} takes ${expected}`)
  return { positionals, values: values as Record<string, string | boolean | undefined> }
}

const text = (value: string | boolean | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined

/** A whole number of at least 1, or undefined when the option is absent. */
function count(value: string | boolean | undefined, what: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (typeof value !== 'string' || !Number.isFinite(n) || n < 1)
    throw new UsageError(`${what} takes a number of at least 1`)
  return Math.floor(n)
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  validate: (args) =>
    validateTask(read('validate', args, [1, 1], 'one file, folder or URL').positionals[0] ?? ''),
  build: (args) => {
    const { positionals, values } = read('build', args, [1, 1], 'an output folder', {
      'base-url': { type: 'string' },
      'page-items': { type: 'string' },
      source: { type: 'string' },
    })
    const baseUrl = text(values['base-url'])
    const pageItems = count(values['page-items'], '--page-items')
    return buildTask(positionals[0] ?? '', resolve(text(values.source) ?? CONTENT), {
      ...(baseUrl ? { baseUrl } : {}),
      ...(pageItems ? { pageItems } : {}),
    })
  },
  serve: (args) => {
    const [dir] = read('serve', args, [0, 1], 'at most one folder').positionals
    return serveTask(resolve(dir ?? CONTENT), serveSettings(process.env))
  },
  new: (args) => {
    const [kind = '', name = ''] = read('new', args, [2, 2], 'article <slug> or event <uid>').positionals
    return newTask(kind, name, CONTENT)
  },
  import: (args) => {
    const { positionals, values } = read(
      'import',
      args,
      [2, 2],
      'a kind (ics, docx, feed) and a file or URL',
      {
        slug: { type: 'string' },
        date: { type: 'string' },
        all: { type: 'boolean' },
      },
    )
    const [kind = '', input = ''] = positionals
    const slug = text(values.slug)
    const date = text(values.date)
    return importTask(kind, input, CONTENT, {
      ...(slug !== undefined ? { slug } : {}),
      ...(date !== undefined ? { date } : {}),
      all: values.all === true,
    })
  },
  preview: (args) =>
    previewTask(
      read('preview', args, [1, 1], 'the slug of an article (its folder in content/articles)')
        .positionals[0] ?? '',
      CONTENT,
    ),
  publish: (args) => {
    const { positionals, values } = read('publish', args, [0, 1], 'at most one target', {
      'dry-run': { type: 'boolean' },
      'allow-unreviewed': { type: 'boolean' },
      'base-url': { type: 'string' },
      editor: { type: 'boolean' },
    })
    const [target] = positionals
    const baseUrl = text(values['base-url'])
    return publishTask(CONTENT, {
      ...(target ? { target } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      dryRun: values['dry-run'] === true,
      allowUnreviewed: values['allow-unreviewed'] === true,
      editor: values.editor === true,
    })
  },
  'editor-build': (args) =>
    editorBuildTask(
      CONTENT,
      read('editor-build', args, [1, 1], 'the folder to write the web editor to').positionals[0] ?? '',
    ),
  history: (args) => {
    const { positionals, values } = read('history', args, [0, 1], 'at most one target', {
      limit: { type: 'string' },
    })
    const [target] = positionals
    return historyTask(CONTENT, {
      ...(target ? { target } : {}),
      limit: count(values.limit, 'history --limit') ?? 20,
    })
  },
  rollback: (args) => {
    const { positionals, values } = read(
      'rollback',
      args,
      [1, 2],
      'the publish to make live again (npm run content -- history lists them)',
      { 'dry-run': { type: 'boolean' } },
    )
    const [id = '', target] = positionals
    return rollbackTask(CONTENT, id, { ...(target ? { target } : {}), dryRun: values['dry-run'] === true })
  },
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  if (command === undefined || command === 'help' || command === '--help') {
    console.log(USAGE)
    return command === undefined ? 2 : 0
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
  try {
    if (!run) throw new UsageError(`unknown command ${command}`)
    return await run(args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`${error.message}\n\n${USAGE}`)
    return 2
  }
}

/** Exits once everything written to stdout and stderr has left (a pipe may not have taken it all yet). */
async function exitAfterOutput(code: number): Promise<never> {
  const drained = (stream: NodeJS.WriteStream): Promise<void> =>
    new Promise((done) => {
      stream.write('', () => done())
    })
  await Promise.all([drained(process.stdout), drained(process.stderr)])
  process.exit(code)
}

if (isEntry(__filename)) {
  quietOnClosedPipe()
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (error: unknown) => {
      console.error(
        error instanceof BuildError
          ? error.message
          : `content tool failed: ${error instanceof Error ? error.message : String(error)}`,
      )
      return exitAfterOutput(1)
    },
  )
}
