// Generates what the app needs from content/ (run by npm start and npm test; the output is not committed):
//   miniprogram/generated/schemas.ts, checks.ts
//                                      the schemas and their precompiled checks (scripts/generate-code.ts)
//   miniprogram/generated/snapshot.ts  a small snapshot of the bundled content for a first launch: the first feed
//                                      page's cards (bodies left out), the events and the office
//   .cache/sample/{feed,events,office}.json
//                                      the documents compiled from content/ (every article on one feed page), which
//                                      the tests read as the sample content

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildSite } from './lib/build'
import { isEntry } from './lib/entry'
import { compileContent } from './lib/sources'
import { formatSourceProblem } from './lib/sources/fields'
import { GENERATED, generateCode, snapshotText, writeIfChanged } from './generate-code'

const ROOT = join(__dirname, '..')
const SAMPLE = join(ROOT, '.cache', 'sample')
/** Articles in the snapshot: enough for a first screen in each language. */
const SNAPSHOT_ARTICLES = 12

export async function generate(): Promise<{ schemasBytes: number; snapshotBytes: number }> {
  const schemasBytes = generateCode()

  // The snapshot is the start of the static build: its first feed page (cut to a few articles), events and office,
  // as the raw documents the endpoint serves, so the app reads them through the same models.
  const compiled = await compileContent(join(ROOT, 'content'), {
    cacheDir: join(ROOT, '.cache', 'images'),
    cwd: ROOT,
  })
  if (!compiled.documents)
    throw new Error(
      `content/ has errors, so no snapshot was made:\n${compiled.problems.map(formatSourceProblem).join('\n')}`,
    )
  const source = { ...compiled.documents, assets: compiled.assets }
  // The sample: the documents as published, with every article on the first feed page.
  const whole = buildSite(source, { pageItems: Number.MAX_SAFE_INTEGER, pageBytes: Number.MAX_SAFE_INTEGER })
  mkdirSync(SAMPLE, { recursive: true })
  for (const name of ['feed', 'events', 'office'])
    writeIfChanged(join(SAMPLE, `${name}.json`), whole.files.get(`${name}.json`)?.toString('utf8') ?? '')
  const site = buildSite(source, { pageItems: SNAPSHOT_ARTICLES })
  const doc = (path: string): unknown => JSON.parse(site.files.get(path)?.toString('utf8') ?? 'null')
  // Cards need the title, summary, date, picture and domain; an article's body is fetched when it is opened (it is
  // its own small document). Bodies were half the snapshot, downloaded with the main package on every first launch.
  const feed = doc('feed.json') as { items?: Array<Record<string, unknown>> }
  for (const item of feed.items ?? []) {
    delete item.content_html
    item.content_text = typeof item.summary === 'string' ? item.summary : ''
  }
  const manifest = doc('manifest.json') as { files: Record<string, { sha256: string }> }
  const snapshot = {
    /** Identifies the content the snapshot was made from (a hash of the first feed page). */
    revision: manifest.files['feed.json']?.sha256.slice(0, 16) ?? '',
    feed,
    events: doc('events.json'),
    office: doc('office.json'),
  }
  const text = snapshotText(snapshot)
  writeIfChanged(join(GENERATED, 'snapshot.ts'), text)
  return { schemasBytes, snapshotBytes: Buffer.byteLength(text) }
}

if (isEntry(__filename)) {
  generate().then(
    ({ schemasBytes, snapshotBytes }) =>
      console.log(`generated: schemas.ts ${schemasBytes} B, snapshot.ts ${snapshotBytes} B`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
