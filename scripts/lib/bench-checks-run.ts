// One run of the schema-check comparison (see bench-checks.ts) in this process, normal or --jitless: every feed
// item and event of a benchmark payload checked by each bundle. Prints one JSON line.

import { PAYLOADS } from './fixtures'

type Checks = Record<'feedItem' | 'event', (value: unknown) => boolean>

const [name, oursFile, ajvFile] = process.argv.slice(2) as [keyof typeof PAYLOADS, string, string]
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ours = (require(oursFile) as { CHECKS: Checks }).CHECKS
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ajv = require(ajvFile) as Checks
const { feed, events } = PAYLOADS[name]()
const items = (JSON.parse(feed) as { items: unknown[] }).items
const entries = (JSON.parse(events) as { entries: unknown[] }).entries

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN
function run(checks: Checks): number {
  const start = process.hrtime.bigint()
  for (const item of items) if (!checks.feedItem(item)) throw new Error('the payload must be valid')
  for (const entry of entries) if (!checks.event(entry)) throw new Error('the payload must be valid')
  return Number(process.hrtime.bigint() - start) / 1e6
}
for (let i = 0; i < 5; i++) {
  run(ours)
  run(ajv)
}
const a: number[] = []
const b: number[] = []
for (let i = 0; i < 21; i++) {
  a.push(run(ours))
  b.push(run(ajv))
}
console.log(JSON.stringify({ oursMs: median(a), ajvMs: median(b) }))
