/** @jest-environment node */
// npm run bench compares our precompiled checks with ajv's standalone code: both bundles must build from the tree
// as it is (a moved module once broke the benchmark while every test passed) and must agree on what is valid.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bundleChecks } from '../../scripts/lib/bench-checks'
import { largeContent } from '../../scripts/lib/fixtures'

type Checks = Record<'feedItem' | 'event', (value: unknown) => boolean>

describe("the benchmark's schema-check comparison", () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-bench-checks-test-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('builds both bundles, ours the smaller, and both judge items and events alike', () => {
    const bundles = bundleChecks(dir)
    expect(bundles.oursBytes).toBeGreaterThan(0)
    expect(bundles.oursBytes).toBeLessThan(bundles.ajvBytes)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ours = (require(bundles.ours) as { CHECKS: Checks }).CHECKS
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ajv = require(bundles.ajv) as Checks
    const { feed, events } = largeContent(8, 8)
    const items = (JSON.parse(feed) as { items: Array<Record<string, unknown>> }).items
    const entries = (JSON.parse(events) as { entries: Array<Record<string, unknown>> }).entries
    // Valid ones, and each made invalid in a field both checks read.
    const cases: Array<[keyof Checks, unknown]> = [
      ...items.flatMap((item): Array<[keyof Checks, unknown]> => [
        ['feedItem', item],
        ['feedItem', { ...item, date_published: '2022-02-30T00:00:00Z' }],
      ]),
      ...entries.flatMap((entry): Array<[keyof Checks, unknown]> => [
        ['event', entry],
        ['event', { ...entry, duration: 'P' }],
      ]),
    ]
    const verdicts = cases.map(([kind, value]) => ours[kind](value))
    expect(verdicts).toEqual(cases.map(([kind, value]) => ajv[kind](value)))
    expect(verdicts.filter(Boolean)).toHaveLength(items.length + entries.length)
  })
})
