/** @jest-environment node */
// The README is a map: every file or folder of the project it names in backticks exists (from the root, or inside
// miniprogram/ for the app's own paths such as services/content.ts), so that no renamed file leaves it stale.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')
/** Made by the tools or by a person, not kept in the repository: named in the docs, not always there. */
const MADE =
  /^(\.cache|preview|dist|miniprogram\/miniprogram_npm|editor\/node_modules|wechat-ci\/node_modules)(\/|$)/

function namedPaths(doc: string): string[] {
  const text = readFileSync(join(ROOT, doc), 'utf8')
  const out = new Set<string>()
  for (const [, path = ''] of text.matchAll(/`([A-Za-z0-9_.][A-Za-z0-9_./-]*)`/g)) {
    // Paths of this project: with a folder, and a file ending we keep or a trailing slash (a folder).
    if (!path.includes('/') || path.includes('..') || /^[A-Z][a-z]+\/[A-Z]/.test(path)) continue
    if (!/\.(ts|mjs|js|json|ya?ml|md|wxml|wxss)$|\/$/.test(path)) continue
    if (!MADE.test(path)) out.add(path)
  }
  return [...out]
}

// (The editors' guide names example files an editor would create; only the developers' map is checked.)
test('every project path the README names exists', () => {
  const paths = namedPaths('README.md')
  expect(paths.length).toBeGreaterThan(20)
  const missing = paths.filter(
    (path) => !existsSync(join(ROOT, path)) && !existsSync(join(ROOT, 'miniprogram', path)),
  )
  expect(missing).toEqual([])
})
