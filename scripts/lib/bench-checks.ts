// The precompiled schema checks two ways, for `npm run bench`: ours (scripts/lib/schema-codegen.ts, the file
// miniprogram/generated/checks.ts) against ajv's standalone code generation (ajv compiles the same schemas to
// eval-free source). Bytes: each bundled and minified with the format rules it calls, as the package would hold it.
// Speed: every feed item and event of the benchmark payloads checked, median of 21 runs, with and without a JIT.

import Ajv2020 from 'ajv/dist/2020'
import { _ } from 'ajv'
import standaloneCode from 'ajv/dist/standalone'
import { buildSync } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')
const SCHEMA_DIR = join(ROOT, 'content', 'schema')
const RUNNER = join(__dirname, 'bench-checks-run.ts')

/** The checks the app runs, by the names of generated/checks.ts, as schema references. */
const ROOTS = {
  feed: 'urn:bcecc:schema:feed',
  feedItem: 'urn:bcecc:schema:feed#/$defs/item',
  events: 'urn:bcecc:schema:events#/$defs/group',
  event: 'urn:bcecc:schema:events#/$defs/event',
  office: 'urn:bcecc:schema:office',
}

/** ajv's standalone module for the same checks, its formats taken from the app's own rules. */
function ajvStandalone(dir: string): string {
  const ajv = new Ajv2020({
    strict: false,
    code: { source: true, esm: false, lines: false, optimize: true, formats: _`require("./formats")` },
  })
  for (const name of ['date-time', 'local-date-time', 'duration']) ajv.addFormat(name, () => true)
  for (const kind of ['feed', 'events', 'office'])
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8')) as object)
  const file = join(dir, 'ajv-checks.js')
  writeFileSync(file, standaloneCode(ajv, ROOTS))
  // ajv's code calls require("./formats")[name]: the app's own format rules, the same that ours call.
  writeFileSync(
    join(dir, 'formats.ts'),
    `import { FORMATS } from ${JSON.stringify(join(ROOT, 'miniprogram', 'core', 'json-schema'))}\n` +
      'export = FORMATS\n',
  )
  return file
}

function bundle(entry: { file: string } | { source: string; dir: string }, out: string): number {
  buildSync({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: entry.dir, loader: 'ts' } }),
    bundle: true,
    format: 'cjs',
    target: 'es2017',
    minify: true,
    charset: 'utf8',
    nodePaths: [join(ROOT, 'node_modules')],
    outfile: out,
    logLevel: 'error',
  })
  return Buffer.byteLength(readFileSync(out))
}

export interface ChecksComparison {
  oursBytes: number
  ajvBytes: number
  /** Milliseconds to check the payload's items, by mode. */
  speed: Array<{ payload: string; jitless: boolean; oursMs: number; ajvMs: number }>
}

export interface CheckBundles {
  /** CommonJS files exporting CHECKS (ours) and ajv's functions under the same names. */
  ours: string
  ajv: string
  oursBytes: number
  ajvBytes: number
}

/** Both sets of checks bundled and minified into `dir`. */
export function bundleChecks(dir: string): CheckBundles {
  const ajvSource = ajvStandalone(dir)
  const [ours, ajv] = [join(dir, 'ours.bundle.js'), join(dir, 'ajv.bundle.js')]
  const ajvBytes = bundle({ file: ajvSource }, ajv)
  const oursBytes = bundle(
    {
      source: `export { CHECKS } from ${JSON.stringify(join(ROOT, 'miniprogram', 'generated', 'checks'))}`,
      dir,
    },
    ours,
  )
  return { ours, ajv, oursBytes, ajvBytes }
}

export function compareChecks(): ChecksComparison {
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-checks-'))
  const { ours, ajv, oursBytes, ajvBytes } = bundleChecks(dir)
  const runner = join(dir, 'run.js')
  buildSync({
    entryPoints: [RUNNER],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: runner,
    logLevel: 'error',
  })
  const speed: ChecksComparison['speed'] = []
  for (const payload of ['typical', 'stress']) {
    for (const jitless of [false, true]) {
      const out = execFileSync(
        process.execPath,
        [...(jitless ? ['--jitless'] : []), runner, payload, ours, ajv],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, BCECC_CONTENT: join(ROOT, '.cache', 'sample') },
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      )
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { oursMs: number; ajvMs: number }
      speed.push({ payload, jitless, oursMs: r.oursMs, ajvMs: r.ajvMs })
    }
  }
  return { oursBytes, ajvBytes, speed }
}

/** Prints the comparison under the benchmark's other tables. */
export function printChecksComparison(): void {
  const c = compareChecks()
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`
  console.log('\nschema checks        ours       ajv standalone   ajv / ours')
  console.log(
    `bytes (minified) ${kb(c.oursBytes).padStart(10)} ${kb(c.ajvBytes).padStart(14)} ${(c.ajvBytes / c.oursBytes).toFixed(2).padStart(10)}×`,
  )
  for (const s of c.speed) {
    const label = `${s.payload} ${s.jitless ? 'jitless' : 'jit'}`
    console.log(
      `${label.padEnd(16)} ${`${s.oursMs.toFixed(2)} ms`.padStart(10)} ${`${s.ajvMs.toFixed(2)} ms`.padStart(14)} ${(s.ajvMs / s.oursMs).toFixed(2).padStart(10)}×`,
    )
  }
}
