import { KEYS, defineStore } from '../../miniprogram/services/storage'
import { setClock } from '../../miniprogram/core/clock'

interface Settings {
  language: 'en' | 'zh'
  fontScale: number
}

// Version 1 stored { lang }, version 2 { language }, version 3 adds fontScale.
const settings = () =>
  defineStore<Settings>({
    key: KEYS.settings,
    version: 3,
    migrations: {
      0: (data) => ({ lang: (data as { lang?: string }).lang ?? 'en' }),
      1: (data) => ({ language: (data as { lang: string }).lang }),
      2: (data) => ({ ...(data as object), fontScale: 1 }),
    },
    parse: (data) => {
      const d = data as Partial<Settings>
      return (d.language === 'en' || d.language === 'zh') && typeof d.fontScale === 'number'
        ? { language: d.language, fontScale: d.fontScale }
        : undefined
    },
  })

const cache = (key: string) =>
  defineStore<string>({ key, version: 1, parse: (d) => (typeof d === 'string' ? d : undefined) })
const raw = (key: string): unknown =>
  fakeWx.storage.has(key) ? JSON.parse(fakeWx.storage.get(key) ?? '') : undefined

afterEach(() => setClock())

describe('storage', () => {
  test('writes a versioned envelope and reads it back', () => {
    setClock(() => 1_000)
    expect(settings().write({ language: 'zh', fontScale: 1.2 })).toBe('ok')
    expect(raw(KEYS.settings)).toEqual({ v: 3, at: 1_000, data: { language: 'zh', fontScale: 1.2 } })
    expect(settings().read()).toEqual({ language: 'zh', fontScale: 1.2 })
    expect(settings().writtenAt()).toBe(1_000)
  })

  test.each([
    ['an unversioned value (before envelopes)', { lang: 'zh' }],
    ['version 1', { v: 1, at: 5, data: { lang: 'zh' } }],
    ['version 2', { v: 2, at: 5, data: { language: 'zh' } }],
  ])('migrates %s to the current version', (_name, stored) => {
    fakeWx.storage.set(KEYS.settings, JSON.stringify(stored))
    expect(settings().read()).toEqual({ language: 'zh', fontScale: 1 })
  })

  test('sets a corrupted user value aside instead of letting the next write destroy it', () => {
    fakeWx.storage.set(KEYS.settings, JSON.stringify({ v: 3, at: 5, data: { language: 'fr' } }))
    expect(settings().read()).toBeUndefined()
    expect(raw(`${KEYS.settings}:unreadable`)).toEqual(
      expect.objectContaining({ data: { v: 3, at: 5, data: { language: 'fr' } } }),
    )
    settings().write({ language: 'en', fontScale: 1 })
    expect(raw(`${KEYS.settings}:unreadable`)).toEqual(
      expect.objectContaining({ data: { v: 3, at: 5, data: { language: 'fr' } } }),
    )
  })

  test('neither reads nor overwrites a value written by a newer version of the app', () => {
    fakeWx.storage.set(KEYS.settings, JSON.stringify({ v: 9, at: 5, data: { future: true } }))
    expect(settings().read()).toBeUndefined()
    expect(settings().write({ language: 'en', fontScale: 1 })).toBe('refused')
    expect(raw(KEYS.settings)).toEqual({ v: 9, at: 5, data: { future: true } })
  })

  test('evicts caches, oldest first, to make room, and never user data', () => {
    fakeWx.storageQuotaBytes = 3_000
    setClock(() => 1)
    cache('cache:old').write('o'.repeat(900))
    setClock(() => 2)
    cache('cache:new').write('n'.repeat(900))
    setClock(() => 3)
    settings().write({ language: 'zh', fontScale: 1 })
    expect(cache('cache:big').write('b'.repeat(1500))).toBe('ok')
    expect(fakeWx.storage.has('cache:old')).toBe(false)
    expect(fakeWx.storage.has('cache:new')).toBe(true)
    expect(settings().read()).toEqual({ language: 'zh', fontScale: 1 })
  })

  test('keeps the old value when a write cannot fit even after evicting every cache', () => {
    fakeWx.storageQuotaBytes = 2_000
    cache('cache:a').write('a'.repeat(500))
    const user = defineStore<string>({
      key: KEYS.saved,
      version: 1,
      parse: (d) => (typeof d === 'string' ? d : undefined),
    })
    expect(user.write('kept')).toBe('ok')
    expect(user.write('x'.repeat(5_000))).toBe('quota')
    expect(user.read()).toBe('kept')
    expect(fakeWx.storage.has('cache:a')).toBe(false)
  })

  test('treats a missing or unreadable storage as empty', () => {
    expect(settings().read()).toBeUndefined()
    const original = fakeWx.api.getStorageSync
    fakeWx.api.getStorageSync = () => {
      throw new Error('getStorageSync:fail')
    }
    try {
      expect(settings().read()).toBeUndefined()
    } finally {
      fakeWx.api.getStorageSync = original
    }
  })
})
