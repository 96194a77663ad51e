/** @jest-environment node */
// The function-length report (scripts/lib/function-lengths.ts): no function over its limit (app 80 lines, tooling
// 100) that is not on the list written down, and none longer than written down, so that the list only shrinks.

import { LIMITS, longFunctions, readBaseline } from '../../scripts/lib/function-lengths'

const found = longFunctions()
const baseline = readBaseline()

test(`no new function over ${LIMITS.app} lines in the app or ${LIMITS.tooling} in the tooling`, () => {
  expect(found.filter((f) => !(f.id in baseline)).map((f) => `${f.id} (${f.lines} lines)`)).toEqual([])
})

test('no function on the list grew', () => {
  expect(
    found
      .filter((f) => f.lines > (baseline[f.id] ?? 0))
      .map((f) => `${f.id}: ${f.lines} > ${baseline[f.id] ?? 0}`),
  ).toEqual([])
})

test('the list names only functions that are still over their limit (shorten it when one is fixed)', () => {
  const over = new Set(found.map((f) => f.id))
  expect(Object.keys(baseline).filter((id) => !over.has(id))).toEqual([])
})
