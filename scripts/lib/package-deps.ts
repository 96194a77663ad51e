// Tool packages kept out of the root install (the web editor's Decap CMS, WeChat's official compiler): each has its
// own folder, package.json and lockfile, and is installed there on first use, never by npm ci or CI.

import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Installs the packages of `dir` when they are missing or older than its lockfile (`ready` names a file that must
 * exist afterwards); false when that failed.
 */
export function ensurePackageDeps(
  dir: string,
  ready: string,
  what: string,
  log: (line: string) => void,
): boolean {
  const marker = join(dir, 'node_modules', '.package-lock.json')
  const lock = join(dir, 'package-lock.json')
  const stale =
    !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000)
  if (!stale && existsSync(ready)) return true
  log(`Installing ${what} in ${dir.split(/[\\/]/).slice(-1)[0] ?? dir}/, once (about a minute)…`)
  const installed = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
  })
  return installed.status === 0 && existsSync(ready)
}
