// npm run bench: parse + validate + normalise of the feed and events against JSON.parse alone, median of 41 runs
// after warm-up, in normal Node and under --jitless (a proxy for iOS, which runs mini program JS without a JIT).
// Prints ratios; the target is at most 3.0 for both payloads in both modes.

import { execFileSync } from 'node:child_process'
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

function run(payload: string, jitless: boolean): Result {
  const flags = [...(jitless ? ['--jitless'] : []), '--import', 'tsx', RUNNER, payload]
  const out = execFileSync(process.execPath, flags, { cwd: join(__dirname, '..'), encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Result
}

if (isEntry(__filename)) {
  console.log('payload   size       mode      JSON.parse   pipeline   ratio')
  let worst = 0
  for (const payload of ['typical', 'stress']) {
    for (const jitless of [false, true]) {
      const r = run(payload, jitless)
      const ratio = r.pipelineMs / r.jsonParseMs
      worst = Math.max(worst, ratio)
      console.log(
        `${payload.padEnd(9)} ${`${(r.bytes / 1024).toFixed(0)} KB`.padEnd(10)} ${(jitless ? 'jitless' : 'jit').padEnd(9)} ${`${r.jsonParseMs.toFixed(2)} ms`.padStart(10)} ${`${r.pipelineMs.toFixed(2)} ms`.padStart(10)}   ${ratio.toFixed(2)}×`,
      )
    }
  }
  console.log(`\nworst ratio ${worst.toFixed(2)}× (target ≤ ${TARGET.toFixed(1)}×): ${worst <= TARGET ? 'within target' : 'OVER TARGET'}`)
}
