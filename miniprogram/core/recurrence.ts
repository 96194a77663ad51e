// Recurrence (RFC 8984 section 4.3): an event's recurrenceRules, excludedRecurrenceRules and recurrenceOverrides,
// read from hostile JSON into checked values, with what the app cannot expand said in words (the validator warns
// with them; the app then shows the event's first occurrence only). Pure; expansion is core/occurrences.ts.

import {
  hasOwn,
  isRecord,
  parseDuration,
  parseLocalDateTime,
  type Duration,
  type LocalDateTime,
} from './format'

export type Frequency = 'yearly' | 'monthly' | 'weekly' | 'daily'
/** Monday first, as JSCalendar's day codes. */
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const
export type Weekday = (typeof WEEKDAYS)[number]

export interface NDay {
  /** 0 = Monday … 6 = Sunday. */
  day: number
  /** The nth such day of the month or year (negative: from its end); undefined: every such day. */
  nth?: number
}

export interface Rule {
  frequency: Frequency
  interval: number
  /** 0 = Monday … 6 = Sunday. */
  firstDayOfWeek: number
  byDay?: NDay[]
  byMonthDay?: number[]
  byMonth?: number[]
  byHour?: number[]
  byMinute?: number[]
  bySecond?: number[]
  bySetPosition?: number[]
  count?: number
  until?: LocalDateTime
}

/** What an override changes in one occurrence (the patch paths the app follows; others are left alone). */
export interface OccurrencePatch {
  excluded: boolean
  start?: LocalDateTime
  duration?: Duration
  title?: string
  status?: 'confirmed' | 'tentative' | 'cancelled'
}

export interface Recurrence {
  rules: Rule[]
  excluded: Rule[]
  /** Keyed by the occurrence's original start, as written ("2026-12-07T09:00:00"). */
  overrides: Map<string, { at: LocalDateTime; patch: OccurrencePatch }>
}

/** At most this many rules, overrides and list entries are read (a calendar needs a handful). */
const MAX_RULES = 8
const MAX_OVERRIDES = 500
const MAX_LIST = 366

const FREQUENCIES: readonly string[] = ['yearly', 'monthly', 'weekly', 'daily']
const SUB_DAILY: readonly string[] = ['hourly', 'minutely', 'secondly']

/** A list of integers within [min, max] (zero excluded when `nonZero`); undefined when absent or not one. */
function integers(value: unknown, min: number, max: number, nonZero = false): number[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) return undefined
  const out: number[] = []
  for (const v of value) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max || (nonZero && v === 0))
      return undefined
    if (!out.includes(v)) out.push(v)
  }
  return out
}

/** byDay: week days, each with its nth in the period (monthly and yearly rules only). */
function byDayOf(byDay: unknown, frequency: Frequency): { days: NDay[] } | { problem: string } {
  if (!Array.isArray(byDay) || byDay.length === 0 || byDay.length > MAX_LIST)
    return { problem: 'byDay must be a list of days' }
  const days: NDay[] = []
  for (const entry of byDay) {
    const day = isRecord(entry) ? WEEKDAYS.indexOf(entry.day as Weekday) : -1
    if (!isRecord(entry) || day < 0) return { problem: 'each byDay entry needs a day such as mo' }
    const nth = entry.nthOfPeriod
    if (nth === undefined) days.push({ day })
    else if (typeof nth === 'number' && Number.isInteger(nth) && nth !== 0 && Math.abs(nth) <= 53) {
      if (frequency !== 'monthly' && frequency !== 'yearly')
        return { problem: 'nthOfPeriod in byDay needs a monthly or yearly rule' }
      days.push({ day, nth })
    } else return { problem: 'nthOfPeriod must be a whole number between -53 and 53, not 0' }
  }
  return { days }
}

/** byMonth: months "1" to "12", each once (leap months of other calendars are not supported). */
function byMonthOf(byMonth: unknown): { months: number[] } | { problem: string } {
  if (!Array.isArray(byMonth) || byMonth.length === 0 || byMonth.length > 12)
    return { problem: 'byMonth must be a list of months "1" to "12"' }
  const months: number[] = []
  for (const m of byMonth) {
    if (typeof m === 'string' && /L$/.test(m))
      return { problem: 'leap months (byMonth "…L") are not supported' }
    const n = typeof m === 'string' && /^\d{1,2}$/.test(m) ? Number(m) : NaN
    if (!(n >= 1 && n <= 12)) return { problem: 'byMonth must be a list of months "1" to "12"' }
    if (!months.includes(n)) months.push(n)
  }
  return { months }
}

/**
 * One RecurrenceRule, or the reason the app cannot expand it (sub-daily frequencies, week numbers, year days,
 * other calendars, skip rules, leap months: parts of RFC 8984 that a chamber's calendar does not need).
 */
export function parseRule(raw: unknown): Rule | { problem: string } {
  if (!isRecord(raw)) return { problem: 'a recurrence rule must be an object' }
  const frequency = raw.frequency
  if (typeof frequency !== 'string' || !FREQUENCIES.includes(frequency)) {
    return {
      problem: SUB_DAILY.includes(frequency as string)
        ? `the frequency "${String(frequency)}" repeats within a day, which the app does not show`
        : 'frequency must be yearly, monthly, weekly or daily',
    }
  }
  for (const part of ['byYearDay', 'byWeekNo'] as const)
    if (hasOwn(raw, part)) return { problem: `${part} is not supported by the app` }
  if (raw.rscale !== undefined && raw.rscale !== 'gregorian')
    return { problem: `the calendar "${String(raw.rscale)}" (rscale) is not supported; use gregorian` }
  if (raw.skip !== undefined && raw.skip !== 'omit')
    return { problem: `skip "${String(raw.skip)}" is not supported; dates that do not exist are omitted` }
  const rule: Rule = { frequency: frequency as Frequency, interval: 1, firstDayOfWeek: 0 }
  if (raw.interval !== undefined) {
    if (typeof raw.interval !== 'number' || !Number.isInteger(raw.interval) || raw.interval < 1)
      return { problem: 'interval must be a whole number of at least 1' }
    rule.interval = Math.min(raw.interval, 10_000)
  }
  if (raw.firstDayOfWeek !== undefined) {
    const day = WEEKDAYS.indexOf(raw.firstDayOfWeek as Weekday)
    if (day < 0) return { problem: 'firstDayOfWeek must be a day code such as mo' }
    rule.firstDayOfWeek = day
  }
  if (raw.byDay !== undefined) {
    const days = byDayOf(raw.byDay, rule.frequency)
    if ('problem' in days) return days
    rule.byDay = days.days
  }
  const lists = [
    ['byMonthDay', -31, 31, true],
    ['byHour', 0, 23, false],
    ['byMinute', 0, 59, false],
    ['bySecond', 0, 59, false],
    ['bySetPosition', -366, 366, true],
  ] as const
  for (const [name, min, max, nonZero] of lists) {
    if (raw[name] === undefined) continue
    const values = integers(raw[name], min, max, nonZero)
    if (!values) return { problem: `${name} must be a list of whole numbers from ${min} to ${max}` }
    rule[name] = values
  }
  if (
    rule.bySetPosition &&
    !(rule.byDay || rule.byMonthDay || rule.byMonth || rule.byHour || rule.byMinute || rule.bySecond)
  )
    return { problem: 'bySetPosition needs another by… part to pick from' }
  if (rule.byMonthDay && rule.frequency === 'weekly')
    return { problem: 'byMonthDay cannot be used with a weekly rule' }
  if (raw.byMonth !== undefined) {
    const months = byMonthOf(raw.byMonth)
    if ('problem' in months) return months
    rule.byMonth = months.months
  }
  if (raw.count !== undefined && raw.until !== undefined)
    return { problem: 'a rule has count or until, not both' }
  if (raw.count !== undefined) {
    if (typeof raw.count !== 'number' || !Number.isInteger(raw.count) || raw.count < 1)
      return { problem: 'count must be a whole number of at least 1' }
    rule.count = raw.count
  }
  if (raw.until !== undefined) {
    const until = typeof raw.until === 'string' ? parseLocalDateTime(raw.until) : undefined
    if (!until) return { problem: 'until must be a local date-time such as 2027-06-30T23:59:59' }
    rule.until = until
  }
  return rule
}

function parsePatch(raw: Record<string, unknown>): OccurrencePatch | undefined {
  const patch: OccurrencePatch = { excluded: raw.excluded === true }
  const start = raw.start ?? raw['/start']
  const duration = raw.duration ?? raw['/duration']
  const title = raw.title ?? raw['/title']
  const status = raw.status ?? raw['/status']
  if (typeof start === 'string') {
    const at = parseLocalDateTime(start)
    if (!at) return undefined
    patch.start = at
  }
  if (typeof duration === 'string') {
    const d = parseDuration(duration)
    if (!d) return undefined
    patch.duration = d
  }
  if (typeof title === 'string' && title.trim()) patch.title = title.trim()
  if (status === 'confirmed' || status === 'tentative' || status === 'cancelled') patch.status = status
  return patch
}

/** What of an event's recurrence the app cannot use: where (a JSON Pointer below the event) and why. */
export interface RecurrenceProblem {
  path: string
  message: string
}

const pointerSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1')

/** The event's recurrence, if it has one, and what of it the app cannot use. */
export function parseRecurrence(source: Record<string, unknown>): {
  recurrence?: Recurrence
  problems: RecurrenceProblem[]
} {
  const problems: RecurrenceProblem[] = []
  const readRules = (field: string): Rule[] => {
    const value = source[field]
    if (value === undefined || !hasOwn(source, field)) return []
    if (!Array.isArray(value)) {
      problems.push({ path: field, message: 'must be a list of rules' })
      return []
    }
    if (value.length > MAX_RULES)
      problems.push({ path: field, message: `has more than ${MAX_RULES} rules; only the first are used` })
    const rules: Rule[] = []
    value.slice(0, MAX_RULES).forEach((raw, i) => {
      const rule = parseRule(raw)
      if ('problem' in rule) problems.push({ path: `${field}/${i}`, message: rule.problem })
      else rules.push(rule)
    })
    return rules
  }
  const rules = readRules('recurrenceRules')
  const excluded = readRules('excludedRecurrenceRules')
  const overrides = new Map<string, { at: LocalDateTime; patch: OccurrencePatch }>()
  const rawOverrides = hasOwn(source, 'recurrenceOverrides') ? source.recurrenceOverrides : undefined
  if (rawOverrides !== undefined) {
    if (!isRecord(rawOverrides)) problems.push({ path: 'recurrenceOverrides', message: 'must be an object' })
    else {
      const keys = Object.keys(rawOverrides)
      if (keys.length > MAX_OVERRIDES)
        problems.push({
          path: 'recurrenceOverrides',
          message: `has more than ${MAX_OVERRIDES} overrides; only the first are used`,
        })
      for (const key of keys.slice(0, MAX_OVERRIDES)) {
        const at = parseLocalDateTime(key)
        const value = rawOverrides[key]
        const patch = at && isRecord(value) ? parsePatch(value) : undefined
        if (!at || !patch)
          problems.push({
            path: `recurrenceOverrides/${pointerSegment(key)}`,
            message: !at
              ? 'is not a local date-time such as 2026-12-07T09:00:00'
              : 'is not a patch the app can read; expected excluded, start, duration, title or status',
          })
        else overrides.set(localKey(at), { at, patch })
      }
    }
  }
  if (rules.length === 0 && overrides.size === 0) return { problems }
  return { recurrence: { rules, excluded, overrides }, problems }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** A local date-time as JSCalendar writes it, the key of an occurrence ("2026-12-07T09:00:00"). */
export function localKey(d: LocalDateTime): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}T${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)}`
}
