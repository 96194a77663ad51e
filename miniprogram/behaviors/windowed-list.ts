// A page's long list (News cards, the Events agenda) drawn through core/list-window: the page hands it the items;
// the behaviour adds chunks at the bottom, follows the page's scroll, and measures drawn chunks so that the
// placeholders of the chunks it empties keep their height (the scroll position does not jump).
//
// The view draws `chunks`: each an element with class "bc-chunk", data-index="{{chunk.key}}", a height style while
// it is a placeholder (`chunk.height`), and its `chunk.items`.

import { ListWindow, type Chunk, type ListWindowOptions } from '../core/list-window'
import { windowSize } from '../services/system'

export interface WindowedListData {
  chunks: Array<Chunk<unknown>>
}

/** A windowed list's first data: no chunk drawn. Pages spread it into their own `data`. */
export function windowedListData(): WindowedListData {
  return { chunks: [] }
}

export interface WindowedList {
  listWindow: ListWindow<unknown, unknown>
}

export type WindowedListMethods = {
  /** From onLoad: how many items a chunk holds, what the view binds of one, how tall it is before it is measured. */
  setupList<T, V>(options: ListWindowOptions<T, V>): void
  /** Replaces the list (see ListWindow.reset), with `extra` data in the same setData. */
  showList(items: readonly unknown[], options?: { keep?: boolean; extra?: Record<string, unknown> }): void
  /** The same list with more items at its end (see ListWindow.extend). */
  extendList(items: readonly unknown[], extra?: Record<string, unknown>): void
  /** Adds the next chunk at the bottom; false when the list already has every item. */
  growList(extra?: Record<string, unknown>): boolean
  onPageScroll(e: { scrollTop: number }): void
  measureChunks(): void
}

export const windowedList = Behavior<
  WindowedListData,
  Record<string, never>,
  WindowedListMethods,
  [],
  WindowedList
>({
  data: windowedListData(),

  methods: {
    setupList<T, V>(options: ListWindowOptions<T, V>) {
      this.listWindow = new ListWindow(
        options as ListWindowOptions<unknown, unknown>,
        () => windowSize().height,
      )
    },

    showList(items, options = {}) {
      const update = this.listWindow.reset(items, options.keep)
      this.setData({ ...options.extra, ...update }, () => this.measureChunks())
    },

    extendList(items, extra) {
      const update = this.listWindow.extend(items)
      if (update) this.setData({ ...extra, ...update }, () => this.measureChunks())
      else if (extra) this.setData(extra)
    },

    growList(extra) {
      const update = this.listWindow.grow()
      if (!update) {
        if (extra) this.setData(extra)
        return false
      }
      this.setData({ ...extra, ...update }, () => this.measureChunks())
      return true
    },

    onPageScroll(e) {
      const update = this.listWindow?.scrolled(e.scrollTop)
      if (update) this.setData(update, () => this.measureChunks())
    },

    measureChunks() {
      const query = this.createSelectorQuery()
      query.selectAll('.bc-chunk').boundingClientRect()
      query.selectViewport().scrollOffset()
      query.exec((result: unknown[]) => {
        const rects = (result[0] ?? []) as Array<{
          height?: number
          top?: number
          dataset?: { index?: unknown }
        }>
        const scrollTop = Number((result[1] as { scrollTop?: number } | undefined)?.scrollTop ?? 0)
        for (const rect of rects) {
          const index = Number(rect.dataset?.index)
          this.listWindow.measure(index, Number(rect.height), Number(rect.top) + scrollTop)
        }
      })
    },
  },
})
