// What the reader saved, events and articles, in one versioned index under a user key (never evicted). Events keep
// a snapshot of themselves in the index; an article's text is long, so each saved article has a key of its own
// (its "slot", named in the index) and the index keeps what the Saved tab lists. Version 3 took over from the
// saved-events-only format (key user:saved-events, versions 0 to 2), which is read and migrated on first use.

import type { JSCalendarEvent } from '../core/events'
import { isRecord } from '../core/format'
import { KEYS, defineStore, type WriteResult } from './storage'

export interface SavedEntry {
  uid: string
  savedAt: number
  /** The event as published when saved (or when the reader last saw its changes); null only for entries kept
   * from the first format, which stored no events (filled at the next refresh). */
  snapshot: JSCalendarEvent | null
}

export interface SavedArticleEntry {
  id: string
  /** The storage slot of the article's text (KEYS.savedArticle). */
  slot: string
  savedAt: number
  /** What the Saved tab lists without reading the article. */
  title: string
  summary: string
  language: string
  domain: string
  published: number | null
  /** The endpoint said the article is gone (404): kept, marked "no longer published". */
  gone: boolean
}

export interface Saved {
  events: SavedEntry[]
  articles: SavedArticleEntry[]
}

function isEventEntry(value: unknown): value is SavedEntry {
  return (
    isRecord(value) &&
    typeof value.uid === 'string' &&
    value.uid.length > 0 &&
    typeof value.savedAt === 'number' &&
    (value.snapshot === null || isRecord(value.snapshot))
  )
}

function isArticleEntry(value: unknown): value is SavedArticleEntry {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    value.id.length > 0 &&
    typeof value.slot === 'string' &&
    /^[0-9a-z]{1,16}$/.test(value.slot) &&
    typeof value.savedAt === 'number' &&
    typeof value.title === 'string' &&
    typeof value.summary === 'string' &&
    typeof value.language === 'string' &&
    typeof value.domain === 'string' &&
    (value.published === null || typeof value.published === 'number') &&
    typeof value.gone === 'boolean'
  )
}

const store = defineStore<Saved>({
  key: KEYS.saved,
  formerKey: KEYS.savedEventsBefore,
  version: 3,
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
    // Version 2: { entries } of events only.
    2: (data) => ({ events: (data as { entries?: unknown }).entries, articles: [] }),
  },
  parse(data) {
    if (!isRecord(data) || !Array.isArray(data.events) || !Array.isArray(data.articles)) return undefined
    const { events, articles } = data
    return events.every(isEventEntry) && articles.every(isArticleEntry) ? { events, articles } : undefined
  },
})

/** What storage holds now: read each time, so that only what was written counts (a failed write changes nothing). */
export function readSaved(): Saved {
  return store.read() ?? { events: [], articles: [] }
}

export function writeSaved(next: Saved): WriteResult {
  return store.write(next)
}
