// Runs a TypeScript tool of scripts/ the same way on a fresh clone as on a worked-in one: installs what is missing,
// writes the generated code the app's models import (scripts/generate-code.ts, from content/schema alone), then runs
// the tool with tsx. Plain Node: it runs before anything is installed.
//   node scripts/run.mjs <script.ts> [arguments…]     (a script of scripts/, or a path from the root: tests/e2e/…)

import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT, ensureDeps } from './ensure-deps.mjs'

const [script, ...args] = process.argv.slice(2)
if (!script) {
  console.error('usage: node scripts/run.mjs <script.ts> [arguments…]')
  process.exit(2)
}
ensureDeps()
const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const generated = spawnSync(process.execPath, [tsx, join(ROOT, 'scripts', 'generate-code.ts')], {
  cwd: ROOT,
  stdio: 'inherit',
})
if (generated.status !== 0) process.exit(generated.status ?? 1)

const path = script.includes('/') ? join(ROOT, script) : join(ROOT, 'scripts', script)
const child = spawn(process.execPath, [tsx, path, ...args], {
  cwd: process.cwd(),
  stdio: 'inherit',
})
// Ctrl-C reaches the child through the terminal; the parent only waits for it to finish.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => child.kill('SIGTERM'))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
