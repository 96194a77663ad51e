// Offline "Build npm": what WeChat DevTools does for a package with a "miniprogram" field, which is to copy that
// folder to miniprogram/miniprogram_npm/<name>. Only runtime dependencies are copied. A plain npm package (no
// "miniprogram" field) is bundled instead, from the one entry the app uses (BUNDLED), into one CommonJS file that
// the mini program runtime can require: no eval, ES2017, minified.

import { buildSync } from 'esbuild'
import { isEntry } from './lib/entry'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '..')
export const NPM_DIST = join(ROOT, 'miniprogram', 'miniprogram_npm')

/** Plain npm packages the app uses → what it imports of them (the bundle's exports, and nothing else). */
const BUNDLED: Record<string, string> = {
  // HTML5 character references (all 2231 names, legacy forms without ";"), about 33 KB minified (UTF-8 data).
  entities: "export { decodeHTML, decodeHTMLAttribute } from 'entities/decode'",
}

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
    const target = join(NPM_DIST, name)
    const bundle = BUNDLED[name]
    if (!pkg.miniprogram && bundle !== undefined) {
      rmSync(target, { recursive: true, force: true })
      mkdirSync(target, { recursive: true })
      buildSync({
        stdin: { contents: bundle, resolveDir: ROOT, loader: 'ts' },
        bundle: true,
        format: 'cjs',
        target: 'es2017',
        minify: true,
        // Data tables (entities' decode trie) as UTF-8 characters rather than \u escapes: a third of the bytes.
        charset: 'utf8',
        outfile: join(target, 'index.js'),
        logLevel: 'warning',
      })
      built.push(name)
      return
    }
    if (!pkg.miniprogram)
      throw new Error(`${name} has no "miniprogram" field and no entry in BUNDLED (scripts/build-npm.ts)`)
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
