// npm start: install what is missing, build miniprogram_npm, build the editors' sources and serve them.

import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ROOT, ensureDeps } from './ensure-deps.mjs'

ensureDeps()
const child = spawn(
  process.execPath,
  [
    join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    join(ROOT, 'scripts', 'start.ts'),
    ...process.argv.slice(2),
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
)
// Ctrl-C reaches the child through the terminal; the parent only waits for it to finish.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => child.kill('SIGTERM'))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
