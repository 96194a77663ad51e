// npm run size: the main package's size, all files and only those reachable from app.json (pages, components, the
// custom tab bar, script, WXS and WXSS imports), and an estimate of what an upload weighs once compiled: TypeScript
// without its types and minified, WXML and WXSS minified (project.config.json turns minification on).

import { transformSync } from 'esbuild'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isEntry } from './lib/entry'
import { APP_ROOT, allFiles, bytesOf, reachableFiles } from './lib/app-graph'
import { buildNpm } from './build-npm'
import { generate } from './generate'
import { WECHAT_CI_DIR, compileOfficial } from './lib/wechat-ci'

/**
 * What an upload may weigh once compiled (WeChat allows 2 MB per package): the budget counts the bytes readers
 * download, not the comments of the sources.
 */
export const COMPILED_BUDGET_BYTES = 400 * 1024

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`

/** About what one file weighs once DevTools has compiled and minified it (an estimate: WeChat's own tools differ). */
export function compiledBytes(file: string): number {
  const text = readFileSync(join(APP_ROOT, file), 'utf8')
  if (/\.(ts|js)$/.test(file)) {
    const loader = file.endsWith('.ts') ? 'ts' : 'js'
    return Buffer.byteLength(
      transformSync(text, { loader, minify: true, format: 'cjs', target: 'es2017' }).code,
    )
  }
  if (file.endsWith('.wxss')) {
    // rpx and WXSS's other extensions are plain CSS to the minifier.
    try {
      return Buffer.byteLength(transformSync(text, { loader: 'css', minify: true }).code)
    } catch {
      return Buffer.byteLength(text)
    }
  }
  if (file.endsWith('.wxml'))
    return Buffer.byteLength(
      text
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/>\s+</g, '><')
        .replace(/\s{2,}/g, ' '),
    )
  if (file.endsWith('.json')) return Buffer.byteLength(JSON.stringify(JSON.parse(text)))
  return Buffer.byteLength(text)
}

/** The compiled estimate of a set of files (see compiledBytes). */
export function compiledTotal(files: Iterable<string>): number {
  let total = 0
  for (const file of files) total += compiledBytes(file)
  return total
}

/** The official compiler's number, when it is installed (npm run release installs it): what an upload weighs. */
async function officialSize(): Promise<void> {
  if (!existsSync(join(WECHAT_CI_DIR, 'node_modules', 'miniprogram-ci'))) {
    console.log(
      "official size:    not measured (WeChat's compiler is not installed; npm run release -- --dry-run installs it)",
    )
    return
  }
  await generate()
  const size = await compileOfficial()
  for (const p of size.packages)
    console.log(
      `official size:    ${kb(p.bytes).padStart(10)}  (${p.name === 'main' ? 'main package' : `subpackage ${p.name}`}, WeChat's compiler, minified)`,
    )
}

if (isEntry(__filename)) {
  buildNpm()
  const all = allFiles()
  const reachable = reachableFiles()
  const reachableBytes = bytesOf(reachable)
  console.log(`all files:        ${kb(bytesOf(all)).padStart(10)}  (${all.length} files)`)
  console.log(`reachable files:  ${kb(reachableBytes).padStart(10)}  (${reachable.size} files)`)
  const compiled = compiledTotal(reachable)
  console.log(
    `compiled estimate:${kb(compiled).padStart(10)}  (TypeScript compiled, everything minified)  budget ${kb(COMPILED_BUDGET_BYTES)}`,
  )
  const byFolder = new Map<string, number>()
  for (const f of reachable) {
    const top = f.startsWith('miniprogram_npm/')
      ? f.split('/').slice(0, 4).join('/')
      : (f.split('/').slice(0, 2).join('/') ?? f)
    byFolder.set(top, (byFolder.get(top) ?? 0) + bytesOf([f]))
  }
  for (const [folder, bytes] of [...byFolder].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${kb(bytes).padStart(9)}  ${folder}`)
  }
  if (compiled > COMPILED_BUDGET_BYTES) {
    console.error(`over budget by ${kb(compiled - COMPILED_BUDGET_BYTES)}`)
    process.exit(1)
  }
  void officialSize().catch((error: unknown) => {
    console.error(
      `official size: the compiler failed: ${error instanceof Error ? error.message : String(error)}`,
    )
    process.exit(1)
  })
}
