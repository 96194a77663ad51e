// One benchmark run in this process (normal or --jitless): our feed and events pipeline against JSON.parse alone,
// on the same text. Prints one JSON line.

import { parseEvents } from '../../miniprogram/core/events'
import { parseFeedPage } from '../../miniprogram/core/feed'
import { PAYLOADS } from './fixtures'

const WARMUP = 10
const RUNS = 41

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - start) / 1e6
}

const name = process.argv[2] as keyof typeof PAYLOADS
const { feed, events } = PAYLOADS[name]()
let sink = 0
const baseline = (): void => {
  sink +=
    (JSON.parse(feed) as { items: unknown[] }).items.length +
    (JSON.parse(events) as { entries: unknown[] }).entries.length
}
const pipeline = (): void => {
  const page = parseFeedPage(JSON.parse(feed), 'https://cdn.example.com/bcecc/feed.json')
  const list = parseEvents(JSON.parse(events), 'https://cdn.example.com/bcecc/events.json')
  if (page.dropped > 0 || list.dropped > 0) throw new Error('the benchmark payload must be valid')
  sink += page.articles.length + list.events.length
}
for (let i = 0; i < WARMUP; i++) {
  baseline()
  pipeline()
}
const base: number[] = []
const ours: number[] = []
// Interleaved, so that drift in the machine's speed affects both alike.
for (let i = 0; i < RUNS; i++) {
  base.push(time(baseline))
  ours.push(time(pipeline))
}
console.log(
  JSON.stringify({
    payload: name,
    bytes: Buffer.byteLength(feed) + Buffer.byteLength(events),
    jsonParseMs: median(base),
    pipelineMs: median(ours),
    runs: RUNS,
    sink,
  }),
)
