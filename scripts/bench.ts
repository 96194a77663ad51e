// npm run bench: parse + validate + normalise of the feed and events against JSON.parse alone, median of 41 runs
// after warm-up, in normal Node and under --jitless (a proxy for iOS, which runs mini program JS without a JIT).
// Prints ratios; the target is at most 3.0 for both payloads in both modes. Then the HTML sanitiser and plain-text
// summary on hostile HTML of 16 KB and 64 KB: linear time means a growth of about 4× (quadratic would be 16×).
// Then our precompiled schema checks against ajv's standalone code for the same schemas (bytes and speed), and the
// content build.

import { buildSync } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { plainText, sanitizeHtml } from '../miniprogram/core/html'
import { installFullDecoder } from '../miniprogram/core/entities'
import { decodeHTML, decodeHTMLAttribute } from 'entities/decode'
import { isEntry } from './lib/entry'
import { buildBench } from './lib/bench-build'
import { printChecksComparison } from './lib/bench-checks'
import { generate } from './generate'

/** The pipeline's budget against JSON.parse of the same text, per payload (docs/performance.md). */
const TARGETS: Record<string, number> = { typical: 2.5, stress: 3 }
/** Each payload and mode runs this many times, in processes of their own; the best round counts. */
const ROUNDS = 5
// Article bodies are decoded with the full table of character references, as the article page has it.
installFullDecoder({ decodeHTML, decodeHTMLAttribute })
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
    env: { ...process.env, BCECC_CONTENT: join(__dirname, '..', '.cache', 'sample') },
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Result
}

/** Hostile HTML of about `bytes` bytes, the shapes that once took quadratic time or overflowed the stack. */
const HOSTILE_HTML: Record<string, (bytes: number) => string> = {
  "'<b ' repeated": (n) => '<b '.repeat(n / 3),
  "'<' repeated": (n) => '<'.repeat(n),
  'unclosed quotes': (n) => '<a title="x <b>'.repeat(n / 16),
  'deep nesting': (n) => '<table><tr><td>'.repeat(n / 30) + 'x' + '</td></tr></table>'.repeat(n / 30),
  'stray end tags': (n) => '<b>'.repeat(n / 8) + '</i>'.repeat(n / 8),
}

/** Milliseconds per call: as many calls as fit in 200 ms, the median of five such rounds. */
function msPerCall(fn: () => void): number {
  const rounds: number[] = []
  for (let round = 0; round < 5; round++) {
    let calls = 0
    const start = performance.now()
    while (performance.now() - start < 200) {
      fn()
      calls++
    }
    rounds.push((performance.now() - start) / calls)
  }
  return rounds.sort((a, b) => a - b)[2] ?? NaN
}

function hostileHtml(): void {
  console.log('\nhostile HTML        16 KB      64 KB      growth (linear ≈ 4×, quadratic ≈ 16×)')
  let worst = 0
  for (const [name, make] of Object.entries(HOSTILE_HTML)) {
    const [small, large] = [16 * 1024, 64 * 1024].map((bytes) => {
      const html = make(bytes)
      return msPerCall(() => {
        sanitizeHtml(html, 'https://cdn.example.com/feed.json')
        plainText(html, 1_000_000)
      })
    }) as [number, number]
    const growth = large / small
    worst = Math.max(worst, growth)
    console.log(
      `${name.padEnd(18)} ${`${small.toFixed(3)} ms`.padStart(10)} ${`${large.toFixed(3)} ms`.padStart(10)}   ${growth.toFixed(1)}×`,
    )
  }
  console.log(`worst growth ${worst.toFixed(1)}× for 4× the input: ${worst < 8 ? 'linear' : 'SUPERLINEAR'}`)
}

async function main(): Promise<void> {
  // The payloads come from the sample content compiled from content/.
  await generate()
  const script = bundle()
  console.log(`payload   size       mode      JSON.parse   pipeline   ratio   (best of ${ROUNDS} rounds)`)
  const over: string[] = []
  for (const payload of ['typical', 'stress']) {
    for (const jitless of [false, true]) {
      const rounds = Array.from({ length: ROUNDS }, () => run(script, payload, jitless))
      const r = rounds.reduce((best, next) =>
        next.pipelineMs / next.jsonParseMs < best.pipelineMs / best.jsonParseMs ? next : best,
      )
      const ratio = r.pipelineMs / r.jsonParseMs
      const target = TARGETS[payload] ?? 3
      if (ratio > target)
        over.push(`${payload} ${jitless ? 'jitless' : 'jit'} ${ratio.toFixed(2)}× > ${target}×`)
      console.log(
        `${payload.padEnd(9)} ${`${(r.bytes / 1024).toFixed(0)} KB`.padEnd(10)} ${(jitless ? 'jitless' : 'jit').padEnd(9)} ${`${r.jsonParseMs.toFixed(2)} ms`.padStart(10)} ${`${r.pipelineMs.toFixed(2)} ms`.padStart(10)}   ${ratio.toFixed(2)}×  (target ≤ ${target}×)`,
      )
    }
  }
  console.log(over.length === 0 ? '\nevery ratio within its target' : `\nOVER TARGET: ${over.join('; ')}`)
  hostileHtml()
  printChecksComparison()
  await buildBench()
}

if (isEntry(__filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
