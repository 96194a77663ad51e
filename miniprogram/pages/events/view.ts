// What the events page shows: a month grid with dots on event days over a bounded window of months, and an
// agenda grouped by month (upcoming first, past collapsed, undated last). Pure; "now" is passed in.

import type { DomainFilter } from '../../utils/domains'
import type { CalendarEvent } from '../../models/events'
import type { EventType } from '../../models/format'
import type { UiLanguage } from '../../models/localized'
import { formatDay } from '../../utils/dates'
import { t, tCount } from '../../utils/i18n'
import { daysOf, isPast, monthLabel, scheduleOf, type Day, type Schedule } from '../../utils/schedule'
import { dayKey, utcToLocal } from '../../utils/time'
import { eventRow, type EventRow } from '../../utils/event-view'

export type TypeFilter = EventType | 'all'

export interface Month {
  year: number
  month: number
}

export interface DayCell {
  key: number
  day: number
  inMonth: boolean
  today: boolean
  /** The day the reader tapped: the agenda shows only its events. */
  selected: boolean
  /** Domains of the events on that day (at most three dots); "event" for events without a domain. */
  dots: string[]
}

export interface AgendaGroup {
  key: string
  title: string
  rows: EventRow[]
}

/** The events on the day the reader tapped in the grid. */
export interface DaySelection {
  key: number
  title: string
  rows: EventRow[]
}

export interface EventsView {
  month: Month
  monthTitle: string
  canPrev: boolean
  canNext: boolean
  weeks: DayCell[][]
  weekdays: string[]
  /** Events of this month whose days are not known yet. */
  monthNote: string
  nothingUpcoming: boolean
  /** Set while a tapped day narrows the agenda to its events. */
  selectedDay: DaySelection | null
  upcoming: AgendaGroup[]
  past: AgendaGroup[]
  pastCount: number
  undated: EventRow[]
  /** Rows not shown yet (the agenda grows as the reader scrolls). */
  more: boolean
  types: Array<{ key: TypeFilter; label: string }>
  total: number
}

/** Months the grid may show on either side of its first month: wide Vant-style ranges freeze phones. */
export const MONTH_WINDOW = 12

const monthIndex = (m: Month): number => m.year * 12 + (m.month - 1)
const fromIndex = (i: number): Month => ({ year: Math.floor(i / 12), month: (i % 12) + 1 })

interface Scheduled {
  event: CalendarEvent
  schedule: Schedule
}

function row(s: Scheduled, language: UiLanguage): EventRow {
  return eventRow(s.event, language)
}

function startMonth(s: Schedule): Month | undefined {
  if (s.kind === 'tba') return undefined
  if (s.kind === 'month') return { year: s.year, month: s.month }
  return { year: s.first.year, month: s.first.month }
}

function grouped(list: Scheduled[], language: UiLanguage, limit: number): AgendaGroup[] {
  const groups: AgendaGroup[] = []
  for (const s of list.slice(0, limit)) {
    const m = startMonth(s.schedule)
    const key = m ? `${m.year}-${m.month}` : 'tba'
    let group = groups[groups.length - 1]
    if (!group || group.key !== key) {
      group = { key, title: m ? monthLabel(m.year, m.month, language) : '', rows: [] }
      groups.push(group)
    }
    group.rows.push(row(s, language))
  }
  return groups
}

const WEEKDAYS = {
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  zh: ['一', '二', '三', '四', '五', '六', '日'],
}

export function eventsView(input: {
  events: readonly CalendarEvent[]
  now: number
  language: UiLanguage
  domain: DomainFilter
  type: TypeFilter
  month?: Month
  /** A tapped day (see dayKey); ignored when no event of the filters covers it. */
  day?: number
  showPast: boolean
  limit: number
}): EventsView {
  const { language, now } = input
  const all: Scheduled[] = input.events.map((event) => ({ event, schedule: scheduleOf(event) }))
  const types = [...new Set(all.flatMap((s) => s.event.types))]
  const filtered = all.filter(
    (s) =>
      (input.domain === 'all' || s.event.domains.includes(input.domain)) &&
      (input.type === 'all' || s.event.types.includes(input.type)),
  )
  const startOf = (s: Scheduled): number => (s.schedule.kind === 'tba' ? Infinity : s.schedule.startMs)
  const upcoming = filtered
    .filter((s) => s.schedule.kind !== 'tba' && !isPast(s.schedule, now))
    .sort((a, b) => startOf(a) - startOf(b))
  const past = filtered.filter((s) => isPast(s.schedule, now)).sort((a, b) => startOf(b) - startOf(a))
  const undated = filtered.filter((s) => s.schedule.kind === 'tba')
  const nothingUpcoming = upcoming.length === 0 && past.length > 0

  // The grid opens on this month when something is coming up, else on the most recent past event's month.
  const today = utcToLocal(now, undefined)
  const firstUpcoming = upcoming[0] ? startMonth(upcoming[0].schedule) : undefined
  const opening: Month = nothingUpcoming
    ? (startMonth((past[0] as Scheduled).schedule) as Month)
    : firstUpcoming && monthIndex(firstUpcoming) > monthIndex(today)
      ? firstUpcoming
      : { year: today.year, month: today.month }
  const eventMonths = filtered
    .map((s) => startMonth(s.schedule))
    .filter((m): m is Month => m !== undefined)
    .map(monthIndex)
  const low = Math.max(Math.min(monthIndex(opening), ...eventMonths), monthIndex(opening) - MONTH_WINDOW)
  const high = Math.min(Math.max(monthIndex(opening), ...eventMonths), monthIndex(opening) + MONTH_WINDOW)
  const requested = input.month ? monthIndex(input.month) : monthIndex(opening)
  const shown = Math.min(high, Math.max(low, requested))
  const month = fromIndex(shown)

  // Dots: every day an event covers, by domain. The tapped day's events are gathered on the way.
  const dots = new Map<number, string[]>()
  const onDay: Scheduled[] = []
  let tapped: Day | undefined
  let monthOnly = 0
  for (const s of filtered) {
    if (s.schedule.kind === 'month' && s.schedule.year === month.year && s.schedule.month === month.month)
      monthOnly++
    for (const d of daysOf(s.schedule)) {
      if (dayKey(d) === input.day) {
        onDay.push(s)
        tapped = d
      }
      const list = dots.get(dayKey(d)) ?? []
      const dot = s.event.domains[0] ?? 'event'
      if (!list.includes(dot) && list.length < 3) list.push(dot)
      dots.set(dayKey(d), list)
    }
  }
  const first = new Date(Date.UTC(month.year, month.month - 1, 1))
  const lead = (first.getUTCDay() + 6) % 7 // Monday first
  const weeks: DayCell[][] = []
  for (let w = 0; w < 6; w++) {
    const week: DayCell[] = []
    for (let i = 0; i < 7; i++) {
      const d = new Date(Date.UTC(month.year, month.month - 1, 1 - lead + w * 7 + i))
      const day = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
      const key = dayKey(day)
      week.push({
        key,
        day: day.day,
        inMonth: day.month === month.month,
        today: key === dayKey(today),
        selected: key === input.day && onDay.length > 0,
        dots: dots.get(key) ?? [],
      })
    }
    // A sixth week wholly in the next month is left out.
    if (w < 5 || week.some((c) => c.inMonth)) weeks.push(week)
  }

  const selectedDay: DaySelection | null = tapped
    ? {
        key: dayKey(tapped),
        title: t('eventsOnDay', language, {
          day: formatDay(Date.UTC(tapped.year, tapped.month - 1, tapped.day), language, 0),
        }),
        rows: onDay
          .sort((a, b) => startOf(a) - startOf(b))
          .slice(0, input.limit)
          .map((s) => row(s, language)),
      }
    : null
  // While a day is selected the full agenda is not drawn, so it is not sent to the view either.
  const agenda = !selectedDay
  const pastShown = agenda && (nothingUpcoming || input.showPast)
  return {
    month,
    monthTitle: monthLabel(month.year, month.month, language),
    canPrev: shown > low,
    canNext: shown < high,
    weeks,
    weekdays: WEEKDAYS[language],
    monthNote: monthOnly > 0 ? tCount('monthNoDays', language, monthOnly) : '',
    nothingUpcoming,
    selectedDay,
    upcoming: agenda ? grouped(upcoming, language, input.limit) : [],
    past: pastShown ? grouped(past, language, Math.max(0, input.limit - upcoming.length)) : [],
    pastCount: past.length,
    undated: agenda ? undated.map((s) => row(s, language)) : [],
    more: selectedDay
      ? onDay.length > input.limit
      : upcoming.length > input.limit || (pastShown && upcoming.length + past.length > input.limit),
    types: [
      { key: 'all', label: t('allTypes', language) },
      ...types.map((type) => ({ key: type, label: t(type, language) })),
    ],
    total: filtered.length,
  }
}
