// npm test: every check, in order, stopping at the first failure. Plain Node: it installs what is missing first.
// Extra arguments go to jest (npm test -- tests/unit/build.test.ts).

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, ensureDeps } from './ensure-deps.mjs'

ensureDeps()

const bin = (name) => join(ROOT, 'node_modules', '.bin', name)
const tsx = (script) => [bin('tsx'), [join('scripts', script)]]
const steps = [
  ['build miniprogram_npm', ...tsx('build-npm.ts')],
  ['generate schemas and snapshot', ...tsx('generate.ts')],
  ['type-check app', bin('tsc'), ['--noEmit', '-p', '.']],
  ['type-check tests and scripts', bin('tsc'), ['--noEmit', '-p', 'tests']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
  ['format', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ['compile WXML/WXSS', ...tsx('compile-wx.ts')],
  [
    'jest',
    bin('jest'),
    [
      '--maxWorkers=2',
      '--json',
      `--outputFile=${join(mkdtempSync(join(tmpdir(), 'jest-')), 'results.json')}`,
      ...process.argv.slice(2),
    ],
  ],
]

for (const [name, command, args] of steps) {
  const started = Date.now()
  console.log(`\n▶ ${name}`)
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (${seconds} s)`)
    process.exit(result.status ?? 1)
  }
  console.log(`✔ ${name} (${seconds} s)`)
}

// One plain closing line for CI: the counts of the jest run.
const output = steps
  .at(-1)[2]
  .find((a) => a.startsWith('--outputFile='))
  ?.slice('--outputFile='.length)
const results = JSON.parse(readFileSync(output, 'utf8'))
console.log(
  `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`,
)
