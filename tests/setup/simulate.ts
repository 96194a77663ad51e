// Loading pages and components into miniprogram-simulate the way WeChat resolves them.

import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import simulate, { type RootComponent } from 'miniprogram-simulate'

export const APP_ROOT = join(__dirname, '..', '..', 'miniprogram')

/** Maps npm component paths (@vant/weapp/…) to miniprogram_npm, failing loudly when the build is missing. */
function npmComponents(componentPath: string): Record<string, string> {
  const json = JSON.parse(readFileSync(`${componentPath}.json`, 'utf8')) as {
    usingComponents?: Record<string, string>
  }
  const mapped: Record<string, string> = {}
  for (const [tag, path] of Object.entries(json.usingComponents ?? {})) {
    if (path.startsWith('/') || path.startsWith('.')) continue
    const target = `/miniprogram_npm/${path}`
    if (!existsSync(join(APP_ROOT, `${target}.json`))) {
      throw new Error(`${tag} → ${path}: ${target} is missing; run npm run build:npm`)
    }
    mapped[tag] = target
  }
  return mapped
}

/** Loads a page or component by its path under miniprogram/, e.g. "pages/news/index". */
export function load(path: string): string {
  const full = join(APP_ROOT, path)
  if (!existsSync(dirname(full))) throw new Error(`no such component: ${path}`)
  return simulate.load(full, { rootPath: APP_ROOT, usingComponents: npmComponents(full) })
}

/** Lets queued macrotasks (fake wx callbacks, timers at 0) run. */
export async function settle(ticks = 20): Promise<void> {
  for (let i = 0; i < ticks; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

export { simulate }

export type AnyPage = RootComponent<
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject
> & {
  instance: Record<string, (...args: never[]) => unknown> & {
    setData(data: object, callback?: () => void): void
  }
}

/** What a page sent to its view: the bytes of each setData call, in order. */
export interface SetDataLog {
  /** Bytes of each call. */
  calls: number[]
  /** The top-level keys (data paths) of each call. */
  paths: string[][]
  /** Marks the start of a user action; `sinceMark()` then gives the bytes of its calls. */
  mark(): void
  sinceMark(): number[]
}

export const SETDATA_BUDGET_BYTES = 64 * 1024
export const FIRST_SCREEN_BUDGET_BYTES = 16 * 1024

function recordSetData(page: AnyPage): SetDataLog {
  const calls: number[] = []
  const paths: string[][] = []
  let markAt = 0
  const original = page.instance.setData.bind(page.instance)
  page.instance.setData = (data: object, callback?: () => void) => {
    calls.push(Buffer.byteLength(JSON.stringify(data)))
    paths.push(Object.keys(data))
    original(data, callback)
  }
  return {
    calls,
    paths,
    mark: () => {
      markAt = calls.length
    },
    sinceMark: () => calls.slice(markAt),
  }
}

/** Renders a page as WeChat opens it (onLoad with the query, then onShow), recording its setData calls. */
export async function openPage(
  path: string,
  query: Record<string, string> = {},
): Promise<{ page: AnyPage; log: SetDataLog }> {
  const page = simulate.render(load(path)) as AnyPage
  const log = recordSetData(page)
  page.attach(document.createElement('parent-wrapper'))
  const lifecycle = page.instance as unknown as {
    onLoad?: (q: Record<string, string>) => void
    onShow?: () => void
  }
  lifecycle.onLoad?.(query)
  lifecycle.onShow?.()
  await settle()
  return { page, log }
}

/** Calls a page's method as WeChat would (a lifecycle handler, an event handler), with the page as `this`. */
export function call(page: AnyPage, method: string, ...args: unknown[]): unknown {
  return (page.instance[method] as unknown as (...a: unknown[]) => unknown).call(page.instance, ...args)
}

/** The text of every node matching `selector` (inside the page's own tree). */
export function texts(page: AnyPage, selector: string): string[] {
  return page.querySelectorAll(selector).map((node) => node.dom?.textContent?.trim() ?? '')
}

/** Taps a node; a Vant button is tapped on its inner .van-button, as a finger would. */
export function tap(page: AnyPage, selector: string): void {
  const node = page.querySelector(selector)
  if (!node) throw new Error(`nothing matches ${selector}`)
  const inner = node.querySelector('.van-button')
  ;(inner ?? node).dispatchEvent('tap')
}

/** Counts the elements the page renders (WeChat's audit wants fewer than 1000). */
export function nodeCount(page: AnyPage): number {
  return page.dom?.querySelectorAll('*').length ?? 0
}

/** What a reader saw scrolling a long list from top to end (see scrollToEnd). */
export interface ScrollRecord {
  /** The most elements the page held at any point. */
  maxNodes: number
  /** Every item drawn at some point, by `key`. */
  seen: Set<string>
  /** Scroll steps taken. */
  steps: number
}

/**
 * Scrolls a page with a windowed list (data.chunks) from the top to the end, half a screen at a time, calling
 * onReachBottom whenever the end of the list is on screen, until the end no longer moves. There is no layout in
 * the simulator: an item is as tall as `estimate` says (the page's own estimate, as if measurement agreed).
 */
export async function scrollToEnd(
  page: AnyPage,
  options: { estimate(item: never): number; key(item: never): string; viewport?: number },
): Promise<ScrollRecord> {
  const viewport = options.viewport ?? 812
  type Chunk = { items: never[]; height: number }
  const chunks = (): Chunk[] => (page.data.chunks ?? []) as Chunk[]
  const listHeight = (): number =>
    chunks().reduce(
      (sum, c) => sum + (c.height || c.items.reduce((s, item) => s + options.estimate(item), 0)),
      0,
    )
  const record: ScrollRecord = { maxNodes: nodeCount(page), seen: new Set(), steps: 0 }
  const look = (): void => {
    record.maxNodes = Math.max(record.maxNodes, nodeCount(page))
    for (const chunk of chunks()) for (const item of chunk.items) record.seen.add(options.key(item))
  }
  look()
  let top = 0
  for (; record.steps < 10_000; record.steps++) {
    const height = listHeight()
    if (top + viewport >= height - viewport / 4) {
      call(page, 'onReachBottom')
      await settle()
      look()
      if (listHeight() === height) break
    }
    top = Math.max(0, Math.min(top + viewport / 2, listHeight() - viewport))
    call(page, 'onPageScroll', { scrollTop: top })
    await settle(2)
    look()
  }
  return record
}
