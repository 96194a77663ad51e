// The Saved tab: saved events (upcoming, then past, each with what changed since saving) and saved articles
// (readable offline), removal with undo, and the phone calendar from here.

import { KEYS } from '../../../miniprogram/services/storage'
import { realNow, setNow } from '../../setup/clock'
import { call, openPage, settle, tap, texts, type AnyPage } from '../../setup/simulate'
import { CONTENT_BASE, sampleEvents } from '../../setup/sample'

const group = sampleEvents()
const open = async (): Promise<AnyPage> => (await openPage('pages/saved/index')).page

/** Saved entries as the event page writes them: each with the event as published. */
function saveBundled(uids: string[]): void {
  const entries = uids.map((uid, i) => ({
    uid,
    savedAt: i,
    snapshot: group.entries.find((e) => e.uid === uid),
  }))
  fakeWx.storage.set(KEYS.saved, JSON.stringify({ v: 2, at: 1, data: { entries } }))
}

beforeEach(() => {
  setNow('2022-04-20T00:00:00Z')
  fakeWx.serveJson(`${CONTENT_BASE}events.json`, group)
})
afterEach(() => realNow())

describe('saved events page', () => {
  test('leads to Events when nothing is saved', async () => {
    const page = await open()
    expect(texts(page, '.bc-saved__status')[0]).toContain('No saved events yet')
    tap(page, '#browse')
    await settle()
    expect(fakeWx.calls).toContainEqual({ api: 'switchTab', options: { url: '/pages/events/index' } })
  })

  test('lists upcoming events first, soonest first, then past ones', async () => {
    saveBundled(['biocentury-2022', 'cmef-2022', 'flanders-health-mission', 'chinabio-2022'])
    const page = await open()
    expect(texts(page, '.bc-saved__group')).toEqual(['Upcoming', 'Past events'])
    expect(texts(page, '.bc-row__title')).toEqual([
      'ChinaBio Partnering Forum',
      'BioCentury Health Summit',
      'Flanders Life Science & Health mission to China',
      'China Medical Equipment Fair (CMEF)',
    ])
  })

  test('keeps an event the endpoint no longer lists, and says so', async () => {
    saveBundled(['cmef-2022', 'chinabio-2022'])
    fakeWx.serveJson(`${CONTENT_BASE}events.json`, { ...group, entries: group.entries.slice(2) })
    const page = await open()
    expect(texts(page, '.bc-row__title')).toEqual([
      'ChinaBio Partnering Forum',
      'China Medical Equipment Fair (CMEF)',
    ])
    expect(texts(page, '.bc-saved__notice')).toEqual([
      'No longer listed: shown as you saved it',
      'No longer listed: shown as you saved it',
    ])
  })

  test('says what changed since saving', async () => {
    saveBundled(['chinabio-2022'])
    const cancelled = {
      ...group.entries[1],
      status: 'cancelled',
      sequence: 1,
      updated: '2022-04-01T00:00:00Z',
    }
    fakeWx.serveJson(`${CONTENT_BASE}events.json`, {
      ...group,
      entries: [group.entries[0], cancelled, group.entries[2], group.entries[3]],
    })
    const page = await open()
    expect(texts(page, '.bc-saved__notice')).toEqual(['Changed since you saved it: status'])
    expect(texts(page, '.bc-badge')).toContain('Cancelled')
  })

  test('removes with undo', async () => {
    saveBundled(['chinabio-2022', 'biocentury-2022'])
    const page = await open()
    page.querySelectorAll('.bc-saved__action--remove')[0]?.dispatchEvent('tap')
    await settle()
    expect(texts(page, '.bc-row__title')).toEqual(['BioCentury Health Summit'])
    expect(texts(page, '.bc-saved__undo-text')).toEqual(['Removed from Saved'])
    page.querySelector('.bc-saved__undo-action')?.dispatchEvent('tap')
    await settle()
    expect(texts(page, '.bc-row__title')).toEqual(['ChinaBio Partnering Forum', 'BioCentury Health Summit'])
    expect(texts(page, '.bc-saved__undo-text')).toEqual([])
  })

  test('adds to the phone calendar from here, only what still has days ahead', async () => {
    saveBundled(['chinabio-2022', 'cmef-2022', 'flanders-health-mission'])
    const page = await open()
    expect(page.querySelectorAll('.bc-saved__action').length).toBe(4)
    call(page, 'onAddToCalendar', { currentTarget: { dataset: { uid: 'chinabio-2022' } } })
    await settle()
    expect(fakeWx.calls).toContainEqual({
      api: 'addPhoneCalendar',
      options: expect.objectContaining({ title: 'ChinaBio Partnering Forum', allDay: true }) as unknown,
    })
  })
})
