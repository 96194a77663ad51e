// What the events page shows: a month grid with dots on event days over a bounded window of months, and an
// agenda grouped by month (upcoming first, past collapsed, undated last). Pure; "now" is passed in.

import type { DomainFilter } from './domains'
import type { CalendarEvent } from '../core/events'
import type { EventType } from '../core/format'
import type { UiLanguage } from '../core/localized'
import { appendAll, extent } from '../core/arrays'
import { formatDay } from '../core/dates'
import { t, tCount } from '../core/i18n'
import { daysOf, isPast, monthLabel, scheduleOf, type Day, type Schedule } from '../core/schedule'
import { dayKey, utcToLocal } from '../core/time'
import { eventRow, type EventRow } from './event'
import { expandEvents } from '../core/occurrences'

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

/**
 * One line of the agenda, as the list draws it: a month heading, an event, or the toggle that shows the past. The
 * agenda is one flat list so that the page can draw only the lines near the screen.
 */
export type AgendaLine =
  | { key: string; kind: 'group'; title: string }
  | { key: string; kind: 'toggle'; title: string }
  | { key: string; kind: 'row'; row: EventRow; muted: boolean }

/** A line as eventsView gives it: an event's row is made (presentLine) only when the list reaches it. */
export type AgendaEntry =
  Exclude<AgendaLine, { kind: 'row' }> | { key: string; kind: 'event'; event: CalendarEvent; muted: boolean }

/** What the view binds for a line of the agenda. */
export function presentLine(entry: AgendaEntry, language: UiLanguage): AgendaLine {
  return entry.kind === 'event'
    ? { key: entry.key, kind: 'row', row: eventRow(entry.event, language), muted: entry.muted }
    : entry
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
  /** Set while a tapped day narrows the agenda to its events: the heading above them. */
  selectedDay: { key: number; title: string } | null
  pastCount: number
  types: Array<{ key: TypeFilter; label: string }>
  total: number
  /** The agenda's lines: the tapped day's events, or upcoming, past (when shown) and undated events. */
  agenda: AgendaEntry[]
}

/** Months the grid may show on either side of its first month: wide Vant-style ranges freeze phones. */
export const MONTH_WINDOW = 12

const monthIndex = (m: Month): number => m.year * 12 + (m.month - 1)
const fromIndex = (i: number): Month => ({ year: Math.floor(i / 12), month: (i % 12) + 1 })

interface Scheduled {
  event: CalendarEvent
  schedule: Schedule
}

interface Agenda {
  upcoming: Scheduled[]
  past: Scheduled[]
  undated: Scheduled[]
}

const startOf = (s: Scheduled): number => (s.schedule.kind === 'tba' ? Infinity : s.schedule.startMs)

function startMonth(s: Schedule): Month | undefined {
  if (s.kind === 'tba') return undefined
  if (s.kind === 'month') return { year: s.year, month: s.month }
  return { year: s.first.year, month: s.first.month }
}

/** The events the domain and type filters let through, with their schedules. */
function filtered(events: readonly CalendarEvent[], domain: DomainFilter, type: TypeFilter): Scheduled[] {
  return events
    .filter(
      (e) => (domain === 'all' || e.domains.includes(domain)) && (type === 'all' || e.types.includes(type)),
    )
    .map((event) => ({ event, schedule: scheduleOf(event) }))
}

/** Upcoming events soonest first, past ones latest first, undated ones in feed order. */
function partition(list: readonly Scheduled[], now: number): Agenda {
  return {
    upcoming: list
      .filter((s) => s.schedule.kind !== 'tba' && !isPast(s.schedule, now))
      .sort((a, b) => startOf(a) - startOf(b)),
    past: list.filter((s) => isPast(s.schedule, now)).sort((a, b) => startOf(b) - startOf(a)),
    undated: list.filter((s) => s.schedule.kind === 'tba'),
  }
}

/**
 * The month the grid shows and how far it may move: it opens on this month when something is coming up (or on
 * the first upcoming event's month), else on the most recent past event's month; it moves within the months that
 * have events, at most MONTH_WINDOW months from where it opened.
 */
function monthRange(
  list: readonly Scheduled[],
  agenda: Agenda,
  today: Month,
  requested: Month | undefined,
): { month: Month; canPrev: boolean; canNext: boolean } {
  const firstUpcoming = agenda.upcoming[0] ? startMonth(agenda.upcoming[0].schedule) : undefined
  const lastPast = agenda.past[0] ? startMonth(agenda.past[0].schedule) : undefined
  const opening =
    !firstUpcoming && lastPast
      ? lastPast
      : firstUpcoming && monthIndex(firstUpcoming) > monthIndex(today)
        ? firstUpcoming
        : today
  const months = list
    .map((s) => startMonth(s.schedule))
    .filter((m): m is Month => m !== undefined)
    .map(monthIndex)
  const open = monthIndex(opening)
  const range = extent(months, open)
  const low = Math.max(range.min, open - MONTH_WINDOW)
  const high = Math.min(range.max, open + MONTH_WINDOW)
  const shown = Math.min(high, Math.max(low, requested ? monthIndex(requested) : open))
  return { month: fromIndex(shown), canPrev: shown > low, canNext: shown < high }
}

/**
 * The month's grid, Monday first, with up to three domain dots on each day an event covers; the events of the
 * tapped day are gathered on the way, and the events of the month whose days are not known are counted.
 */
function monthGrid(
  list: readonly Scheduled[],
  month: Month,
  today: Month & { day: number },
  tappedKey: number | undefined,
): { weeks: DayCell[][]; onDay: Scheduled[]; tapped: Day | undefined; monthOnly: number } {
  const dots = new Map<number, string[]>()
  const onDay: Scheduled[] = []
  let tapped: Day | undefined
  let monthOnly = 0
  for (const s of list) {
    if (s.schedule.kind === 'month' && s.schedule.year === month.year && s.schedule.month === month.month)
      monthOnly++
    for (const d of daysOf(s.schedule)) {
      if (dayKey(d) === tappedKey) {
        onDay.push(s)
        tapped = d
      }
      const day = dots.get(dayKey(d)) ?? []
      const dot = s.event.domains[0] ?? 'event'
      if (!day.includes(dot) && day.length < 3) day.push(dot)
      dots.set(dayKey(d), day)
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
        selected: key === tappedKey && onDay.length > 0,
        dots: dots.get(key) ?? [],
      })
    }
    // A sixth week wholly in the next month is left out.
    if (w < 5 || week.some((c) => c.inMonth)) weeks.push(week)
  }
  return { weeks, onDay: onDay.sort((a, b) => startOf(a) - startOf(b)), tapped, monthOnly }
}

/** Events under a heading for each month they start in (undated ones under "date to be announced"). */
function monthLines(
  list: readonly Scheduled[],
  section: string,
  language: UiLanguage,
  muted: boolean,
): AgendaEntry[] {
  const lines: AgendaEntry[] = []
  let heading = ''
  for (const s of list) {
    const m = startMonth(s.schedule)
    const key = m ? `${m.year}-${m.month}` : 'tba'
    if (key !== heading) {
      heading = key
      const title = m ? monthLabel(m.year, m.month, language) : t('dateTba', language)
      lines.push({ key: `${section}:${key}`, kind: 'group', title })
    }
    const occurrence = s.event.recurrenceId ? `@${s.event.recurrenceId}` : ''
    lines.push({ key: `${section}:${s.event.uid}${occurrence}`, kind: 'event', event: s.event, muted })
  }
  return lines
}

/** Upcoming events, the toggle for past ones (unless nothing is upcoming), past ones when shown, then undated. */
function agendaLines(agenda: Agenda, language: UiLanguage, showPast: boolean): AgendaEntry[] {
  const nothingUpcoming = agenda.upcoming.length === 0 && agenda.past.length > 0
  const lines = monthLines(agenda.upcoming, 'u', language, false)
  if (!nothingUpcoming && agenda.past.length > 0) {
    const key = showPast ? 'hidePast' : 'showPast'
    lines.push({ key: 'toggle', kind: 'toggle', title: tCount(key, language, agenda.past.length) })
  }
  if (nothingUpcoming || showPast) appendAll(lines, monthLines(agenda.past, 'p', language, true))
  appendAll(lines, monthLines(agenda.undated, 't', language, false))
  return lines
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
}): EventsView {
  const { language } = input
  const types = [...new Set(input.events.flatMap((e) => e.types))]
  // A recurring event is each of its occurrences within a year of now.
  const list = filtered(expandEvents(input.events, input.now), input.domain, input.type)
  const agenda = partition(list, input.now)
  const today = utcToLocal(input.now, undefined)
  const { month, canPrev, canNext } = monthRange(list, agenda, today, input.month)
  const grid = monthGrid(list, month, today, input.day)
  const tapped = grid.tapped
  return {
    month,
    monthTitle: monthLabel(month.year, month.month, language),
    canPrev,
    canNext,
    weeks: grid.weeks,
    weekdays: WEEKDAYS[language],
    monthNote: grid.monthOnly > 0 ? tCount('monthNoDays', language, grid.monthOnly) : '',
    nothingUpcoming: agenda.upcoming.length === 0 && agenda.past.length > 0,
    selectedDay: tapped
      ? {
          key: dayKey(tapped),
          title: t('eventsOnDay', language, {
            day: formatDay(Date.UTC(tapped.year, tapped.month - 1, tapped.day), language, 0),
          }),
        }
      : null,
    pastCount: agenda.past.length,
    types: [
      { key: 'all', label: t('allTypes', language) },
      ...types.map((type) => ({ key: type, label: t(type, language) })),
    ],
    total: list.length,
    // While a day is selected, the agenda is that day's events.
    agenda: tapped
      ? grid.onDay.map((s) => ({
          key: `d:${s.event.uid}@${s.event.recurrenceId ?? ''}`,
          kind: 'event' as const,
          event: s.event,
          muted: false,
        }))
      : agendaLines(agenda, language, input.showPast),
  }
}

/** About how tall a line is, in px, before it is drawn and measured (follows index.wxss and the row template). */
export function lineHeight(line: AgendaLine, width: number): number {
  if (line.kind === 'group') return 40
  if (line.kind === 'toggle') return 44
  const perLine = Math.max(10, Math.floor((width - 48) / 9))
  const { row } = line
  let height = 8 + 24 + Math.min(4, Math.ceil(row.title.length / perLine)) * 22 + 24
  if (row.badges.length > 0) height += 24
  if (row.local) height += 18
  if (row.place) height += 18 * Math.min(3, Math.ceil(row.place.length / perLine))
  return height
}
