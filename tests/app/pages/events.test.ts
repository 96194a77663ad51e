import { DEVELOPMENT_FEED_URL } from '../../../miniprogram/core/config'
import { KEYS } from '../../../miniprogram/services/storage'
import { realNow, setNow } from '../../setup/clock'
import {
  call,
  SETDATA_BUDGET_BYTES,
  nodeCount,
  openPage,
  settle,
  scrollToEnd,
  texts,
  type AnyPage,
  type ScrollRecord,
} from '../../setup/simulate'
import { lineHeight, type AgendaLine } from '../../../miniprogram/view/events'

const agendaLine = (line: AgendaLine): number => lineHeight(line, 375)
import { sampleEvents } from '../../setup/sample'

const EVENTS_URL = DEVELOPMENT_FEED_URL.replace('feed.json', 'events.json')
const group = sampleEvents()
const open = async (): Promise<{
  page: AnyPage
  log: { calls: number[]; paths: string[][]; mark(): void; sinceMark(): number[] }
}> => openPage('pages/events/index')
/** The days of the month grid that carry dots, with how many (read from the rendered DOM). */
const dots = (page: AnyPage): Array<[string, number]> =>
  Array.from(page.dom?.querySelectorAll('[class~="main--bc-cal__day"]') ?? []).flatMap((cell) => {
    const n = cell.querySelectorAll('[class~="main--bc-cal__dot"]').length
    return n > 0 ? [[cell.querySelector('wx-text')?.textContent ?? '', n] as [string, number]] : []
  })

/** Taps the grid's day numbered `n` (April 2022's grid repeats only 28 to 31 and 1), as a reader would. */
const tapDay = async (page: AnyPage, n: string): Promise<void> => {
  Array.from(page.querySelectorAll('.bc-cal__day'))
    .find((cell) => cell.dom?.querySelector('wx-text')?.textContent === n)
    ?.dispatchEvent('tap')
  await settle()
}

// Lets a test take away the bundled calendar, as if the app had shipped without one.
let noSnapshot = false
jest.mock('../../../miniprogram/generated/snapshot', () => {
  const actual = jest.requireActual<{ SNAPSHOT: { events: unknown } }>(
    '../../../miniprogram/generated/snapshot',
  )
  return {
    get SNAPSHOT() {
      return noSnapshot
        ? { ...actual.SNAPSHOT, events: { '@type': 'Group', entries: 'none' } }
        : actual.SNAPSHOT
    },
  }
})

afterEach(() => {
  realNow()
  noSnapshot = false
})

describe('events page', () => {
  beforeEach(() => fakeWx.serveJson(EVENTS_URL, group))

  test('as of March 2022, opens on April with the fair’s four days marked, and lists what is coming', async () => {
    setNow('2022-03-15T04:00:00Z')
    const { page } = await open()
    expect(texts(page, '.bc-cal__title')).toEqual(['April 2022'])
    expect(dots(page).map(([day]) => day)).toEqual(['7', '8', '9', '10'])
    expect(texts(page, '.bc-events__group')).toEqual([
      'April 2022',
      'May 2022',
      'November 2022',
      'Date to be announced',
    ])
    expect(texts(page, '.bc-row__title')).toEqual([
      'China Medical Equipment Fair (CMEF)',
      'ChinaBio Partnering Forum',
      'BioCentury Health Summit',
      'Flanders Life Science & Health mission to China',
    ])
    expect(texts(page, '.bc-row__date')).toEqual([
      '7–10 Apr 2022',
      '10–11 May 2022',
      'November 2022',
      'Date to be announced',
    ])
    expect(texts(page, '.bc-events__notice')).toEqual([])
  })

  test('shows the November summit without inventing days', async () => {
    setNow('2022-03-15T04:00:00Z')
    const { page } = await open()
    for (let i = 0; i < 7; i++) call(page, 'onNextMonth')
    await settle()
    expect(texts(page, '.bc-cal__title')).toEqual(['November 2022'])
    expect(dots(page)).toEqual([])
    expect(texts(page, '.bc-cal__note')).toEqual(['One event this month, days to be announced'])
  })

  test('with nothing upcoming (today), says so plainly and opens the most recent past events', async () => {
    setNow('2026-11-29T08:00:00Z')
    const { page } = await open()
    expect(texts(page, '.bc-events__notice')).toEqual([
      'No upcoming events for now. Here are the most recent ones.',
    ])
    expect(texts(page, '.bc-cal__title')).toEqual(['November 2022'])
    expect(texts(page, '.bc-row__title').slice(0, 3)).toEqual([
      'BioCentury Health Summit',
      'ChinaBio Partnering Forum',
      'China Medical Equipment Fair (CMEF)',
    ])
    expect(texts(page, '.bc-events__group').slice(-1)).toEqual(['Date to be announced'])
  })

  test('collapses the past under a toggle when something is upcoming', async () => {
    setNow('2022-06-01T00:00:00Z')
    const { page } = await open()
    expect(texts(page, '.bc-row__title')).toEqual([
      'BioCentury Health Summit',
      'Flanders Life Science & Health mission to China',
    ])
    expect(texts(page, '.bc-events__toggle')).toEqual(['Show 2 past events'])
    page.querySelector('.bc-events__toggle')?.dispatchEvent('tap')
    await settle()
    expect(texts(page, '.bc-row__title')).toHaveLength(4)
  })

  test('filters by domain and by type', async () => {
    setNow('2022-03-15T04:00:00Z')
    const { page, log } = await open()
    expect(texts(page, '.bc-events__type')).toEqual([
      'All types',
      'Trade fair',
      'Matchmaking',
      'Licensing',
      'Mission',
    ])
    log.mark()
    page.querySelectorAll('.bc-events__type')[1]?.dispatchEvent('tap')
    await settle()
    expect(texts(page, '.bc-row__title')).toEqual(['China Medical Equipment Fair (CMEF)'])
    expect(log.sinceMark().length).toBeLessThanOrEqual(3)
    page.querySelectorAll('.bc-filter__chip')[1]?.dispatchEvent('tap')
    await settle()
    expect(texts(page, '.bc-events__notice')).toEqual(['No events match these filters.'])
  })

  test('a tapped day narrows the agenda to its events, and tapping it again widens it back', async () => {
    setNow('2022-03-15T04:00:00Z')
    // A second event that shares one day with the fair, published after the app was built.
    const forum = group.entries[1] as Record<string, unknown>
    fakeWx.serveJson(EVENTS_URL, {
      ...group,
      entries: [
        ...group.entries,
        { ...forum, uid: 'extra-forum', start: '2022-04-10T14:00:00', duration: 'PT3H' },
      ],
    })
    const { page, log } = await open()
    const fullAgenda = texts(page, '.bc-row__title')

    log.mark()
    await tapDay(page, '10')
    expect(log.sinceMark().length).toBeLessThanOrEqual(3)
    expect(texts(page, '.bc-events__group')).toEqual(['Events on 10 Apr 2022'])
    expect(texts(page, '.bc-row__title')).toEqual([
      'China Medical Equipment Fair (CMEF)',
      'ChinaBio Partnering Forum',
    ])

    // A day without events does nothing; another event day moves the selection.
    await tapDay(page, '15')
    expect(texts(page, '.bc-events__group')).toEqual(['Events on 10 Apr 2022'])
    await tapDay(page, '8')
    expect(texts(page, '.bc-row__title')).toEqual(['China Medical Equipment Fair (CMEF)'])

    await tapDay(page, '8')
    expect(texts(page, '.bc-row__title')).toEqual(fullAgenda)

    await tapDay(page, '9')
    page.querySelector('.bc-events__show-all')?.dispatchEvent('tap')
    await settle()
    expect(texts(page, '.bc-row__title')).toEqual(fullAgenda)

    // Turning the month drops the selection.
    await tapDay(page, '9')
    call(page, 'onNextMonth')
    await settle()
    expect(texts(page, '.bc-events__show-all')).toEqual([])
    expect(texts(page, '.bc-row__title')).toEqual(fullAgenda)
  })

  test('draws a crowded day in steps as the reader scrolls', async () => {
    setNow('2022-03-15T04:00:00Z')
    const cmef = group.entries[0] as Record<string, unknown>
    const crowd = Array.from({ length: 100 }, (_, i) => ({ ...cmef, uid: `crowd-${i}` }))
    fakeWx.serveJson(EVENTS_URL, { ...group, entries: crowd })
    const { page } = await open()
    await tapDay(page, '7')
    const shown = texts(page, '.bc-row__title').length
    expect(shown).toBeGreaterThan(0)
    expect(shown).toBeLessThan(100)
    const record = await scrollToEnd(page, { estimate: agendaLine, key: (line: AgendaLine) => line.key })
    expect(record.seen.size).toBe(100)
    expect(record.maxNodes).toBeLessThan(1000)
  })

  test('says a tapped day in Chinese', async () => {
    setNow('2022-03-15T04:00:00Z')
    const { page } = await open()
    call(page, 'applyLanguage', 'zh')
    await tapDay(page, '7')
    expect(texts(page, '.bc-events__group')).toEqual(['2022年4月7日的活动'])
    expect(texts(page, '.bc-events__show-all')).toEqual(['显示全部活动'])
  })

  test('keeps month navigation within the months that have events', async () => {
    setNow('2022-03-15T04:00:00Z')
    const { page } = await open()
    for (let i = 0; i < 30; i++) call(page, 'onNextMonth')
    await settle()
    expect(texts(page, '.bc-cal__title')).toEqual(['November 2022'])
    expect(page.data.view.canNext).toBe(false)
  })

  test('opens an event', async () => {
    setNow('2022-03-15T04:00:00Z')
    const { page } = await open()
    page.querySelectorAll('.bc-row')[1]?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls).toContainEqual({
      api: 'navigateTo',
      options: { url: '/pages/event/index?uid=chinabio-2022' },
    })
  })

  test('shows a timed event in its own zone and in the reader’s when they differ', async () => {
    setNow('2022-03-15T04:00:00Z')
    const timed = {
      '@type': 'Event',
      uid: 'webinar',
      updated: '2022-01-01T00:00:00Z',
      title: 'Webinar',
      start: '2022-04-20T16:00:00',
      duration: 'PT1H30M',
      timeZone: 'Asia/Shanghai',
      keywords: { webinar: true },
    }
    fakeWx.serveJson(EVENTS_URL, { ...group, entries: [timed] })
    const { page } = await open()
    expect(texts(page, '.bc-row__date')).toEqual(['20 Apr 2022, 16:00–17:30 China time (UTC+8)'])
    const offset = -new Date(Date.parse('2022-04-20T08:00:00Z')).getTimezoneOffset()
    expect(texts(page, '.bc-row__meta')[0] ?? '').toEqual(
      offset === 480 ? '' : expect.stringMatching(/your time \(UTC/),
    )
  })

  describe('with 300 upcoming events', () => {
    // Lean events spread over most of a year, every third one hybrid (a badge), every fifth without a venue.
    const many = Array.from({ length: 300 }, (_, i) => ({
      '@type': 'Event',
      uid: `e${i}`,
      updated: '2022-01-01T00:00:00Z',
      title: `Event ${i}`,
      start: new Date(Date.UTC(2022, 0, 2) + i * 86_400_000).toISOString().slice(0, 19),
      duration: 'PT2H',
      timeZone: 'Asia/Shanghai',
      keywords: { health: true, matchmaking: true },
      ...(i % 3 === 0 ? { bcecc: { attendance: 'hybrid' } } : {}),
      ...(i % 5 === 0
        ? {}
        : {
            locations: { sh: { '@type': 'Location', name: 'Shanghai', coordinates: 'geo:31.2304,121.4737' } },
          }),
    }))
    const rowsSeen = (record: ScrollRecord): string[] => [...record.seen].filter((k) => /^u:e\d+$/.test(k))

    test('the reader scrolls to the end: every event drawn, never 1000 nodes, every setData within budget', async () => {
      setNow('2022-01-01T00:00:00Z')
      fakeWx.serveJson(EVENTS_URL, { ...group, entries: many })
      const { page, log } = await open()
      expect(nodeCount(page)).toBeLessThan(1000)
      const record = await scrollToEnd(page, { estimate: agendaLine, key: (line: AgendaLine) => line.key })
      expect(rowsSeen(record)).toHaveLength(300)
      expect(record.maxNodes).toBeLessThan(1000)
      expect(Math.max(...log.calls)).toBeLessThanOrEqual(SETDATA_BUDGET_BYTES)
      expect(texts(page, '.bc-row__title')).not.toContain('Event 0')
      call(page, 'onPageScroll', { scrollTop: 0 })
      await settle()
      expect(texts(page, '.bc-row__title')[0]).toBe('Event 0')
    })

    test('a filter after scrolling starts the agenda again from its top', async () => {
      setNow('2022-01-01T00:00:00Z')
      fakeWx.serveJson(EVENTS_URL, { ...group, entries: many })
      const { page } = await open()
      await scrollToEnd(page, { estimate: agendaLine, key: (line: AgendaLine) => line.key })
      page.querySelectorAll('.bc-filter__chip--digital')[0]?.dispatchEvent('tap')
      await settle()
      expect(texts(page, '.bc-row__title')).toEqual([])
      page.querySelectorAll('.bc-filter__chip--health')[0]?.dispatchEvent('tap')
      await settle()
      expect(texts(page, '.bc-row__title')[0]).toBe('Event 0')
      const record = await scrollToEnd(page, { estimate: agendaLine, key: (line: AgendaLine) => line.key })
      expect(rowsSeen(record)).toHaveLength(300)
    })
  })

  test('with no calendar to show, says what went wrong and retries', async () => {
    noSnapshot = true
    fakeWx.routes.set(EVENTS_URL, () => ({ statusCode: 503, data: '' }))
    const { page } = await open()
    expect(page.data.state).toBe('error')
    expect(texts(page, '.bc-events__status')[0]).toContain('server had a problem')
    fakeWx.serveJson(EVENTS_URL, group)
    page.querySelector('#retry')?.querySelector('.van-button')?.dispatchEvent('tap')
    await settle()
    expect(page.data.state).toBe('ready')
  })
})

test('a calendar older than the one shown (the bundled one) is kept out, and the notice says it is older', async () => {
  const older = { ...group, updated: '2020-01-01T00:00:00Z', entries: group.entries.slice(0, 1) }
  fakeWx.serveJson(EVENTS_URL, older)
  const { page } = await open()
  expect(texts(page, '.bc-stale')).toEqual([
    'Not updated: the server sent a version older than what you have',
  ])
  expect(texts(page, '.bc-row__title').length).toBeGreaterThan(1)
})

test('the first screen in one setData: with a cached calendar, the first call already carries the agenda', async () => {
  const at = Date.now()
  fakeWx.storage.set(
    KEYS.events,
    JSON.stringify({ v: 1, at, data: { url: EVENTS_URL, body: group, fetchedAt: at, checkedAt: at } }),
  )
  const { page, log } = await open()
  expect(page.data.state).toBe('ready')
  const first = log.paths[0] ?? []
  expect(first).toEqual(expect.arrayContaining(['labels', 'domains', 'view', 'state']))
  expect(first.some((p) => p.startsWith('chunks'))).toBe(true)
})

test('keeps the events it has when the check fails, and says why above them', async () => {
  fakeWx.routes.set(EVENTS_URL, () => ({ statusCode: 503, data: 'busy' }))
  const { page } = await open()
  expect(texts(page, '.bc-stale')).toEqual(['Not updated: the server is having problems'])
  expect(texts(page, '.bc-row__title').length).toBeGreaterThan(0)
  // The next check succeeds: the notice goes.
  fakeWx.serveJson(EVENTS_URL, group)
  await call(page, 'refresh', true)
  await settle()
  expect(texts(page, '.bc-stale')).toEqual([])
})

describe('recurring events', () => {
  const weekly = {
    '@type': 'Event',
    uid: 'members-breakfast',
    updated: '2026-01-01T00:00:00Z',
    title: 'Members’ breakfast',
    start: '2019-01-07T08:00:00',
    duration: 'PT1H30M',
    timeZone: 'Asia/Shanghai',
    keywords: { digital: true },
    recurrenceRules: [{ '@type': 'RecurrenceRule', frequency: 'weekly' }],
    recurrenceOverrides: { '2026-12-14T08:00:00': { excluded: true } },
  }
  const yearly = {
    '@type': 'Event',
    uid: 'founding-day',
    updated: '2026-01-01T00:00:00Z',
    title: 'Chamber founding day',
    start: '1900-12-20T00:00:00',
    showWithoutTime: true,
    duration: 'P1D',
    timeZone: 'Asia/Shanghai',
    recurrenceRules: [{ '@type': 'RecurrenceRule', frequency: 'yearly' }],
  }
  beforeEach(() => {
    setNow('2026-12-02T04:00:00Z')
    fakeWx.serveJson(EVENTS_URL, { ...group, entries: [weekly, yearly] })
  })

  test('the agenda lists this month’s occurrences (not those of 1900), the grid marks their days', async () => {
    const { page } = await open()
    expect(texts(page, '.bc-cal__title')).toEqual(['December 2026'])
    // 30 November leads the grid's first week.
    expect(dots(page).map(([day]) => day)).toEqual(['30', '7', '20', '21', '28'])
    const dates = texts(page, '.bc-row__date').slice(0, 5)
    expect(dates).toEqual([
      '7 Dec 2026, 08:00–09:30 China time (UTC+8)',
      '20 Dec 2026',
      '21 Dec 2026, 08:00–09:30 China time (UTC+8)',
      '28 Dec 2026, 08:00–09:30 China time (UTC+8)',
      '4 Jan 2027, 08:00–09:30 China time (UTC+8)',
    ])
    // The past within the window: 52 Mondays since 8 December 2025, and last year's founding day.
    expect(page.data.view.pastCount).toBe(53)
  })

  test('opens the occurrence tapped; its page says how it repeats, shares it, and puts that date in the calendar', async () => {
    const { page } = await open()
    page.querySelectorAll('.bc-row')[2]?.dispatchEvent('tap')
    await settle()
    const url = String(fakeWx.calls.find((c) => c.api === 'navigateTo')?.options.url)
    expect(url).toBe('/pages/event/index?uid=members-breakfast&at=2026-12-21T08%3A00%3A00')
    const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]).entries())
    const event = (
      await openPage('pages/event/index', { uid: query.uid ?? '', at: encodeURIComponent(query.at ?? '') })
    ).page
    expect(texts(event, '.bc-event__date')).toEqual(['21 Dec 2026, 08:00–09:30 China time (UTC+8)'])
    expect(texts(event, '.bc-event__repeats')).toEqual(['Repeats every week'])
    expect((call(event, 'onShareAppMessage') as { path: string }).path).toBe(url)
    await call(event, 'onAddToCalendar')
    const added = fakeWx.calls.find((c) => c.api === 'addPhoneCalendar')?.options as { startTime: number }
    expect(added.startTime).toBe(Date.UTC(2026, 11, 21, 0) / 1000)
  })

  test('a shared link to a recurring event without a date opens on its next occurrence; saved, it stays next', async () => {
    fakeWx.serveJson(DEVELOPMENT_FEED_URL.replace('feed.json', 'events/members-breakfast.json'), weekly)
    const event = (await openPage('pages/event/index', { uid: 'members-breakfast' })).page
    expect(texts(event, '.bc-event__date')).toEqual(['7 Dec 2026, 08:00–09:30 China time (UTC+8)'])
    event.querySelector('#save')?.querySelector('.van-button')?.dispatchEvent('tap')
    await settle()
    setNow('2026-12-08T04:00:00Z')
    const saved = (await openPage('pages/saved/index')).page
    // The 14th is excluded: the next breakfast is on the 21st.
    expect(texts(saved, '.bc-row__date')).toEqual(['21 Dec 2026, 08:00–09:30 China time (UTC+8)'])
  })
})
