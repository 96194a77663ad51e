import fc from 'fast-check'
import { changesBetween, parseEvents, type CalendarEvent } from '../../miniprogram/core/events'
import {
  acknowledge,
  isSaved,
  restoreEvent,
  saveEvent,
  savedEntries,
  savedItems,
  unsaveEvent,
  type SavedEntry,
} from '../../miniprogram/services/saved-events'
import { KEYS } from '../../miniprogram/services/storage'
import { sampleEvents } from '../setup/sample'

const group = sampleEvents()
const URL = 'https://cdn.example.com/events.json'
const events = (entries: unknown[]): CalendarEvent[] =>
  parseEvents({ '@type': 'Group', uid: 'g', entries }, URL).events
const bundled = events(group.entries)
const byUid = (uid: string): CalendarEvent => {
  const e = bundled.find((x) => x.uid === uid)
  if (!e) throw new Error(uid)
  return e
}
/** The same event as published again, with changes and a higher sequence. */
const changed = (uid: string, change: Record<string, unknown>): CalendarEvent => {
  const raw = group.entries.find((e) => e.uid === uid) ?? {}
  return events([
    { ...raw, ...change, sequence: Number(raw.sequence ?? 0) + 1, updated: '2022-03-01T00:00:00Z' },
  ])[0] as CalendarEvent
}

describe('saved events', () => {
  test('saves, lists and removes with undo, under their own key', () => {
    expect(saveEvent(byUid('cmef-2022'))).toBe('ok')
    expect(saveEvent(byUid('chinabio-2022'))).toBe('ok')
    expect(savedEntries().map((e) => e.uid)).toEqual(['cmef-2022', 'chinabio-2022'])
    expect([...fakeWx.storage.keys()]).toEqual([KEYS.saved])
    const { result, removed } = unsaveEvent('cmef-2022')
    expect(result).toBe('ok')
    expect(isSaved('cmef-2022')).toBe(false)
    expect(restoreEvent(removed as SavedEntry)).toBe('ok')
    expect(isSaved('cmef-2022')).toBe(true)
  })

  test('keeps an event the endpoint no longer lists, as it was saved', () => {
    saveEvent(byUid('biocentury-2022'))
    const [item] = savedItems(bundled.filter((e) => e.uid !== 'biocentury-2022'))
    expect(item).toEqual(expect.objectContaining({ listed: false, changes: [] }))
    expect(item?.event?.title.en).toBe('BioCentury Health Summit')
    expect(item?.event?.datePrecision).toBe('month')
  })

  test('says what changed since saving: date, venue, status; and forgets it once seen', () => {
    saveEvent(byUid('cmef-2022'))
    const moved = changed('cmef-2022', { start: '2022-09-01T00:00:00', status: 'cancelled' })
    expect(savedItems([moved])[0]?.changes).toEqual(['date', 'status'])
    const venue = changed('cmef-2022', {
      locations: { shanghai: { '@type': 'Location', name: 'Shenzhen', coordinates: 'geo:22.54,114.05' } },
    })
    expect(savedItems([venue])[0]?.changes).toEqual(['venue'])
    acknowledge(moved)
    expect(savedItems([moved])[0]?.changes).toEqual([])
  })

  test('reports no change when only the sequence is the same and nothing differs', () => {
    const raw = group.entries[0] as never
    expect(changesBetween(raw, raw)).toEqual([])
  })

  test.each([
    ['a bare list of uids (before envelopes)', ['cmef-2022', 'chinabio-2022']],
    ['version 1, uids without snapshots', { v: 1, at: 1, data: { uids: ['cmef-2022', 'chinabio-2022'] } }],
  ])('reads %s and fills the snapshots as the reader sees them', (_name, stored) => {
    fakeWx.storage.set(KEYS.savedEventsBefore, JSON.stringify(stored))
    expect(savedEntries().map((e) => e.uid)).toEqual(['cmef-2022', 'chinabio-2022'])
    expect(savedItems(bundled).map((i) => i.event?.uid)).toEqual(['cmef-2022', 'chinabio-2022'])
    acknowledge(byUid('cmef-2022'))
    expect(savedEntries()[0]?.snapshot).not.toBeNull()
  })

  test('takes over the saved events of the events-only format (version 2), then removes the old key', () => {
    saveEvent(byUid('cmef-2022'))
    const before = JSON.parse(fakeWx.storage.get(KEYS.saved) ?? '{}') as { data: { events: unknown[] } }
    fakeWx.reset()
    fakeWx.storage.set(
      KEYS.savedEventsBefore,
      JSON.stringify({ v: 2, at: 1, data: { entries: before.data.events } }),
    )
    expect(savedItems([]).map((i) => i.event?.title.en)).toEqual(['China Medical Equipment Fair (CMEF)'])
    expect(fakeWx.storage.has(KEYS.savedEventsBefore)).toBe(true)
    expect(saveEvent(byUid('chinabio-2022'))).toBe('ok')
    expect(fakeWx.storage.has(KEYS.savedEventsBefore)).toBe(false)
    expect(savedEntries().map((e) => e.uid)).toEqual(['cmef-2022', 'chinabio-2022'])
  })

  test('changes nothing when storage is full, and says so', () => {
    saveEvent(byUid('cmef-2022'))
    fakeWx.storageQuotaBytes = 10
    expect(saveEvent(byUid('chinabio-2022'))).toBe('quota')
    expect(unsaveEvent('cmef-2022').result).toBe('quota')
    expect(savedEntries().map((e) => e.uid)).toEqual(['cmef-2022'])
    expect(savedEntries().map((e) => e.uid)).toEqual(['cmef-2022'])
  })

  test('keeps an unreadable saved list aside instead of overwriting it', () => {
    fakeWx.storage.set(KEYS.savedEventsBefore, JSON.stringify({ v: 2, at: 1, data: { entries: 'broken' } }))
    expect(savedEntries()).toEqual([])
    saveEvent(byUid('cmef-2022'))
    expect(JSON.parse(fakeWx.storage.get(`${KEYS.saved}:unreadable`) ?? 'null')).toEqual(
      expect.objectContaining({ data: { v: 2, at: 1, data: { entries: 'broken' } } }),
    )
  })

  test('always holds exactly what the reader did, over 1000 random sequences of actions', () => {
    const uids = bundled.map((e) => e.uid)
    type Action =
      | { kind: 'save' | 'unsave'; uid: string; full: boolean }
      | { kind: 'undo'; full: boolean }
      | { kind: 'refresh'; listed: boolean[]; bump: boolean[] }
      | { kind: 'restart' }
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({
        kind: fc.constantFrom('save' as const, 'unsave' as const),
        uid: fc.constantFrom(...uids),
        full: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('undo' as const), full: fc.boolean() }),
      fc.record({
        kind: fc.constant('refresh' as const),
        listed: fc.array(fc.boolean(), { minLength: uids.length, maxLength: uids.length }),
        bump: fc.array(fc.boolean(), { minLength: uids.length, maxLength: uids.length }),
      }),
      fc.record({ kind: fc.constant('restart' as const) }),
    )
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.subarray(uids),
        fc.array(action, { maxLength: 25 }),
        (startOld, initial, actions) => {
          fakeWx.reset()
          // Some readers come from the first format, with saved uids and no snapshots.
          if (startOld)
            fakeWx.storage.set(
              KEYS.savedEventsBefore,
              JSON.stringify({ v: 1, at: 1, data: { uids: initial } }),
            )
          const expected = new Set(startOld ? initial : [])
          let undo: SavedEntry | undefined
          for (const a of actions) {
            const full = 'full' in a && a.full
            if (full) fakeWx.storageQuotaBytes = 10
            if (a.kind === 'save') {
              if (saveEvent(byUid(a.uid)) === 'ok') expected.add(a.uid)
            } else if (a.kind === 'unsave') {
              const { result, removed } = unsaveEvent(a.uid)
              if (result === 'ok') expected.delete(a.uid)
              if (removed) undo = removed
            } else if (a.kind === 'undo') {
              if (undo && restoreEvent(undo) === 'ok') expected.add(undo.uid)
            } else if (a.kind === 'refresh') {
              const published = bundled
                .filter((_, i) => a.listed[i])
                .map((e, i) => (a.bump[i] ? changed(e.uid, { title: `${e.title.en ?? ''} (updated)` }) : e))
              const items = savedItems(published)
              expect(new Set(items.map((i) => i.entry.uid))).toEqual(expected)
              for (const item of items) if (item.entry.snapshot) expect(item.event).toBeDefined()
            } else {
              // A restart after WeChat evicted the caches: saved events live on.
              for (const key of [...fakeWx.storage.keys()])
                if (key.startsWith('cache:')) fakeWx.storage.delete(key)
            }
            fakeWx.storageQuotaBytes = 10 * 1024 * 1024
            expect(new Set(savedEntries().map((e) => e.uid))).toEqual(expected)
          }
          expect(new Set(savedEntries().map((e) => e.uid))).toEqual(expected)
        },
      ),
      { numRuns: 1000 },
    )
  })
})
