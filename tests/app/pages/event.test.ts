// The event page as a reader uses it: opened from a list, a shared link or a saved entry; saved, added to the
// phone calendar, shared; a recurring event on the occurrence tapped; time zones said plainly.

import { KEYS } from '../../../miniprogram/services/storage'
import { realNow, setNow } from '../../setup/clock'
import { call, openPage, settle, tap, texts, type AnyPage } from '../../setup/simulate'
import { CONTENT_BASE, sampleEvents } from '../../setup/sample'

const group = sampleEvents()
const open = async (uid: string): Promise<AnyPage> =>
  (await openPage('pages/event/index', { uid: encodeURIComponent(uid) })).page
const acts = (): Array<{ api: string; options: Record<string, unknown> }> =>
  fakeWx.calls.filter((c) => c.api !== 'setNavigationBarTitle')
const saved = (): string[] =>
  (
    JSON.parse(fakeWx.storage.get(KEYS.saved) ?? '{"data":{"events":[]}}').data.events as Array<{
      uid: string
    }>
  ).map((e) => e.uid)

beforeEach(() => setNow('2022-03-15T04:00:00Z'))
afterEach(() => realNow())

describe('event page', () => {
  test('shows the fair with its days, venue, organiser and hybrid badge, without a request', async () => {
    const page = await open('cmef-2022')
    expect(fakeWx.requests).toHaveLength(0)
    expect(texts(page, '.bc-event__title')).toEqual(['China Medical Equipment Fair (CMEF)'])
    expect(texts(page, '.bc-event__date')).toEqual(['7–10 Apr 2022'])
    expect(texts(page, '.bc-badge')).toEqual(['Hybrid'])
    expect(texts(page, '.bc-event__strong')[0]).toBe('Shanghai')
    expect(texts(page, '.bc-event__row')).toEqual(
      expect.arrayContaining([expect.stringContaining('Flanders Investment & Trade (FIT)')]),
    )
  })

  test('saves and unsaves, with a word each time', async () => {
    const page = await open('cmef-2022')
    tap(page, '#save')
    await settle()
    expect(saved()).toEqual(['cmef-2022'])
    expect(page.data.saved).toBe(true)
    tap(page, '#save')
    await settle()
    expect(saved()).toEqual([])
    expect(fakeWx.toasts).toEqual(['Saved: find it in Saved, also offline', 'Removed from Saved'])
  })

  test('says so, and changes nothing, when storage is full', async () => {
    const page = await open('cmef-2022')
    fakeWx.storageQuotaBytes = 10
    tap(page, '#save')
    await settle()
    expect(page.data.saved).toBe(false)
    expect(fakeWx.toasts[0]).toMatch(/storage .* is full/)
  })

  test('adds an all-day event to the phone calendar as all-day, with an alarm a day before', async () => {
    const page = await open('cmef-2022')
    tap(page, '#calendar')
    await settle()
    const local = (d: number): number => Math.floor(new Date(2022, 3, d).getTime() / 1000)
    expect(acts()).toEqual([
      {
        api: 'addPhoneCalendar',
        options: expect.objectContaining({
          title: 'China Medical Equipment Fair (CMEF)',
          allDay: true,
          startTime: local(7),
          endTime: String(local(10)),
          alarm: true,
          alarmOffset: 86400,
        }) as unknown,
      },
    ])
    expect(page.data.inCalendar).toBe(true)
    expect(fakeWx.toasts).toEqual(['Added to your calendar'])
    // Remembered: the next visit says so.
    const again = await open('cmef-2022')
    expect(again.data.inCalendar).toBe(true)
    expect(texts(again, '#calendar')).toEqual(['In your calendar'])
  })

  test('adds a timed event at its instant, in unix seconds', async () => {
    const timed = {
      '@type': 'Event',
      uid: 'talk',
      updated: '2022-01-01T00:00:00Z',
      title: 'Talk',
      start: '2022-04-20T16:00:00',
      duration: 'PT1H30M',
      timeZone: 'Asia/Shanghai',
    }
    fakeWx.serveJson(`${CONTENT_BASE}events/talk.json`, timed)
    const page = await open('talk')
    tap(page, '#calendar')
    await settle()
    expect(acts()[0]?.options).toEqual(
      expect.objectContaining({
        allDay: false,
        startTime: Date.parse('2022-04-20T08:00:00Z') / 1000,
        endTime: String(Date.parse('2022-04-20T09:30:00Z') / 1000),
      }),
    )
  })

  test('records nothing when the reader cancels, and explains a refused permission with a way to settings', async () => {
    const page = await open('chinabio-2022')
    fakeWx.failNext.set('addPhoneCalendar', 'addPhoneCalendar:fail cancel')
    tap(page, '#calendar')
    await settle()
    expect(page.data.inCalendar).toBe(false)
    expect(fakeWx.toasts).toEqual([])
    expect(fakeWx.storage.has(KEYS.calendarAdditions)).toBe(false)
    fakeWx.failNext.set('addPhoneCalendar', 'addPhoneCalendar:fail auth deny')
    tap(page, '#calendar')
    await settle()
    expect(acts().map((c) => c.api)).toEqual([
      'addPhoneCalendar',
      'addPhoneCalendar',
      'showModal',
      'openSetting',
    ])
    expect(page.data.inCalendar).toBe(false)
  })

  test('offers no calendar for an event without a date', async () => {
    const page = await open('flanders-health-mission')
    expect(texts(page, '.bc-event__date')).toEqual(['Date to be announced'])
    expect(page.data.event.canAddToCalendar).toBe(false)
    expect(texts(page, '.bc-event__hint')).toEqual(['No date yet to put in a calendar'])
  })

  test('opens the venue on the map and copies the registration link', async () => {
    const withLink = {
      ...group.entries[1],
      links: {
        register: {
          '@type': 'Link',
          href: 'https://chinabio.example/register',
          rel: 'registration',
          title: 'Register',
        },
      },
    }
    fakeWx.serveJson(`${CONTENT_BASE}events.json`, { ...group, entries: [withLink] })
    const events = await openPage('pages/events/index')
    void events
    fakeWx.calls.length = 0
    const page = await open('chinabio-2022')
    page.querySelector('.bc-event__link')?.dispatchEvent('tap')
    await settle()
    expect(acts()[0]).toEqual({
      api: 'openLocation',
      options: expect.objectContaining({
        latitude: 39.9042,
        longitude: 116.4074,
        name: 'Beijing',
      }) as unknown,
    })
    call(page, 'onCopyLink', { currentTarget: { dataset: { href: 'https://chinabio.example/register' } } })
    await settle()
    expect(acts()[1]).toEqual({
      api: 'setClipboardData',
      options: { data: 'https://chinabio.example/register' },
    })
  })

  test('lists each link once with its own label: the online session, then registration', async () => {
    const hybrid = {
      ...group.entries[1],
      virtualLocations: { online: { '@type': 'VirtualLocation', uri: 'https://meet.example/chinabio' } },
      links: {
        registration: { '@type': 'Link', href: 'https://chinabio.example/register', rel: 'registration' },
      },
    }
    fakeWx.serveJson(`${CONTENT_BASE}events.json`, { ...group, entries: [hybrid] })
    await openPage('pages/events/index')
    const page = await open('chinabio-2022')
    expect(texts(page, '.bc-section__title')).toContain('Links')
    expect(texts(page, '.bc-event__strong').slice(-2)).toEqual(['Online session', 'Registration'])
    expect(texts(page, '.bc-event__href')).toEqual([
      'https://meet.example/chinabio',
      'https://chinabio.example/register',
    ])
    expect(texts(page, '.bc-section__title').filter((t) => t === 'Registration')).toEqual([])
  })

  test('leaves out the section of attendance, organiser and description when the event says none of them', async () => {
    const bare = {
      '@type': 'Event',
      uid: 'bare',
      updated: '2022-01-01T00:00:00Z',
      title: 'Bare',
      start: '2022-04-07T09:00:00',
      timeZone: 'Asia/Shanghai',
    }
    fakeWx.serveJson(`${CONTENT_BASE}events.json`, { ...group, entries: [bare] })
    await openPage('pages/events/index')
    const page = await open('bare')
    expect(page.data.state).toBe('ready')
    expect(page.querySelectorAll('.bc-event__description')).toHaveLength(0)
    const sections = page.querySelectorAll('.bc-section')
    for (const section of sections) expect(section.dom?.textContent?.trim()).not.toBe('')
  })

  test('shares to chats and to Moments with a deep link by uid', async () => {
    fakeWx.language = 'zh_CN'
    const page = await open('biocentury-2022')
    expect(call(page, 'onShareAppMessage')).toEqual({
      title: 'BioCentury健康峰会',
      path: '/pages/event/index?uid=biocentury-2022',
    })
    expect(call(page, 'onShareTimeline')).toEqual({
      title: 'BioCentury健康峰会',
      query: 'uid=biocentury-2022',
    })
    expect(texts(page, '.bc-event__date')).toEqual(['2022年11月'])
  })

  test('still shows a saved event the endpoint has dropped, as it was saved', async () => {
    const first = await open('cmef-2022')
    tap(first, '#save')
    await settle()
    // A new calendar without the fair replaces the cached one; its own document is gone too.
    fakeWx.serveJson(`${CONTENT_BASE}events.json`, { ...group, entries: group.entries.slice(1) })
    const events = await openPage('pages/events/index')
    void events
    fakeWx.routes.set(`${CONTENT_BASE}events/cmef-2022.json`, () => ({ statusCode: 404, data: '{}' }))
    const page = await open('cmef-2022')
    expect(texts(page, '.bc-event__title')).toEqual(['China Medical Equipment Fair (CMEF)'])
    expect(texts(page, '.bc-event__notice')).toEqual(['No longer listed: shown as you saved it'])
  })

  test('says what changed since it was saved, once', async () => {
    const first = await open('chinabio-2022')
    tap(first, '#save')
    await settle()
    const moved = {
      ...group.entries[1],
      start: '2022-06-14T00:00:00',
      sequence: 1,
      updated: '2022-03-01T00:00:00Z',
    }
    fakeWx.serveJson(`${CONTENT_BASE}events.json`, { ...group, entries: [moved] })
    void (await openPage('pages/events/index'))
    const page = await open('chinabio-2022')
    expect(texts(page, '.bc-event__notice')).toEqual(['Changed since you saved it: date'])
    expect(texts(page, '.bc-event__date')).toEqual(['14–15 Jun 2022'])
    const again = await open('chinabio-2022')
    expect(texts(again, '.bc-event__notice')).toEqual([])
  })

  test('says so when the event does not exist', async () => {
    const page = await open('no-such-event')
    expect(page.data.state).toBe('missing')
  })
})
