// The occurrences of recurring events (RFC 8984 section 4.3) within the calendar's window, a year either side of
// now: the rules expanded in the event's own wall-clock time (a floating event's in the reader's), excluded rules
// and excluded overrides taken out, overrides applied, extra dates added. Bounded by work, not only by output: every
// candidate time a rule makes (days × hours × minutes × seconds, period by period) is counted against a budget per
// event (MAX_CANDIDATES) and per calendar (MAX_CALENDAR_CANDIDATES), checked before a period's times are made; an
// event whose expansion would go past it is shown as its first occurrence (its page says how it repeats). At most
// MAX_PERIODS periods of a rule are looked at and MAX_OCCURRENCES kept per event. Pure; "now" is passed in.

import type { CalendarEvent } from './events'
import { daysInMonth, type LocalDateTime } from './format'
import { localKey, type NDay, type Rule } from './recurrence'
import { scheduleOf } from './schedule'
import { appendAll } from './arrays'
import { utcToLocal } from './time'

/** How far before and after now occurrences are shown: the calendar's window. */
export const OCCURRENCE_WINDOW_MS = 366 * 86_400_000
export const MAX_OCCURRENCES = 1000
const MAX_PERIODS = 20_000
/** Candidate times one event's rules may make: a daily rule at every hour of a two-year window is 17,544. */
export const MAX_CANDIDATES = 25_000
/** Candidate times a whole calendar may make. */
export const MAX_CALENDAR_CANDIDATES = 100_000
/**
 * Occurrences a whole calendar may show within the window (two years): what the Events tab draws in well under
 * 200 ms (a weekly series is 105 of them, a series every weekday 520, a daily one 730).
 */
export const MAX_CALENDAR_OCCURRENCES = 5000

/** Work left for an expansion; `cut` once a rule wanted more than was left. */
export interface Budget {
  left: number
  /** Occurrences still allowed: an event's own MAX_OCCURRENCES, or what is left of the calendar's. */
  occurrences: number
  cut: boolean
}

export function budget(candidates: number = MAX_CANDIDATES, occurrences: number = MAX_OCCURRENCES): Budget {
  return { left: candidates, occurrences, cut: false }
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
function toDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

function fromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
const weekday = (days: number): number => (((days + 3) % 7) + 7) % 7

const ascending = (a: number, b: number): number => a - b
const unique = (values: number[]): number[] => [...new Set(values)].sort(ascending)

/** The days (day numbers) from `first` to `last` that fall on the given weekdays, each nth one if asked. */
function weekdaysIn(first: number, last: number, byDay: readonly NDay[]): number[] {
  const out: number[] = []
  for (const { day, nth } of byDay) {
    const firstOfKind = first + ((day - weekday(first) + 7) % 7)
    const all: number[] = []
    for (let d = firstOfKind; d <= last; d += 7) all.push(d)
    if (nth === undefined) appendAll(out, all)
    else {
      const pick = nth > 0 ? all[nth - 1] : all[all.length + nth]
      if (pick !== undefined) out.push(pick)
    }
  }
  return out
}

/** The days of one month a monthly (or yearly, by month) rule picks. */
function monthDays(rule: Rule, year: number, month: number, startDay: number): number[] {
  const length = daysInMonth(year, month)
  const first = toDays(year, month, 1)
  let days: number[] | undefined
  if (rule.byMonthDay)
    days = rule.byMonthDay
      .map((d) => (d > 0 ? d : length + d + 1))
      .filter((d) => d >= 1 && d <= length)
      .map((d) => first + d - 1)
  if (rule.byDay) {
    const matching = weekdaysIn(first, first + length - 1, rule.byDay)
    days = days ? days.filter((d) => matching.includes(d)) : matching
  }
  return days ?? (startDay <= length ? [first + startDay - 1] : [])
}

/** The candidate days of period `k` (0 = the start's period), before times and set positions. */
function periodDays(rule: Rule, start: LocalDateTime, startDays: number, k: number): number[] {
  switch (rule.frequency) {
    case 'daily': {
      const d = startDays + k
      const { month, day } = fromDays(d)
      if (rule.byMonth && !rule.byMonth.includes(month)) return []
      if (rule.byMonthDay) {
        const length = daysInMonth(fromDays(d).year, month)
        if (!rule.byMonthDay.some((m) => (m > 0 ? m : length + m + 1) === day)) return []
      }
      if (rule.byDay && !rule.byDay.some((n) => n.day === weekday(d))) return []
      return [d]
    }
    case 'weekly': {
      const weekStart = startDays - ((weekday(startDays) - rule.firstDayOfWeek + 7) % 7) + 7 * k
      const wanted = rule.byDay ? rule.byDay.map((n) => n.day) : [weekday(startDays)]
      return wanted
        .map((day) => weekStart + ((day - rule.firstDayOfWeek + 7) % 7))
        .filter((d) => !rule.byMonth || rule.byMonth.includes(fromDays(d).month))
    }
    case 'monthly': {
      const index = start.year * 12 + start.month - 1 + k
      const year = Math.floor(index / 12)
      const month = (index % 12) + 1
      if (rule.byMonth && !rule.byMonth.includes(month)) return []
      return monthDays(rule, year, month, start.day)
    }
    case 'yearly': {
      const year = start.year + k
      if (rule.byDay && !rule.byMonth && !rule.byMonthDay)
        return weekdaysIn(toDays(year, 1, 1), toDays(year, 12, 31), rule.byDay)
      const months =
        rule.byMonth ??
        (rule.byMonthDay || rule.byDay ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [start.month])
      return months.flatMap((month) => monthDays(rule, year, month, start.day))
    }
  }
}

/** The period (k) that holds day `days`, counted from the start's period. */
function periodOf(rule: Rule, start: LocalDateTime, startDays: number, days: number): number {
  switch (rule.frequency) {
    case 'daily':
      return days - startDays
    case 'weekly': {
      const base = startDays - ((weekday(startDays) - rule.firstDayOfWeek + 7) % 7)
      return Math.floor((days - base) / 7)
    }
    case 'monthly': {
      const { year, month } = fromDays(days)
      return year * 12 + month - (start.year * 12 + start.month)
    }
    case 'yearly':
      return fromDays(days).year - start.year
  }
}

const secondsOf = (days: number, h: number, m: number, s: number): number =>
  days * 86_400 + h * 3600 + m * 60 + s

function toLocal(seconds: number): LocalDateTime {
  const days = Math.floor(seconds / 86_400)
  const rest = seconds - days * 86_400
  return {
    ...fromDays(days),
    hour: Math.floor(rest / 3600),
    minute: Math.floor((rest % 3600) / 60),
    second: rest % 60,
  }
}

/**
 * The start times (local, as seconds) a rule generates from `start`, in order, on days `fromDay` to `toDay`.
 * `start` itself is the first occurrence of a recurrenceRule (RFC 8984), so `withStart` adds it when the rule does
 * not generate it; an excluded rule removes only what it generates.
 */
export function expandRule(
  rule: Rule,
  start: LocalDateTime,
  fromDay: number,
  toDay: number,
  withStart: boolean,
  work: Budget = budget(),
): number[] {
  const startDays = toDays(start.year, start.month, start.day)
  const startSeconds = secondsOf(startDays, start.hour, start.minute, start.second)
  const until = rule.until
    ? secondsOf(
        toDays(rule.until.year, rule.until.month, rule.until.day),
        rule.until.hour,
        rule.until.minute,
        rule.until.second,
      )
    : Infinity
  const hours = rule.byHour ?? [start.hour]
  const minutes = rule.byMinute ?? [start.minute]
  const seconds = rule.bySecond ?? [start.second]
  const out: number[] = []
  let counted = 0
  const emit = (at: number): boolean => {
    if (rule.count !== undefined && ++counted > rule.count) return false
    const day = Math.floor(at / 86_400)
    if (day > toDay) return false
    if (day >= fromDay && out.length < MAX_OCCURRENCES) out.push(at)
    return true
  }
  if (withStart && !emit(startSeconds)) return out
  // Without a count nothing before the window matters: begin one period before it, on the rule's interval.
  let k = 0
  if (rule.count === undefined) {
    const first = periodOf(rule, start, startDays, fromDay) - rule.interval
    if (first > 0) k = first - (first % rule.interval)
  }
  for (let periods = 0; periods < MAX_PERIODS; periods++, k += rule.interval) {
    const days = unique(periodDays(rule, start, startDays, k))
    // Counted before the times are made: one period of a yearly rule at every second is 31 million of them.
    work.left -= Math.max(1, days.length * hours.length * minutes.length * seconds.length)
    if (work.left < 0) {
      work.cut = true
      return out
    }
    let times: number[] = []
    for (const d of days)
      for (const h of hours)
        for (const m of minutes) for (const s of seconds) times.push(secondsOf(d, h, m, s))
    times = unique(times)
    if (rule.bySetPosition) {
      const list = times
      times = unique(
        rule.bySetPosition.flatMap((p) => {
          const at = p > 0 ? list[p - 1] : list[list.length + p]
          return at === undefined ? [] : [at]
        }),
      )
    }
    for (const at of times) {
      if (at <= startSeconds) continue
      if (at > until) return out
      if (!emit(at)) return out
    }
    // Past the window (with a margin for a period's spread): nothing later can fall in it.
    if (periodOf(rule, start, startDays, toDay) < k) return out
  }
  return out
}

/**
 * Whether the app can follow a rule with a count from its start to `now` (it looks at MAX_PERIODS periods at most:
 * a daily rule with a count, started over fifty years ago, is beyond it).
 */
export function countReachesNow(rule: Rule, start: LocalDateTime, now: number): boolean {
  if (rule.count === undefined) return true
  const startDays = toDays(start.year, start.month, start.day)
  return periodOf(rule, start, startDays, Math.floor(now / 86_400_000)) / rule.interval < MAX_PERIODS
}

/**
 * The occurrences of an event within a year of `now`, each a CalendarEvent with its own start (and any override)
 * and `recurrenceId`; the event itself when it does not recur, when none of its occurrences falls in the window, or
 * when its rules ask for more work than its budget (or what is left of the calendar's `shared` budget) allows.
 */
export function occurrencesOf(event: CalendarEvent, now: number, shared?: Budget): CalendarEvent[] {
  const recurrence = event.recurrence
  const start = event.start
  if (!recurrence || !start) return [event]
  // A calendar that has used its share shows the rest as their first dates, without expanding them.
  if (shared && (shared.left <= 0 || shared.occurrences <= 0)) {
    shared.cut = true
    return [event]
  }
  const given = Math.min(MAX_CANDIDATES, shared ? shared.left : MAX_CANDIDATES)
  // More occurrences than the calendar has left cut the event too (expandWithin stops there).
  const work = budget(given, shared ? Math.min(MAX_OCCURRENCES, shared.occurrences) : MAX_OCCURRENCES)
  const expanded = expandWithin(event, recurrence, start, now, work)
  if (shared) {
    shared.left -= given - Math.max(0, work.left)
    if (work.cut) shared.cut = true
    else shared.occurrences -= expanded.length
  }
  return work.cut ? [event] : expanded
}

/**
 * What a calendar asks of the expansion with `now` as the app's clock: the events whose rules need more work than
 * one event is allowed (shown as their first date only), and how many occurrences all of them make in the window.
 */
export function expansionCost(
  events: readonly CalendarEvent[],
  now: number,
): { tooMuchWork: string[]; occurrences: number } {
  const tooMuchWork: string[] = []
  let occurrences = 0
  for (const event of events) {
    const { recurrence, start } = event
    if (!recurrence || !start) {
      occurrences++
      continue
    }
    const work = budget()
    // Counted exactly while the calendar is within its bound; past it, only whether each event fits its own budget.
    if (occurrences <= MAX_CALENDAR_OCCURRENCES)
      occurrences += expandWithin(event, recurrence, start, now, work).length || 1
    else {
      const day = Math.floor(now / 86_400_000)
      const span = Math.ceil(OCCURRENCE_WINDOW_MS / 86_400_000) + 2
      for (const rule of [...recurrence.rules, ...recurrence.excluded])
        expandRule(rule, start, day - span, day + span, false, work)
      occurrences++
    }
    if (work.cut) tooMuchWork.push(event.uid)
  }
  return { tooMuchWork, occurrences }
}

function expandWithin(
  event: CalendarEvent,
  recurrence: NonNullable<CalendarEvent['recurrence']>,
  start: LocalDateTime,
  now: number,
  work: Budget,
): CalendarEvent[] {
  const fromMs = now - OCCURRENCE_WINDOW_MS
  const toMs = now + OCCURRENCE_WINDOW_MS
  const local = (ms: number): number => {
    const d = utcToLocal(ms, event.timeZone)
    return toDays(d.year, d.month, d.day)
  }
  // A day's margin either side (zones), and room for a long event that began before the window.
  const fromDay = local(fromMs) - 1 - event.duration.days
  const toDay = local(toMs) + 1
  const starts = new Set<number>()
  const startSeconds = secondsOf(
    toDays(start.year, start.month, start.day),
    start.hour,
    start.minute,
    start.second,
  )
  if (recurrence.rules.length === 0) starts.add(startSeconds)
  for (const rule of recurrence.rules)
    for (const at of expandRule(rule, start, fromDay, toDay, true, work)) starts.add(at)
  for (const rule of recurrence.excluded)
    for (const at of expandRule(rule, start, fromDay, toDay, false, work)) starts.delete(at)
  if (work.cut) return []
  const patches = new Map<number, CalendarEvent>()
  const occurrence = (at: number): CalendarEvent => {
    const local = toLocal(at)
    return { ...event, start: local, recurrenceId: localKey(local) }
  }
  for (const { at, patch } of recurrence.overrides.values()) {
    const key = secondsOf(toDays(at.year, at.month, at.day), at.hour, at.minute, at.second)
    if (patch.excluded) {
      starts.delete(key)
      continue
    }
    const day = Math.floor(key / 86_400)
    if (!starts.has(key) && (day < fromDay || day > toDay)) continue
    starts.add(key)
    const base = occurrence(key)
    const title: Record<string, string> = {}
    if (patch.title) for (const language of Object.keys(event.title)) title[language] = patch.title
    patches.set(key, {
      ...base,
      start: patch.start ?? base.start,
      duration: patch.duration ?? event.duration,
      title: patch.title ? title : event.title,
      status: patch.status ?? event.status,
    })
  }
  const out: CalendarEvent[] = []
  for (const at of [...starts].sort(ascending)) {
    const e = patches.get(at) ?? occurrence(at)
    const schedule = scheduleOf(e)
    if (schedule.kind !== 'tba' && schedule.endMs > fromMs && schedule.startMs <= toMs) out.push(e)
    if (out.length >= MAX_OCCURRENCES) break
    // More than the calendar has left: cut here rather than make the rest.
    if (out.length > work.occurrences) {
      work.cut = true
      return []
    }
  }
  return out.length > 0 ? out : [event]
}

let expanded: { events: readonly CalendarEvent[]; hour: number; out: CalendarEvent[] } | undefined

/**
 * Every event's occurrences within a year of `now` (events that do not recur as they are). The last answer is
 * kept for the same list within the same hour: a page redraws (a filter, another month) without expanding again.
 */
export function expandEvents(events: readonly CalendarEvent[], now: number): CalendarEvent[] {
  const hour = Math.floor(now / 3_600_000)
  if (expanded && expanded.events === events && expanded.hour === hour) return expanded.out
  const shared = budget(MAX_CALENDAR_CANDIDATES, MAX_CALENDAR_OCCURRENCES)
  const out = events.some((e) => e.recurrence)
    ? events.flatMap((e) => occurrencesOf(e, now, shared))
    : events.slice()
  expanded = { events, hour, out }
  return out
}

/** The occurrence a reader means: the one of `recurrenceId` if given and in the window, else the next (or last). */
export function occurrenceFor(event: CalendarEvent, now: number, recurrenceId?: string): CalendarEvent {
  const all = occurrencesOf(event, now)
  if (recurrenceId) {
    const asked = all.find((e) => e.recurrenceId === recurrenceId)
    if (asked) return asked
  }
  return (
    all.find((e) => {
      const s = scheduleOf(e)
      return s.kind === 'tba' || s.endMs > now
    }) ?? (all[all.length - 1] as CalendarEvent)
  )
}
