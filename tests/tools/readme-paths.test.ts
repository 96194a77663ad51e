/** @jest-environment node */
// The README is a map, and the documents it links to hold the details: every file or folder of the project they name
// in backticks exists (from the root, or inside miniprogram/ for the app's own paths such as services/content.ts),
// and every link between them leads to a file that exists, so that no renamed file leaves them stale.

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'

const ROOT = join(__dirname, '..', '..')
/** Made by the tools or by a person, not kept in the repository: named in the docs, not always there. */
const MADE =
  /^(\.cache|preview|dist|\.env|miniprogram\/miniprogram_npm|editor\/decap\/node_modules|wechat-ci\/node_modules)(\/|$)/

/** The developers' map and its documents (the editors' guide names example files an editor would create). */
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]

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

/** The relative links of a document, as paths from the root (anchors dropped). */
function linkedPaths(doc: string): string[] {
  const text = readFileSync(join(ROOT, doc), 'utf8')
  const out: string[] = []
  for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^(https?:|mailto:|#)/.test(target)) continue
    out.push(join(dirname(doc), target.split('#')[0] ?? ''))
  }
  return out
}

/** The paths of the README's tree ("Where things live"): a folder at the left, its entries two spaces in. */
function treePaths(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const tree = /## Where things live\n+```\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
  const out: string[] = []
  let parent = ''
  for (const line of tree.split('\n')) {
    const m = /^( {0,2})(\S+(?: \S+)*)(?: {2,}|$)/.exec(line)
    if (!m) continue
    const names = (m[2] ?? '').split(' ').filter((name) => !/[<>]/.test(name))
    if (m[1] === '') parent = names[0]?.endsWith('/') ? (names[0] ?? '') : ''
    for (const name of names) out.push(m[1] === '' ? name : `${parent}${name}`)
  }
  return out
}

test("every path in the README's tree exists", () => {
  const paths = treePaths()
  expect(paths.length).toBeGreaterThan(20)
  expect(paths.filter((path) => !MADE.test(path) && !existsSync(join(ROOT, path)))).toEqual([])
})

test.each(DOCS)('every project path %s names exists', (doc) => {
  const paths = namedPaths(doc)
  expect(paths.length).toBeGreaterThan(0)
  const missing = paths.filter(
    (path) => !existsSync(join(ROOT, path)) && !existsSync(join(ROOT, 'miniprogram', path)),
  )
  expect(missing).toEqual([])
})

test.each(DOCS)('every link of %s leads to a file', (doc) => {
  expect(linkedPaths(doc).filter((path) => !existsSync(join(ROOT, path)))).toEqual([])
})

test('the README links every document of docs/', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  expect(DOCS.filter((doc) => doc !== 'README.md' && !readme.includes(`(${doc})`))).toEqual([])
})
