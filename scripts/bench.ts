// npm run bench: parse + validate + normalise of the feed and events against JSON.parse alone, median of 41 runs
// after warm-up, in normal Node and under --jitless (a proxy for iOS, which runs mini program JS without a JIT).
// Prints ratios; the target is at most 3.0 for both payloads in both modes.

import { buildSync } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isEntry } from './lib/entry'

const TARGET = 3
const RUNNER = join(__dirname, 'lib', 'bench-run.ts')

interface Result {
  payload: string
  bytes: number
  jsonParseMs: number
  pipelineMs: number
  runs: number
}

/**
 * The runner bundled into one plain JavaScript file, as the app's code runs: compiled, with direct calls between
 * modules (a TypeScript loader would add its own module interop and a loader thread to what is measured).
 */
function bundle(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bcecc-bench-')), 'bench-run.js')
  buildSync({
    entryPoints: [RUNNER],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: file,
    logLevel: 'warning',
  })
  return file
}

function run(script: string, payload: string, jitless: boolean): Result {
  const flags = [...(jitless ? ['--jitless'] : []), script, payload]
  const out = execFileSync(process.execPath, flags, {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    env: { ...process.env, BCECC_CONTENT: join(__dirname, '..', 'content') },
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Result
}

if (isEntry(__filename)) {
  const script = bundle()
  console.log('payload   size       mode      JSON.parse   pipeline   ratio')
  let worst = 0
  for (const payload of ['typical', 'stress']) {
    for (const jitless of [false, true]) {
      const r = run(script, payload, jitless)
      const ratio = r.pipelineMs / r.jsonParseMs
      worst = Math.max(worst, ratio)
      console.log(
        `${payload.padEnd(9)} ${`${(r.bytes / 1024).toFixed(0)} KB`.padEnd(10)} ${(jitless ? 'jitless' : 'jit').padEnd(9)} ${`${r.jsonParseMs.toFixed(2)} ms`.padStart(10)} ${`${r.pipelineMs.toFixed(2)} ms`.padStart(10)}   ${ratio.toFixed(2)}×`,
      )
    }
  }
  console.log(
    `\nworst ratio ${worst.toFixed(2)}× (target ≤ ${TARGET.toFixed(1)}×): ${worst <= TARGET ? 'within target' : 'OVER TARGET'}`,
  )
}
