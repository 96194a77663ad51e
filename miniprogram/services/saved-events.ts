// The reader's saved events, kept with the saved articles (services/saved-store), apart from any cache. Each keeps the event as it was
// when saved, so it survives restarts, app updates and its removal from the endpoint; comparing that snapshot
// with the published event tells what changed. A write that fails (storage full) changes nothing and says so.

import { changesBetween, parseEvents, type CalendarEvent, type Change } from '../core/events'
import { now } from '../core/clock'
import { readSaved, writeSaved, type SavedEntry } from './saved-store'
import type { WriteResult } from './storage'

export type { SavedEntry } from './saved-store'

export interface SavedItem {
  entry: SavedEntry
  /** The event to show: the published one while it is listed, else the snapshot. */
  event: CalendarEvent | undefined
  listed: boolean
  /** What changed since it was saved (or since the reader last looked). */
  changes: Change[]
}

function writeEvents(events: SavedEntry[]): WriteResult {
  return writeSaved({ ...readSaved(), events })
}

export function savedEntries(): readonly SavedEntry[] {
  return readSaved().events
}

export function isSaved(uid: string): boolean {
  return readSaved().events.some((e) => e.uid === uid)
}

export function saveEvent(event: CalendarEvent): WriteResult {
  const entries = readSaved().events.filter((e) => e.uid !== event.uid)
  return writeEvents([...entries, { uid: event.uid, savedAt: now(), snapshot: event.source }])
}

/** Removes a saved event; the entry comes back for an undo. */
export function unsaveEvent(uid: string): { result: WriteResult; removed?: SavedEntry } {
  const removed = readSaved().events.find((e) => e.uid === uid)
  if (!removed) return { result: 'ok' }
  const result = writeEvents(readSaved().events.filter((e) => e.uid !== uid))
  return result === 'ok' ? { result, removed } : { result }
}

/** Puts back an entry removed by unsaveEvent (undo), as it was. */
export function restoreEvent(entry: SavedEntry): WriteResult {
  if (isSaved(entry.uid)) return 'ok'
  return writeEvents([...readSaved().events, entry])
}

/** The reader has seen the event as it is now: its changes are no longer news. Also fills old entries. */
export function acknowledge(event: CalendarEvent): WriteResult {
  const entries = readSaved().events
  const index = entries.findIndex((e) => e.uid === event.uid)
  const entry = entries[index]
  if (!entry || entry.snapshot === event.source) return 'ok'
  const next = entries.slice()
  next[index] = { ...entry, snapshot: event.source }
  return writeEvents(next)
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

/** The saved events against the published ones. */
export function savedItems(published: readonly CalendarEvent[]): SavedItem[] {
  const byUid = new Map(published.map((e) => [e.uid, e]))
  return readSaved().events.map((entry) => {
    const current = byUid.get(entry.uid)
    const changes = current && entry.snapshot ? changesBetween(entry.snapshot, current.source) : []
    return { entry, event: current ?? snapshotEvent(entry), listed: current !== undefined, changes }
  })
}
