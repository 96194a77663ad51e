// Installs dependencies when they are missing or older than the lockfile, so that `npm start` and `npm test` work
// on a fresh clone. Plain Node: it runs before anything is installed.

import { execSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

export function ensureDeps() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json')
  const lock = join(ROOT, 'package-lock.json')
  const stale =
    !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000)
  if (!stale) return
  console.log('Installing dependencies (npm ci)…')
  execSync('npm ci --no-audit --no-fund', { cwd: ROOT, stdio: 'inherit' })
}
