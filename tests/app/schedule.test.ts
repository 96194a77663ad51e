import { parseEvents, type CalendarEvent } from '../../miniprogram/core/events'
import { daysOf, isPast, scheduleOf, whenOf } from '../../miniprogram/core/schedule'
import { offsetLabel } from '../../miniprogram/core/time'
import { sample } from '../setup/sample'

const group = sample('events') as {
  entries: unknown[]
}
const bundled = parseEvents(group, 'https://x.example/events.json').events
const byUid = (uid: string): CalendarEvent => bundled.find((e) => e.uid === uid) as CalendarEvent
const one = (event: Record<string, unknown>): CalendarEvent =>
  parseEvents(
    { '@type': 'Event', uid: 'x', updated: '2022-01-01T00:00:00Z', title: 'X', ...event },
    'https://x.example/e.json',
  ).events[0] as CalendarEvent
/** What the device (process TZ) shows: this file runs in Shanghai, Brussels and New York. */
const deviceOffset = (iso: string): number => -new Date(Date.parse(iso)).getTimezoneOffset()

describe(`event schedules (TZ=${process.env.TZ ?? 'unset'})`, () => {
  test('gives the fair four calendar days in China, whatever the reader’s zone', () => {
    const s = scheduleOf(byUid('cmef-2022'))
    expect(s.kind).toBe('days')
    expect(daysOf(s).map((d) => d.day)).toEqual([7, 8, 9, 10])
    if (s.kind === 'days') {
      expect(s.startMs).toBe(Date.parse('2022-04-06T16:00:00Z'))
      expect(s.endMs).toBe(Date.parse('2022-04-10T16:00:00Z'))
    }
    expect(whenOf(byUid('cmef-2022'), 'en')).toEqual({ date: '7–10 Apr 2022', local: '' })
    expect(whenOf(byUid('cmef-2022'), 'zh').date).toBe('2022年4月7日至10日')
  })

  test('gives the summit its month and no days; the mission no date', () => {
    expect(scheduleOf(byUid('biocentury-2022')).kind).toBe('month')
    expect(daysOf(scheduleOf(byUid('biocentury-2022')))).toEqual([])
    expect(whenOf(byUid('biocentury-2022'), 'en').date).toBe('November 2022')
    expect(scheduleOf(byUid('flanders-health-mission')).kind).toBe('tba')
    expect(isPast(scheduleOf(byUid('flanders-health-mission')), Date.parse('2030-01-01T00:00:00Z'))).toBe(
      false,
    )
  })

  test('ends an event when its last day ends in its own zone', () => {
    const s = scheduleOf(byUid('chinabio-2022'))
    expect(isPast(s, Date.parse('2022-05-11T15:59:59Z'))).toBe(false)
    expect(isPast(s, Date.parse('2022-05-11T16:00:00Z'))).toBe(true)
  })

  test('shows a timed event in China Standard Time, and in the reader’s time when it differs, across DST', () => {
    for (const [start, instant] of [
      ['2022-03-20T16:00:00', '2022-03-20T08:00:00Z'],
      ['2022-04-20T16:00:00', '2022-04-20T08:00:00Z'],
    ] as const) {
      const event = one({ start, duration: 'PT1H30M', timeZone: 'Asia/Shanghai' })
      const when = whenOf(event, 'en')
      expect(when.date).toMatch(/16:00–17:30 China time \(UTC\+8\)$/)
      expect(whenOf(event, 'zh').date).toMatch(/16:00–17:30 北京时间 \(UTC\+8\)$/)
      const mine = deviceOffset(instant)
      if (mine === 480) expect(when.local).toBe('')
      else {
        const from = new Date(Date.parse(instant))
        const hh = (d: Date): string =>
          `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
        expect(when.local).toContain(`${hh(from)}–${hh(new Date(from.getTime() + 90 * 60_000))}`)
        expect(when.local).toContain(`(${offsetLabel(mine)})`)
      }
    }
  })

  test('adds calendar days in the event’s zone across a DST change (Brussels, 2022-03-27)', () => {
    const s = scheduleOf(
      one({ start: '2022-03-26T10:00:00', duration: 'P1DT1H', timeZone: 'Europe/Brussels' }),
    )
    // 10:00 CET the 26th to 11:00 CEST the 27th: 24 h of wall clock less the skipped hour, plus one.
    if (s.kind === 'timed') expect((s.endMs - s.startMs) / 3_600_000).toBe(24)
    expect(s.kind).toBe('timed')
  })

  test('names zones readers know, and others by their offset', () => {
    const at = (zone: string): string =>
      whenOf(one({ start: '2022-07-01T09:00:00', duration: 'PT1H', timeZone: zone }), 'en').date
    expect(at('Europe/Brussels')).toBe('1 Jul 2022, 09:00–10:00 Brussels time (UTC+2)')
    expect(at('America/New_York')).toBe('1 Jul 2022, 09:00–10:00 UTC−4')
  })
})
