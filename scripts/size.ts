// npm run size: the main package's size, all files and only those reachable from app.json.
// TypeScript counts at its source size (DevTools compiles it to JavaScript of about the same size).

import { isEntry } from './lib/entry'
import { allFiles, bytesOf, reachableFiles } from './lib/app-graph'
import { buildNpm } from './build-npm'

export const REACHABLE_BUDGET_BYTES = 512 * 1024

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`

if (isEntry(__filename)) {
  buildNpm()
  const all = allFiles()
  const reachable = reachableFiles()
  const reachableBytes = bytesOf(reachable)
  console.log(`all files:        ${kb(bytesOf(all)).padStart(10)}  (${all.length} files)`)
  console.log(
    `reachable files:  ${kb(reachableBytes).padStart(10)}  (${reachable.size} files)  budget ${kb(REACHABLE_BUDGET_BYTES)}`,
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
  if (reachableBytes > REACHABLE_BUDGET_BYTES) {
    console.error(`over budget by ${kb(reachableBytes - REACHABLE_BUDGET_BYTES)}`)
    process.exit(1)
  }
}
