// The only caller of the storage APIs. Every value is kept in a versioned envelope and read through a store
// definition that migrates older versions. A failed write (quota full) leaves the old value as it was; caches are
// evicted, oldest first, to make room, and user data never is. A corrupted user value is set aside, not overwritten.

import { now } from '../core/clock'

/** Every key the app stores, in one place. Cache keys may be evicted; user keys never are. */
export const KEYS = {
  feed: 'cache:feed',
  events: 'cache:events',
  office: 'cache:office',
  document: (url: string): string => `cache:doc:${url}`,
  /** Fingerprints of documents that broke a page once: refused from then on. */
  broken: 'cache:broken',
  /** The reader's saved events and articles (the index; each article's text has its own key). */
  saved: 'user:saved',
  /** Where saved events were kept before articles could be saved too (read once, then removed). */
  savedEventsBefore: 'user:saved-events',
  savedArticle: (slot: string): string => `user:saved-article:${slot}`,
  calendarAdditions: 'user:calendar-additions',
  settings: 'user:settings',
} as const

export interface Envelope {
  /** Format version of `data`. */
  v: number
  /** When it was written (epoch ms). */
  at: number
  data: unknown
}

export interface StoreDefinition<T> {
  key: string
  version: number
  /** Turns the data of version `from` into version `from + 1`. Version 0 is a value stored without an envelope. */
  migrations?: Record<number, (data: unknown) => unknown>
  /**
   * The key this value was kept under before (a rename): read, with the same migrations, while the key itself holds
   * nothing; removed once the value is written under the new key.
   */
  formerKey?: string
  /** Checks migrated data; undefined means corrupted. */
  parse(data: unknown): T | undefined
}

export type WriteResult = 'ok' | 'quota' | 'refused'

export interface Store<T> {
  read(): T | undefined
  /** When the stored value was written, if there is one. */
  writtenAt(): number | undefined
  write(value: T): WriteResult
  remove(): void
}

const isCacheKey = (key: string): boolean => key.startsWith('cache:')

function isEnvelope(raw: unknown): raw is Envelope {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as Envelope).v === 'number' &&
    typeof (raw as Envelope).at === 'number' &&
    'data' in raw
  )
}

function readRaw(key: string): unknown {
  try {
    const raw: unknown = wx.getStorageSync(key)
    return raw === '' ? undefined : raw
  } catch {
    return undefined
  }
}

/** Cache keys with their write times, oldest first. */
function cacheEntriesOldestFirst(except: string): Array<{ key: string; at: number }> {
  let keys: string[]
  try {
    keys = wx.getStorageInfoSync().keys
  } catch {
    return []
  }
  return keys
    .filter((k) => isCacheKey(k) && k !== except)
    .map((key) => {
      const raw = readRaw(key)
      return { key, at: isEnvelope(raw) ? raw.at : 0 }
    })
    .sort((a, b) => a.at - b.at)
}

/** Writes, evicting caches oldest first while the quota is full. Never removes a user key. */
function writeRaw(key: string, envelope: Envelope): WriteResult {
  const evictable = (): Array<{ key: string; at: number }> => cacheEntriesOldestFirst(key)
  let victims: Array<{ key: string; at: number }> | undefined
  for (;;) {
    try {
      wx.setStorageSync(key, envelope)
      return 'ok'
    } catch {
      victims ??= evictable()
      const victim = victims.shift()
      if (!victim) return 'quota'
      try {
        wx.removeStorageSync(victim.key)
      } catch {
        return 'quota'
      }
    }
  }
}

function removeRaw(key: string): void {
  try {
    wx.removeStorageSync(key)
  } catch {
    // nothing stored, or storage unavailable: either way nothing to remove
  }
}

export function defineStore<T>(definition: StoreDefinition<T>): Store<T> {
  const { key, version } = definition
  const user = !isCacheKey(key)
  /** A value written by a newer version of the app: this one cannot read it and must not overwrite it. */
  const fromTheFuture = (raw: unknown): boolean => isEnvelope(raw) && raw.v > version

  const setAside = (raw: unknown): void => {
    // Keep the one copy of user data we could not read; a later write would otherwise replace it.
    const backup = `${key}:unreadable`
    if (readRaw(backup) === undefined) writeRaw(backup, { v: 0, at: now(), data: raw })
  }

  const migrate = (raw: unknown): T | undefined => {
    let data: unknown = raw
    let from = 0
    if (isEnvelope(raw)) {
      data = raw.data
      from = raw.v
    }
    if (from > version) return undefined
    for (; from < version; from++) {
      const step = definition.migrations?.[from]
      if (!step) return undefined
      try {
        data = step(data)
      } catch {
        return undefined
      }
    }
    return definition.parse(data)
  }

  return {
    read() {
      let raw = readRaw(key)
      if (raw === undefined && definition.formerKey) raw = readRaw(definition.formerKey)
      if (raw === undefined) return undefined
      const value = migrate(raw)
      if (value === undefined && user && !fromTheFuture(raw)) setAside(raw)
      return value
    },
    writtenAt() {
      const raw = readRaw(key)
      return isEnvelope(raw) ? raw.at : undefined
    },
    write(value) {
      const current = readRaw(key) ?? (definition.formerKey ? readRaw(definition.formerKey) : undefined)
      if (fromTheFuture(current)) return 'refused'
      const result = writeRaw(key, { v: version, at: now(), data: value })
      if (result === 'ok' && definition.formerKey) removeRaw(definition.formerKey)
      return result
    },
    remove() {
      removeRaw(key)
    },
  }
}
