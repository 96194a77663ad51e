import fc from 'fast-check'
import { ListWindow, type Chunk } from '../../miniprogram/core/list-window'

const VIEWPORT = 800

/** A page's view of the list: the chunks as the last setData paths left them. */
function view<T>(): { chunks: Array<Chunk<T>>; apply(update: Record<string, unknown> | undefined): void } {
  const state = {
    chunks: [] as Array<Chunk<T>>,
    apply(update: Record<string, unknown> | undefined) {
      for (const [path, value] of Object.entries(update ?? {})) {
        if (path === 'chunks') state.chunks = (value as Array<Chunk<T>>).slice()
        else {
          const index = Number(/^chunks\[(\d+)\]$/.exec(path)?.[1])
          expect(Number.isInteger(index)).toBe(true)
          state.chunks[index] = value as Chunk<T>
        }
      }
    },
  }
  return state
}

const heightOf = (item: number): number => item

describe('list window', () => {
  test('starts with its first chunk, grows a chunk at a time, and is complete at the end', () => {
    const list = new ListWindow<number>({ chunkSize: 10, estimate: heightOf }, () => VIEWPORT)
    const v = view<number>()
    v.apply(list.reset(Array.from({ length: 25 }, () => 100)))
    expect(v.chunks.map((c) => c.items.length)).toEqual([10])
    v.apply(list.grow())
    v.apply(list.grow())
    expect(list.complete).toBe(true)
    expect(list.grow()).toBeUndefined()
    expect(v.chunks.map((c) => c.items.length)).toEqual([10, 10, 5])
  })

  test('empties chunks far above the screen into placeholders of their measured height, and draws them back', () => {
    const list = new ListWindow<number>({ chunkSize: 10, estimate: heightOf }, () => VIEWPORT)
    const v = view<number>()
    v.apply(list.reset(Array.from({ length: 100 }, () => 100)))
    list.measure(0, 1234, 50)
    for (let i = 0; i < 9; i++) v.apply(list.grow())
    v.apply(list.scrolled(5000))
    expect(v.chunks[0]).toEqual({ key: 0, items: [], height: 1234 })
    expect(v.chunks[5]?.items).toHaveLength(10)
    v.apply(list.scrolled(0))
    expect(v.chunks[0]?.items).toHaveLength(10)
    expect(v.chunks[0]?.height).toBe(0)
  })

  test('fills a short last chunk with a next page, and adds a chunk for a reader waiting at the end', () => {
    const list = new ListWindow<number>({ chunkSize: 10, estimate: heightOf }, () => VIEWPORT)
    const v = view<number>()
    const first = Array.from({ length: 6 }, () => 50)
    v.apply(list.reset(first))
    expect(list.complete).toBe(true)
    v.apply(list.extend([...first, ...Array.from({ length: 10 }, () => 50)]))
    expect(v.chunks.map((c) => c.items.length)).toEqual([10, 6])
  })

  test('ignores sizes that are not sizes, and scroll positions that are not positions', () => {
    const list = new ListWindow<number>({ chunkSize: 5, estimate: heightOf }, () => VIEWPORT)
    const v = view<number>()
    v.apply(list.reset(Array.from({ length: 50 }, () => 300)))
    for (const bad of [NaN, -1, 0, Infinity]) list.measure(0, bad, bad)
    list.measure(99, 100, 0)
    v.apply(list.grow())
    v.apply(list.scrolled(NaN))
    v.apply(list.scrolled(-500))
    expect(v.chunks[0]?.items).toHaveLength(5)
  })

  test('property: whatever the heights and the scrolling, drawn items stay near the screen and placeholders keep heights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 20, max: 600 }), { minLength: 0, maxLength: 400 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('grow' as const) }),
            fc.record({ kind: fc.constant('scroll' as const), to: fc.double({ min: -1e4, max: 2e5 }) }),
          ),
          { maxLength: 120 },
        ),
        (items, chunkSize, actions) => {
          const list = new ListWindow<number>({ chunkSize, estimate: heightOf }, () => VIEWPORT)
          const v = view<number>()
          v.apply(list.reset(items))
          let scrollTop = 0
          for (const action of actions) {
            if (action.kind === 'grow') v.apply(list.grow())
            else {
              // A position that is not a number counts as the top.
              scrollTop = Number.isFinite(action.to) ? Math.max(0, action.to) : 0
              v.apply(list.scrolled(action.to))
            }
            // Every chunk is its slice of the list, drawn, or a placeholder as tall as that slice.
            let top = 0
            v.chunks.forEach((chunk, i) => {
              const slice = items.slice(i * chunkSize, (i + 1) * chunkSize)
              const height = slice.reduce((a, b) => a + b, 0)
              if (chunk.items.length > 0) {
                expect(chunk.items).toEqual(slice)
                expect(chunk.height).toBe(0)
                const last = i === v.chunks.length - 1
                // Drawn chunks are within a few screens of the visible one (the newest chunk is always drawn).
                if (!last) {
                  expect(top + height).toBeGreaterThanOrEqual(scrollTop - 3 * VIEWPORT)
                  expect(top).toBeLessThanOrEqual(scrollTop + 4 * VIEWPORT)
                }
              } else expect(chunk.height).toBe(Math.round(height))
              top += height
            })
            expect(v.chunks.length).toBe(Math.ceil(list.length / chunkSize))
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

test('a list redrawn in place keeps the measured heights of chunks whose items did not change', () => {
  const list = new ListWindow<number>({ chunkSize: 2, estimate: heightOf }, () => VIEWPORT)
  const v = view<number>()
  const items = Array.from({ length: 40 }, (_, i) => 100 + i)
  v.apply(list.reset(items))
  for (let i = 0; i < 19; i++) {
    list.measure(i, 777, i * 777)
    v.apply(list.grow())
  }
  v.apply(list.scrolled(15 * 777))
  expect(v.chunks[0]).toEqual({ key: 0, items: [], height: 777 })
  const changed = items.slice()
  changed[1] = 1
  v.apply(list.reset(changed, true))
  v.apply(list.scrolled(15 * 777))
  // Chunk 0 changed: back to its estimate; chunk 1 did not: still as measured.
  expect(v.chunks[0]?.height).toBe(101)
  expect(v.chunks[1]?.height).toBe(777)
})
