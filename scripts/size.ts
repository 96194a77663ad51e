// npm run size: what each package weighs. The estimate (scripts/lib/package-size.ts: every reachable file compiled
// and minified, plus the runtime helpers WeChat's compiler adds) always; the official compiler's own figure when it
// is installed (npm run release -- --dry-run installs it). `-- --record` writes the official figure down
// (scripts/lib/official-size.json), which a test holds the estimate to.

import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isEntry } from './lib/entry'
import { allFiles, bytesOf, reachableFiles } from './lib/app-graph'
import { MAIN_BUDGET_BYTES, OFFICIAL_RECORD, estimatePackages, readOfficialRecord } from './lib/package-size'
import { WECHAT_CI_DIR, compileOfficial } from './lib/wechat-ci'
import { buildNpm } from './build-npm'
import { generate } from './generate'

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`
const label = (name: string): string => (name === 'main' ? 'main package' : `subpackage ${name}`)

async function main(): Promise<number> {
  const record = process.argv.includes('--record')
  buildNpm()
  await generate()
  const all = allFiles()
  const reachable = reachableFiles()
  console.log(`all files:          ${kb(bytesOf(all)).padStart(10)}  (${all.length} files)`)
  console.log(
    `reachable files:    ${kb(bytesOf(reachable)).padStart(10)}  (${reachable.size} files, sources)`,
  )
  const estimates = estimatePackages()
  const written = readOfficialRecord()
  for (const p of estimates)
    console.log(
      `estimate:           ${kb(p.bytes).padStart(10)}  (${label(p.name)}, compiled and minified${p.helpers.length ? `, with ${p.helpers.length} compiler helpers` : ''})`,
    )
  const mainEstimate = estimates[0]?.bytes ?? 0
  console.log(
    `budget:             ${kb(MAIN_BUDGET_BYTES).padStart(10)}  (main package, docs/performance.md)`,
  )
  if (!existsSync(join(WECHAT_CI_DIR, 'node_modules', 'miniprogram-ci'))) {
    console.log(
      `official size:      not measured here (WeChat's compiler is not installed; npm run release -- --dry-run installs it); last written down: main ${kb(written.packages.main ?? 0)} with ${written.compiler} on ${written.measured}`,
    )
    if (record) {
      console.error('--record needs the official compiler')
      return 1
    }
    return mainEstimate > MAIN_BUDGET_BYTES ? 1 : 0
  }
  const size = await compileOfficial()
  for (const p of size.packages)
    console.log(
      `official size:      ${kb(p.bytes).padStart(10)}  (${label(p.name)}, WeChat's compiler, minified)`,
    )
  const official = size.packages.find((p) => p.name === 'main')?.bytes ?? 0
  console.log(
    `estimate vs official: ${(((mainEstimate - official) / official) * 100).toFixed(1)}% (main package)`,
  )
  if (record) {
    const version = (await import(join(WECHAT_CI_DIR, 'node_modules', 'miniprogram-ci', 'package.json'))) as {
      version: string
    }
    writeFileSync(
      OFFICIAL_RECORD,
      `${JSON.stringify(
        {
          compiler: `miniprogram-ci ${version.version}`,
          measured: new Date().toISOString().slice(0, 10),
          packages: Object.fromEntries(size.packages.map((p) => [p.name, p.bytes])),
        },
        null,
        2,
      )}\n`,
    )
    console.log(`written down in ${OFFICIAL_RECORD}`)
  }
  if (official > MAIN_BUDGET_BYTES) {
    console.error(`over budget by ${kb(official - MAIN_BUDGET_BYTES)}`)
    return 1
  }
  return 0
}

if (isEntry(__filename))
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`size: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    },
  )
