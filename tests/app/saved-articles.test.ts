import fc from 'fast-check'
import { parseEvents, type CalendarEvent } from '../../miniprogram/core/events'
import { parseFeedPage, type Article } from '../../miniprogram/core/feed'
import {
  followPublished,
  isArticleSaved,
  markArticleGone,
  restoreArticle,
  saveArticle,
  savedArticle,
  savedArticleEntries,
  unsaveArticle,
  type RemovedArticle,
} from '../../miniprogram/services/saved-articles'
import {
  restoreEvent,
  saveEvent,
  savedEntries,
  unsaveEvent,
  type SavedEntry,
} from '../../miniprogram/services/saved-events'
import { KEYS } from '../../miniprogram/services/storage'
import { sample } from '../setup/sample'

const FEED = 'https://cdn.example.com/feed.json'
const articles = parseFeedPage(sample('feed'), FEED).articles
const events: CalendarEvent[] = parseEvents(sample('events'), FEED.replace('feed', 'events')).events
const byId = (id: string): Article => {
  const a = articles.find((x) => x.id === id)
  if (!a) throw new Error(id)
  return a
}
const slotKeys = (): string[] =>
  [...fakeWx.storage.keys()].filter((k) => k.startsWith(KEYS.savedArticle('')) && !k.endsWith(':unreadable'))
/** What a restart and an evicted content cache leave: only user keys. */
function evictCaches(): void {
  for (const key of [...fakeWx.storage.keys()]) if (key.startsWith('cache:')) fakeWx.storage.delete(key)
}

describe('saved articles', () => {
  test('saves the whole article, readable after a restart, and removes it with undo', () => {
    expect(saveArticle(byId('health-tech-en'))).toBe('ok')
    expect(saveArticle(byId('climate-tech-zh'))).toBe('ok')
    evictCaches()
    expect(savedArticleEntries().map((e) => [e.id, e.title])).toEqual([
      ['health-tech-en', byId('health-tech-en').title],
      ['climate-tech-zh', byId('climate-tech-zh').title],
    ])
    expect(savedArticle('health-tech-en')).toEqual(byId('health-tech-en'))
    expect(slotKeys()).toHaveLength(2)
    const { result, removed } = unsaveArticle('health-tech-en')
    expect(result).toBe('ok')
    expect(isArticleSaved('health-tech-en')).toBe(false)
    expect(savedArticle('health-tech-en')).toBeUndefined()
    expect(slotKeys()).toHaveLength(1)
    expect(restoreArticle(removed as RemovedArticle)).toBe('ok')
    expect(savedArticle('health-tech-en')).toEqual(byId('health-tech-en'))
  })

  test('saving again refreshes the copy; "gone" is set by a 404 and cleared when it is published again', () => {
    saveArticle(byId('digital-tech-en'))
    markArticleGone('digital-tech-en', true)
    expect(savedArticleEntries()[0]?.gone).toBe(true)
    const edited = { ...byId('digital-tech-en'), contentHtml: '<p>Edited.</p>' }
    expect(followPublished(edited)).toBe('ok')
    expect(savedArticleEntries()[0]?.gone).toBe(false)
    expect(savedArticle('digital-tech-en')?.contentHtml).toBe('<p>Edited.</p>')
    expect(slotKeys()).toHaveLength(1)
    expect(followPublished(byId('five-year-plan-en'))).toBe('ok')
    expect(isArticleSaved('five-year-plan-en')).toBe(false)
  })

  test('changes nothing and leaves no text behind when storage is full', () => {
    saveArticle(byId('health-tech-en'))
    const before = new Map(fakeWx.storage)
    fakeWx.storageQuotaBytes = [...fakeWx.storage.values()].reduce((n, v) => n + v.length + 40, 0) + 200
    expect(saveArticle(byId('guangzhou-office-en'))).toBe('quota')
    expect(new Map(fakeWx.storage)).toEqual(before)
    fakeWx.storageQuotaBytes = 10
    expect(unsaveArticle('health-tech-en').result).toBe('quota')
    expect(savedArticle('health-tech-en')).toEqual(byId('health-tech-en'))
  })

  test('an update whose index cannot be written keeps the copy saved before, and leaves no new text behind', () => {
    saveArticle(byId('health-tech-en'))
    const api = fakeWx.api as unknown as { setStorageSync: (key: string, value: unknown) => void }
    const original = api.setStorageSync
    api.setStorageSync = (key, value) => {
      if (key === KEYS.saved) throw new Error('setStorageSync:fail exceed storage max size')
      original(key, value)
    }
    try {
      expect(saveArticle({ ...byId('health-tech-en'), title: 'Edited' })).toBe('quota')
    } finally {
      api.setStorageSync = original
    }
    expect(savedArticle('health-tech-en')).toEqual(byId('health-tech-en'))
    expect(slotKeys()).toHaveLength(1)
    expect(saveArticle({ ...byId('health-tech-en'), title: 'Edited' })).toBe('ok')
    expect(savedArticle('health-tech-en')?.title).toBe('Edited')
    expect(slotKeys()).toHaveLength(1)
  })

  test('sets an unreadable copy aside, and reads stored keys without touching prototypes', () => {
    saveArticle(byId('health-tech-en'))
    const [slot] = slotKeys()
    const stored = JSON.parse(fakeWx.storage.get(slot as string) ?? '{}') as {
      data: { article: { translations: unknown; tags: unknown } }
    }
    stored.data.article.translations = JSON.parse('{"__proto__": "x", "constructor": "y", "zh": "z"}')
    fakeWx.storage.set(slot as string, JSON.stringify(stored))
    expect(savedArticle('health-tech-en')?.translations).toEqual({ zh: 'z' })
    expect(Object.prototype).toEqual({})
    stored.data.article.tags = 'not a list'
    fakeWx.storage.set(slot as string, JSON.stringify(stored))
    expect(savedArticle('health-tech-en')).toBeUndefined()
    expect(fakeWx.storage.has(`${slot}:unreadable`)).toBe(true)
    // The entry stays listed: the reader still sees what they saved, and may remove it.
    expect(isArticleSaved('health-tech-en')).toBe(true)
  })

  test('always holds exactly what the reader saved, events and articles, over 500 random sequences', () => {
    const ids = articles.map((a) => a.id)
    const uids = events.map((e) => e.uid)
    type Action =
      | { kind: 'save' | 'unsave'; what: 'article' | 'event'; index: number; full: boolean }
      | { kind: 'undo'; full: boolean }
      | { kind: 'gone'; index: number; gone: boolean }
      | { kind: 'restart' }
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({
        kind: fc.constantFrom('save' as const, 'unsave' as const),
        what: fc.constantFrom('article' as const, 'event' as const),
        index: fc.nat(),
        full: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('undo' as const), full: fc.boolean() }),
      fc.record({ kind: fc.constant('gone' as const), index: fc.nat(), gone: fc.boolean() }),
      fc.record({ kind: fc.constant('restart' as const) }),
    )
    fc.assert(
      fc.property(fc.subarray(uids), fc.array(action, { maxLength: 30 }), (initial, actions) => {
        fakeWx.reset()
        // Readers come from the events-only format.
        const entries = initial.map((uid) => ({ uid, savedAt: 1, snapshot: null }))
        fakeWx.storage.set(KEYS.savedEventsBefore, JSON.stringify({ v: 2, at: 1, data: { entries } }))
        const savedIds = new Set<string>()
        const savedUids = new Set(initial)
        let undo:
          { kind: 'article'; removed: RemovedArticle } | { kind: 'event'; entry: SavedEntry } | undefined
        for (const a of actions) {
          if ('full' in a && a.full) fakeWx.storageQuotaBytes = 10
          if (a.kind === 'save' || a.kind === 'unsave') {
            if (a.what === 'article') {
              const id = ids[a.index % ids.length] as string
              if (a.kind === 'save') {
                if (saveArticle(byId(id)) === 'ok') savedIds.add(id)
              } else {
                const { result, removed } = unsaveArticle(id)
                if (result === 'ok') savedIds.delete(id)
                if (removed) undo = { kind: 'article', removed }
              }
            } else {
              const event = events[a.index % events.length] as CalendarEvent
              if (a.kind === 'save') {
                if (saveEvent(event) === 'ok') savedUids.add(event.uid)
              } else {
                const { result, removed } = unsaveEvent(event.uid)
                if (result === 'ok') savedUids.delete(event.uid)
                if (removed) undo = { kind: 'event', entry: removed }
              }
            }
          } else if (a.kind === 'undo') {
            if (undo?.kind === 'article' && restoreArticle(undo.removed) === 'ok')
              savedIds.add(undo.removed.entry.id)
            if (undo?.kind === 'event' && restoreEvent(undo.entry) === 'ok') savedUids.add(undo.entry.uid)
          } else if (a.kind === 'gone') {
            markArticleGone(ids[a.index % ids.length] as string, a.gone)
          } else evictCaches()
          fakeWx.storageQuotaBytes = 10 * 1024 * 1024
          expect(new Set(savedArticleEntries().map((e) => e.id))).toEqual(savedIds)
          expect(new Set(savedEntries().map((e) => e.uid))).toEqual(savedUids)
        }
        evictCaches()
        expect(new Set(savedEntries().map((e) => e.uid))).toEqual(savedUids)
        // Every saved article reads whole, and no text is kept for an article that is not saved.
        for (const id of savedIds) expect(savedArticle(id)).toEqual(byId(id))
        expect(slotKeys()).toHaveLength(savedIds.size)
      }),
      { numRuns: 500 },
    )
  })
})
