// The reader's saved events, under their own storage key, apart from any cache. Each keeps the event as it was
// when saved, so it survives restarts, app updates and its removal from the endpoint; comparing that snapshot
// with the published event tells what changed. A write that fails (storage full) changes nothing and says so.

import { parseEvents, type CalendarEvent, type JSCalendarEvent } from '../models/events'
import { now } from '../utils/clock'
import { KEYS, defineStore, type WriteResult } from './storage'

export interface SavedEntry {
  uid: string
  savedAt: number
  /** The event as published when saved (or when the reader last saw its changes); null only for entries kept
   * from the first format, which stored no events (filled at the next refresh). */
  snapshot: JSCalendarEvent | null
}

interface Stored {
  entries: SavedEntry[]
}

export type Change = 'date' | 'venue' | 'status'

export interface SavedItem {
  entry: SavedEntry
  /** The event to show: the published one while it is listed, else the snapshot. */
  event: CalendarEvent | undefined
  listed: boolean
  /** What changed since it was saved (or since the reader last looked). */
  changes: Change[]
}

function isEntry(value: unknown): value is SavedEntry {
  if (typeof value !== 'object' || value === null) return false
  const e = value as Record<string, unknown>
  return (
    typeof e.uid === 'string' &&
    e.uid.length > 0 &&
    typeof e.savedAt === 'number' &&
    (e.snapshot === null || (typeof e.snapshot === 'object' && !Array.isArray(e.snapshot)))
  )
}

const store = defineStore<Stored>({
  key: KEYS.savedEvents,
  version: 2,
  migrations: {
    // Before envelopes: a bare list of uids.
    0: (data) => ({
      uids: Array.isArray(data) ? data.filter((u): u is string => typeof u === 'string') : [],
    }),
    // Version 1: { uids }, no snapshots.
    1: (data) => ({
      entries: (((data as { uids?: unknown }).uids as unknown[] | undefined) ?? [])
        .filter((u): u is string => typeof u === 'string' && u.length > 0)
        .map((uid) => ({ uid, savedAt: 0, snapshot: null })),
    }),
  },
  parse(data) {
    if (typeof data !== 'object' || data === null || !Array.isArray((data as Stored).entries))
      return undefined
    const entries = (data as Stored).entries
    return entries.every(isEntry) ? { entries } : undefined
  },
})

let cache: Stored | undefined

function read(): Stored {
  cache ??= store.read() ?? { entries: [] }
  return cache
}

function write(next: Stored): WriteResult {
  const result = store.write(next)
  // Only what storage holds counts: after a failed write the list stays as it was.
  if (result === 'ok') cache = next
  return result
}

/** Forgets what was read, as a restart does (tests). */
export function forgetSavedSession(): void {
  cache = undefined
}

export function savedEntries(): readonly SavedEntry[] {
  return read().entries
}

export function isSaved(uid: string): boolean {
  return read().entries.some((e) => e.uid === uid)
}

export function saveEvent(event: CalendarEvent): WriteResult {
  const entries = read().entries.filter((e) => e.uid !== event.uid)
  return write({ entries: [...entries, { uid: event.uid, savedAt: now(), snapshot: event.source }] })
}

/** Removes a saved event; the entry comes back for an undo. */
export function unsaveEvent(uid: string): { result: WriteResult; removed?: SavedEntry } {
  const removed = read().entries.find((e) => e.uid === uid)
  if (!removed) return { result: 'ok' }
  const result = write({ entries: read().entries.filter((e) => e.uid !== uid) })
  return result === 'ok' ? { result, removed } : { result }
}

/** Puts back an entry removed by unsaveEvent (undo), as it was. */
export function restoreEvent(entry: SavedEntry): WriteResult {
  if (isSaved(entry.uid)) return 'ok'
  return write({ entries: [...read().entries, entry] })
}

/** The reader has seen the event as it is now: its changes are no longer news. Also fills old entries. */
export function acknowledge(event: CalendarEvent): WriteResult {
  const entries = read().entries
  const index = entries.findIndex((e) => e.uid === event.uid)
  const entry = entries[index]
  if (!entry || entry.snapshot === event.source) return 'ok'
  const next = entries.slice()
  next[index] = { ...entry, snapshot: event.source }
  return write({ entries: next })
}

const SNAPSHOT_URL = 'https://saved.invalid/events.json'

function snapshotEvent(entry: SavedEntry): CalendarEvent | undefined {
  if (!entry.snapshot) return undefined
  try {
    return parseEvents(entry.snapshot, SNAPSHOT_URL).events[0]
  } catch {
    return undefined
  }
}

const json = (value: unknown): string => JSON.stringify(value ?? null)

/** What changed between the saved snapshot and the published event. */
export function changesBetween(before: JSCalendarEvent, after: JSCalendarEvent): Change[] {
  if (before.sequence === after.sequence && before.updated === after.updated) return []
  const changes: Change[] = []
  const date = (e: JSCalendarEvent): string =>
    json([
      e.start,
      e.duration,
      e.timeZone,
      e.showWithoutTime,
      e['bcecc.be:dateStatus'],
      e['bcecc.be:datePrecision'],
    ])
  const venue = (e: JSCalendarEvent): string =>
    json(
      Object.values(e.locations ?? {})
        .map((l) => [l.name, l.coordinates])
        .concat(Object.values(e.virtualLocations ?? {}).map((v) => [v.uri, ''])),
    )
  if (date(before) !== date(after)) changes.push('date')
  if (venue(before) !== venue(after)) changes.push('venue')
  if ((before.status ?? 'confirmed') !== (after.status ?? 'confirmed')) changes.push('status')
  return changes
}

/** The saved events against the published ones. */
export function savedItems(published: readonly CalendarEvent[]): SavedItem[] {
  const byUid = new Map(published.map((e) => [e.uid, e]))
  return read().entries.map((entry) => {
    const current = byUid.get(entry.uid)
    const changes = current && entry.snapshot ? changesBetween(entry.snapshot, current.source) : []
    return { entry, event: current ?? snapshotEvent(entry), listed: current !== undefined, changes }
  })
}
