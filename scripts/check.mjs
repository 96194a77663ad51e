// npm test: every check, in order, stopping at the first failure. Plain Node: it installs what is missing first.
// Extra arguments go to jest (npm test -- tests/tools/build.test.ts).

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, ensureDeps } from './ensure-deps.mjs'

ensureDeps()

const bin = (name) => join(ROOT, 'node_modules', '.bin', name)
const tsx = (script) => [bin('tsx'), [join('scripts', script)], {}]
const results = mkdtempSync(join(tmpdir(), 'jest-'))
const jest = (name, args, env = {}) => [
  name,
  bin('jest'),
  ['--maxWorkers=2', '--json', `--outputFile=${join(results, `${name.replace(/\W+/g, '-')}.json`)}`, ...args],
  env,
]
// The tests of dates, time zones and the event pages again, as readers in China, Belgium and the US run them.
const DATE_TESTS = [
  'tests/app/time.test.ts',
  'tests/app/schedule.test.ts',
  'tests/app/occurrences.test.ts',
  'tests/app/pages/events.test.ts',
  'tests/app/pages/event.test.ts',
  'tests/app/pages/saved.test.ts',
]
const extra = process.argv.slice(2)
const steps = [
  ['build miniprogram_npm', ...tsx('build-npm.ts')],
  ['generate schemas and snapshot', ...tsx('generate.ts')],
  ['type-check app', bin('tsc'), ['--noEmit', '-p', '.']],
  ['type-check tests and scripts', bin('tsc'), ['--noEmit', '-p', 'tests']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
  ['format', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ['compile WXML/WXSS', ...tsx('compile-wx.ts')],
  jest('jest', extra),
  ...(extra.length > 0
    ? []
    : ['Asia/Shanghai', 'Europe/Brussels', 'America/New_York'].map((tz) =>
        jest(`jest TZ=${tz}`, DATE_TESTS, { TZ: tz }),
      )),
]

for (const [name, command, args, env] of steps) {
  const started = Date.now()
  console.log(`\n▶ ${name}`)
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (${seconds} s)`)
    process.exit(result.status ?? 1)
  }
  console.log(`✔ ${name} (${seconds} s)`)
}

// One plain closing line for CI: the counts of every jest run.
const counts = { passed: 0, failed: 0, skipped: 0 }
for (const file of readdirSync(results)) {
  const run = JSON.parse(readFileSync(join(results, file), 'utf8'))
  counts.passed += run.numPassedTests
  counts.failed += run.numFailedTests
  counts.skipped += run.numPendingTests
}
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
