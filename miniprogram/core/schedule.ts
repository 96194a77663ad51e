// When an event happens, in instants and in its own calendar days, and how to say it: in the event's time zone,
// plus the reader's own time when that differs. Pure; "now" is always passed in.

import type { CalendarEvent } from './events'
import type { LocalDateTime } from './format'
import type { UiLanguage } from './localized'
import { t } from './i18n'
import {
  addDays,
  dayKey,
  deviceOffsetMinutes,
  localToUtc,
  offsetLabel,
  utcToLocal,
  zoneOffsetMinutes,
} from './time'

export interface Day {
  year: number
  month: number
  day: number
}

export type Schedule =
  | { kind: 'tba' }
  /** Only the month is known: no days are shown or invented. */
  | { kind: 'month'; year: number; month: number; startMs: number; endMs: number }
  /** All-day: from the first to the last calendar day, in the event's zone. */
  | { kind: 'days'; first: Day; last: Day; startMs: number; endMs: number }
  | {
      kind: 'timed'
      start: LocalDateTime
      end: LocalDateTime
      first: Day
      last: Day
      startMs: number
      endMs: number
    }

const midnight = (d: Day): LocalDateTime => ({ ...d, hour: 0, minute: 0, second: 0 })

const schedules = new WeakMap<CalendarEvent, Schedule>()

/** When an event happens (computed once per event object: models are never changed after they are made). */
export function scheduleOf(event: CalendarEvent): Schedule {
  let schedule = schedules.get(event)
  if (!schedule) {
    schedule = computeSchedule(event)
    schedules.set(event, schedule)
  }
  return schedule
}

function computeSchedule(event: CalendarEvent): Schedule {
  const start = event.start
  if (!start) return { kind: 'tba' }
  const zone = event.timeZone
  if (event.datePrecision === 'month') {
    const first = { year: start.year, month: start.month, day: 1 }
    const next =
      start.month === 12
        ? { year: start.year + 1, month: 1, day: 1 }
        : { year: start.year, month: start.month + 1, day: 1 }
    return {
      kind: 'month',
      year: start.year,
      month: start.month,
      startMs: localToUtc(midnight(first), zone),
      endMs: localToUtc(midnight(next), zone),
    }
  }
  if (event.allDay) {
    const days = Math.max(1, event.duration.days + (event.duration.seconds > 0 ? 1 : 0))
    const first = { year: start.year, month: start.month, day: start.day }
    const last = addDays(first, days - 1)
    return {
      kind: 'days',
      first,
      last,
      startMs: localToUtc(midnight(first), zone),
      endMs: localToUtc(midnight(addDays(last, 1)), zone),
    }
  }
  const startMs = localToUtc(start, zone)
  // Calendar days are added in the event's zone (a day across a DST change is 23 or 25 hours), then exact time.
  const endDay = addDays(start, event.duration.days)
  const endMs = localToUtc({ ...start, ...endDay }, zone) + event.duration.seconds * 1000
  const end = utcToLocal(endMs, zone)
  const last = end.hour === 0 && end.minute === 0 && endMs > startMs ? addDays(end, -1) : end
  return {
    kind: 'timed',
    start,
    end,
    first: { year: start.year, month: start.month, day: start.day },
    last,
    startMs,
    endMs,
  }
}

/** Whether the event has ended by `now` (an event without a date never has). */
export function isPast(schedule: Schedule, now: number): boolean {
  return schedule.kind !== 'tba' && schedule.endMs <= now
}

/** The calendar days an event covers (none for month-only and undated events). */
export function daysOf(schedule: Schedule): Day[] {
  if (schedule.kind !== 'days' && schedule.kind !== 'timed') return []
  const out: Day[] = []
  for (let d: Day = schedule.first; dayKey(d) <= dayKey(schedule.last) && out.length < 62; d = addDays(d, 1))
    out.push(d)
  return out
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTHS_EN_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

export function monthLabel(year: number, month: number, language: UiLanguage): string {
  return language === 'zh' ? `${year}年${month}月` : `${MONTHS_EN_LONG[month - 1] ?? ''} ${year}`
}

function dayLabel(d: Day, language: UiLanguage, withYear = true): string {
  if (language === 'zh') return `${withYear ? `${d.year}年` : ''}${d.month}月${d.day}日`
  return `${d.day} ${MONTHS_EN[d.month - 1] ?? ''}${withYear ? ` ${d.year}` : ''}`
}

function rangeLabel(first: Day, last: Day, language: UiLanguage): string {
  if (dayKey(first) === dayKey(last)) return dayLabel(first, language)
  if (language === 'zh') {
    const to =
      first.year !== last.year
        ? dayLabel(last, 'zh')
        : first.month !== last.month
          ? `${last.month}月${last.day}日`
          : `${last.day}日`
    return `${dayLabel(first, 'zh')}至${to}`
  }
  if (first.year !== last.year) return `${dayLabel(first, 'en')} – ${dayLabel(last, 'en')}`
  if (first.month !== last.month) return `${dayLabel(first, 'en', false)} – ${dayLabel(last, 'en')}`
  return `${first.day}–${last.day} ${MONTHS_EN[first.month - 1] ?? ''} ${first.year}`
}

/** Readers know these zones by name; any other is named by its offset. */
const ZONE_NAMES: Record<string, { en: string; zh: string }> = {
  'Asia/Shanghai': { en: 'China time', zh: '北京时间' },
  'Asia/Hong_Kong': { en: 'Hong Kong time', zh: '香港时间' },
  'Europe/Brussels': { en: 'Brussels time', zh: '布鲁塞尔时间' },
}

/** "China time (UTC+8)", "UTC−5". */
export function zoneLabel(zone: string, offsetMinutes: number, language: UiLanguage): string {
  const name = ZONE_NAMES[zone]?.[language]
  return name ? `${name} (${offsetLabel(offsetMinutes)})` : offsetLabel(offsetMinutes)
}

const hhmm = (d: LocalDateTime): string =>
  `${String(d.hour).padStart(2, '0')}:${String(d.minute).padStart(2, '0')}`

export interface When {
  /** In the event's own terms: "7–10 Apr 2022", "7 Apr 2022, 09:00–17:00 UTC+8", "November 2022". */
  date: string
  /** The reader's own time when their zone differs at that moment: "03:00–11:00 your time (UTC+2)". */
  local: string
}

export function whenOf(event: CalendarEvent, language: UiLanguage): When {
  const s = scheduleOf(event)
  switch (s.kind) {
    case 'tba':
      return { date: t(event.dateStatus === 'postponed' ? 'datePostponed' : 'dateTba', language), local: '' }
    case 'month':
      return { date: monthLabel(s.year, s.month, language), local: '' }
    case 'days':
      return { date: rangeLabel(s.first, s.last, language), local: '' }
    case 'timed': {
      const zone = event.timeZone
      const eventOffset = zone
        ? (zoneOffsetMinutes(zone, s.startMs) ?? deviceOffsetMinutes(s.startMs))
        : deviceOffsetMinutes(s.startMs)
      const sameDay = dayKey(s.first) === dayKey(s.last)
      const date = sameDay
        ? `${dayLabel(s.first, language)}${language === 'zh' ? ' ' : ', '}${hhmm(s.start)}–${hhmm(s.end)}`
        : `${dayLabel(s.first, language)} ${hhmm(s.start)} – ${dayLabel(s.last, language)} ${hhmm(s.end)}`
      const zoned = zone ? `${date} ${zoneLabel(zone, eventOffset, language)}` : date
      const mine = deviceOffsetMinutes(s.startMs)
      if (!zone || mine === eventOffset) return { date: zoned, local: '' }
      const from = utcToLocal(s.startMs, undefined)
      const to = utcToLocal(s.endMs, undefined)
      const localDate = dayKey(from) === dayKey(s.first) ? '' : `${dayLabel(from, language, false)} `
      return {
        date: zoned,
        local: t('yourTime', language, {
          time: `${localDate}${hhmm(from)}–${hhmm(to)}`,
          offset: offsetLabel(mine),
        }),
      }
    }
  }
}
