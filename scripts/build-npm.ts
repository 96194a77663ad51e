// Offline "Build npm": what WeChat DevTools does for a package with a "miniprogram" field, which is to copy that
// folder to miniprogram/miniprogram_npm/<name>. Only runtime dependencies are copied.

import { isEntry } from './lib/entry'
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '..')
export const NPM_DIST = join(ROOT, 'miniprogram', 'miniprogram_npm')

interface PackageJson {
  dependencies?: Record<string, string>
  miniprogram?: string
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson
}

export function buildNpm(): string[] {
  const built: string[] = []
  const visit = (name: string): void => {
    if (built.includes(name)) return
    const dir = join(ROOT, 'node_modules', name)
    if (!existsSync(dir)) throw new Error(`${name} is not installed; run npm ci`)
    const pkg = readPackage(dir)
    if (!pkg.miniprogram)
      throw new Error(
        `${name} has no "miniprogram" field; it would need bundling, which this build does not do`,
      )
    const target = join(NPM_DIST, name)
    rmSync(target, { recursive: true, force: true })
    cpSync(join(dir, pkg.miniprogram), target, { recursive: true })
    built.push(name)
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep)
  }
  for (const name of Object.keys(readPackage(ROOT).dependencies ?? {})) visit(name)
  return built
}

if (isEntry(__filename)) {
  console.log(`miniprogram_npm: ${buildNpm().join(', ')}`)
}
