// A long list drawn in chunks, of which only those near the screen hold their items: the others are empty
// placeholders as tall as the chunk was when last drawn (measured), or as estimated before it ever was. However far
// the reader scrolls, the page holds a few chunks of nodes. Pure: the page feeds it scroll positions and measured
// heights, and sends the setData paths it returns (only the chunks that change). Items are presented (turned into
// what the view binds) only when their chunk is in the list: a list of ten thousand costs what the reader reaches.

export interface Chunk<T> {
  /** The chunk's place in the list (wx:key, and the id the page measures it by). */
  key: number
  items: T[]
  /** The placeholder's height in px while the chunk is not drawn; 0 while it is. */
  height: number
}

export interface ListWindowOptions<T, V = T> {
  /** Items per chunk. */
  chunkSize: number
  /** What the view binds for an item (by default the item itself). */
  present?(item: T): V
  /** A presented item's height in px, for a chunk not measured yet. */
  estimate(item: V): number
}

export type ListUpdate<T> = Record<string, Chunk<T> | Array<Chunk<T>>>

/** Screens above and below the visible one within which chunks are drawn, and beyond which they are emptied. */
const DRAW_MARGIN = 1
const EMPTY_MARGIN = 2

export class ListWindow<T, V = T> {
  private items: readonly T[] = []
  /** The presented items of each chunk, made once per list. */
  private presented = new Map<number, V[]>()
  /** Chunks in the list so far: it grows at the bottom as the reader scrolls. */
  private count = 0
  private heights: number[] = []
  /** Each chunk's items as JSON, when its height was measured: a chunk with the same items keeps that height. */
  private measuredAs: Array<string | undefined> = []
  private drawn: boolean[] = []
  /** The list's top in page coordinates (px); known once the first chunk was measured. */
  private top = 0
  private scrollTop = 0

  constructor(
    private readonly options: ListWindowOptions<T, V>,
    private readonly viewport: () => number,
  ) {}

  /** Items in the list, drawn or not. */
  get length(): number {
    return Math.min(this.items.length, this.count * this.options.chunkSize)
  }

  /** Whether every item is in the list (no chunk left to add at the bottom). */
  get complete(): boolean {
    return this.length >= this.items.length
  }

  /**
   * A new list, replacing the old one whole. By default it starts with its first chunk (a new filter or search);
   * with `keep` it is as long as the old one was (new content or language while the reader is down the list), and
   * the chunks near the screen are drawn.
   */
  reset(items: readonly T[], keep = false): { chunks: Array<Chunk<V>> } {
    const size = this.options.chunkSize
    const before = this.count
    const heights = this.heights
    const measuredAs = this.measuredAs
    this.items = items
    this.presented.clear()
    this.count = Math.min(Math.ceil(items.length / size), keep ? Math.max(before, 1) : 1)
    this.heights = []
    this.measuredAs = []
    this.drawn = []
    for (let i = 0; i < this.count; i++) {
      // A chunk that shows the same items as before keeps its measured height (no jump above the reader).
      const same = keep && measuredAs[i] !== undefined && measuredAs[i] === JSON.stringify(this.itemsOf(i))
      this.heights.push(same ? (heights[i] as number) : this.estimateChunk(i))
      this.measuredAs.push(same ? measuredAs[i] : undefined)
      this.drawn.push(false)
    }
    const chunks: Array<Chunk<V>> = []
    for (let i = 0; i < this.count; i++) {
      this.drawn[i] =
        this.count === 1 || this.near(this.top + this.offsetOf(i), this.heights[i] ?? 0, DRAW_MARGIN)
      chunks.push(this.chunk(i))
    }
    return { chunks }
  }

  /**
   * The same list with more items at its end (a next page loaded). The last chunk fills up if it was short; if the
   * list had every item before (the reader waits at its end), a chunk of the new ones is added too.
   */
  extend(items: readonly T[]): ListUpdate<V> | undefined {
    const waiting = this.complete
    const last = this.count - 1
    const before = last >= 0 ? this.itemsOf(last).length : 0
    this.items = items
    this.presented.delete(last)
    let update: ListUpdate<V> | undefined
    if (last >= 0 && this.itemsOf(last).length !== before) {
      this.heights[last] = this.estimateChunk(last)
      this.measuredAs[last] = undefined
      update = { [`chunks[${last}]`]: this.chunk(last) }
    }
    if (waiting || last < 0) update = { ...update, ...this.grow() }
    return update
  }

  /** The next chunk at the bottom, drawn (and chunks far above emptied); undefined when the list is complete. */
  grow(): ListUpdate<V> | undefined {
    if (this.complete) return undefined
    const index = this.count++
    this.heights.push(this.estimateChunk(index))
    this.measuredAs.push(undefined)
    this.drawn.push(false)
    // The reader is at the end: the new chunk is drawn wherever the estimates put it.
    const update = this.window() ?? {}
    this.drawn[index] = true
    update[`chunks[${index}]`] = this.chunk(index)
    return update
  }

  /** The chunks that change for a new scroll position, if any. */
  scrolled(scrollTop: number): ListUpdate<V> | undefined {
    this.scrollTop = Number.isFinite(scrollTop) ? Math.max(0, scrollTop) : 0
    return this.window()
  }

  /** The height of a drawn chunk, and its top in page coordinates, as laid out. Zero sizes are ignored. */
  measure(index: number, height: number, top: number): void {
    if (!(index >= 0 && index < this.count) || !this.drawn[index]) return
    if (!(Number.isFinite(height) && height > 0)) return
    this.heights[index] = height
    this.measuredAs[index] = JSON.stringify(this.itemsOf(index))
    if (Number.isFinite(top)) this.top = top - this.offsetOf(index)
  }

  /** Draws the chunks near the screen and empties those far from it; undefined when nothing changes. */
  private window(): ListUpdate<V> | undefined {
    let update: ListUpdate<V> | undefined
    // One pass, each chunk's top from the one before (a scroll event must cost little).
    let top = this.top
    for (let i = 0; i < this.count; i++) {
      const height = this.heights[i] ?? 0
      const next = this.near(top, height, this.drawn[i] ? EMPTY_MARGIN : DRAW_MARGIN)
      top += height
      if (next === this.drawn[i]) continue
      this.drawn[i] = next
      update = update ?? {}
      update[`chunks[${i}]`] = this.chunk(i)
    }
    return update
  }

  /** Whether a chunk from `from` (page px), `height` tall, is within `margin` screens of the visible one. */
  private near(from: number, height: number, margin: number): boolean {
    const screen = this.viewport()
    return from + height >= this.scrollTop - margin * screen && from <= this.scrollTop + (1 + margin) * screen
  }

  private offsetOf(index: number): number {
    let offset = 0
    for (let i = 0; i < index; i++) offset += this.heights[i] ?? 0
    return offset
  }

  private itemsOf(index: number): V[] {
    let out = this.presented.get(index)
    if (!out) {
      const size = this.options.chunkSize
      const raw = this.items.slice(index * size, (index + 1) * size)
      const present = this.options.present
      out = present ? raw.map((item) => present(item)) : (raw as unknown as V[])
      this.presented.set(index, out)
    }
    return out
  }

  private estimateChunk(index: number): number {
    return this.itemsOf(index).reduce((sum, item) => sum + this.options.estimate(item), 0)
  }

  private chunk(index: number): Chunk<V> {
    return this.drawn[index]
      ? { key: index, items: this.itemsOf(index), height: 0 }
      : { key: index, items: [], height: Math.round(this.heights[index] ?? 0) }
  }
}
