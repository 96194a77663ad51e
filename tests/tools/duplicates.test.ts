/** @jest-environment node */
// The duplicate-code report (jscpd over the tree, blocks of six lines or more): no block twice in the app, the
// tooling or the editor, so none between two pages or two importers; tests may share a few lines of setup.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cloneLine, findClones, inCode } from '../../scripts/lib/duplicates'

const clones = findClones()

test('the report finds a block written twice (so that an empty report means something)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jscpd-probe-'))
  const block = Array.from(
    { length: 8 },
    (_, i) => `  total += values[${i}] * weights[${i}] - offsets[${i}]`,
  ).join('\n')
  writeFileSync(
    join(dir, 'a.ts'),
    `export function a(values: number[], weights: number[], offsets: number[]): number {\n  let total = 0\n${block}\n  return total\n}\n`,
  )
  writeFileSync(
    join(dir, 'b.ts'),
    `export function b(values: number[], weights: number[], offsets: number[]): number {\n  let total = 1\n${block}\n  return total\n}\n`,
  )
  const found = findClones(dir)
  expect(found).toHaveLength(1)
  expect([found[0]?.a.file, found[0]?.b.file].sort()).toEqual(['a.ts', 'b.ts'])
})

test('no duplicated block in the app, the tooling or the editor', () => {
  expect(clones.filter(inCode).map(cloneLine)).toEqual([])
})

test('none between two pages or two importers', () => {
  const pageOf = (file: string): string | undefined => /^miniprogram\/pages\/([^/]+)\//.exec(file)?.[1]
  const importerOf = (file: string): string | undefined =>
    /^scripts\/lib\/importers\/([^/]+)$/.exec(file)?.[1]
  const between = clones.filter(({ a, b }) => {
    const pages = [pageOf(a.file), pageOf(b.file)]
    const importers = [importerOf(a.file), importerOf(b.file)]
    return (
      (pages[0] && pages[1] && pages[0] !== pages[1]) ||
      (importers[0] && importers[1] && importers[0] !== importers[1])
    )
  })
  expect(between.map(cloneLine)).toEqual([])
})
