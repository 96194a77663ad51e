// A document that breaks a page (a view that throws on it, as an unknown bug would) is never used again: the page
// keeps what it showed or falls back to the bundled snapshot, says so, the document leaves the cache and is refused
// when the server sends it again, and the next launch starts clean.

import { DEVELOPMENT_FEED_URL } from '../../../miniprogram/core/config'
import { KEYS } from '../../../miniprogram/services/storage'
import { realNow, setNow } from '../../setup/clock'
import { openPage, texts, type AnyPage } from '../../setup/simulate'
import { sample } from '../../setup/sample'
import type * as EventsViewModule from '../../../miniprogram/view/events'

// The Events view fails on any calendar holding the event "poison"; every other calendar draws as usual.
jest.mock('../../../miniprogram/view/events', () => {
  const actual = jest.requireActual<typeof EventsViewModule>('../../../miniprogram/view/events')
  return {
    ...actual,
    eventsView: (input: Parameters<typeof actual.eventsView>[0]) => {
      if (input.events.some((e) => e.uid === 'poison')) throw new RangeError('a view that cannot be drawn')
      return actual.eventsView(input)
    },
  }
})

const EVENTS_URL = DEVELOPMENT_FEED_URL.replace('feed.json', 'events.json')
const group = sample('events') as { updated?: string; entries: Array<Record<string, unknown>> }
const poisoned = {
  ...group,
  updated: '2030-01-01T00:00:00Z',
  entries: [...group.entries, { ...group.entries[0], uid: 'poison', title: 'Poison' }],
}
const cache = (body: unknown): void => {
  const at = Date.UTC(2022, 2, 15, 3)
  fakeWx.storage.set(
    KEYS.events,
    JSON.stringify({ v: 1, at, data: { url: EVENTS_URL, body, fetchedAt: at, checkedAt: at } }),
  )
}
const open = async (): Promise<AnyPage> => (await openPage('pages/events/index')).page
const titles = (page: AnyPage): string[] => texts(page, '.bc-row__title')

beforeEach(() => setNow('2022-03-15T04:00:00Z'))
afterEach(() => realNow())

test('a poisoned cache entry: the bundled calendar shows with a notice, the entry goes, a relaunch starts clean', async () => {
  cache(poisoned)
  // The server still has the same bad version.
  fakeWx.serveJson(EVENTS_URL, poisoned)
  const page = await open()
  expect(page.data.state).toBe('ready')
  expect(titles(page).length).toBeGreaterThan(0)
  expect(titles(page)).not.toContain('Poison')
  expect(texts(page, '.bc-stale')[0]).toMatch(/^Not updated: /)
  expect(fakeWx.storage.has(KEYS.events)).toBe(false)
  expect(JSON.parse(fakeWx.storage.get(KEYS.broken) ?? '{}').data).toHaveLength(1)

  // Relaunch: the bad version is refused when the server sends it again; the page draws, nothing is cached.
  const again = await open()
  expect(again.data.state).toBe('ready')
  expect(titles(again)).not.toContain('Poison')
  expect(texts(again, '.bc-stale')).toEqual(['Not updated: the content could not be read'])
  expect(fakeWx.storage.has(KEYS.events)).toBe(false)

  // A fixed version is taken as usual, and the notice goes.
  fakeWx.serveJson(EVENTS_URL, { ...group, updated: '2030-01-02T00:00:00Z' })
  const fixed = await open()
  expect(texts(fixed, '.bc-stale')).toEqual([])
  expect(fakeWx.storage.has(KEYS.events)).toBe(true)
})

test('a fresh version that cannot be drawn leaves the good one on screen, says so, and is not kept', async () => {
  cache(group)
  fakeWx.serveJson(EVENTS_URL, poisoned)
  const page = await open()
  expect(page.data.state).toBe('ready')
  expect(titles(page)).not.toContain('Poison')
  expect(texts(page, '.bc-stale')).toEqual(['Not updated: the new version could not be shown'])
  expect(fakeWx.storage.has(KEYS.events)).toBe(false)
  const again = await open()
  expect(again.data.state).toBe('ready')
  expect(titles(again)).not.toContain('Poison')
})
