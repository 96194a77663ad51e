// Time-zone arithmetic for events: an event's local date-time in its IANA zone to an instant and back, correct
// across daylight-saving changes. Uses Intl where the runtime has the zone, else built-in rules for the zones our
// readers and events use (China, the EU, the UK, the US, Japan…). Pure.

import type { LocalDateTime } from './format'

type Rule = (utcMs: number) => number

/** Offset in minutes east of UTC, by the EU rule: summer time from the last Sunday of March, 01:00 UTC, to the
 * last Sunday of October, 01:00 UTC. */
function eu(standard: number): Rule {
  return (utcMs) => {
    const year = new Date(utcMs).getUTCFullYear()
    const lastSunday = (month: number): number => {
      const last = new Date(Date.UTC(year, month + 1, 0))
      return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1)
    }
    return utcMs >= lastSunday(2) && utcMs < lastSunday(9) ? standard + 60 : standard
  }
}

/** The US rule since 2007: from the second Sunday of March, 02:00 local, to the first Sunday of November. */
function us(standard: number): Rule {
  return (utcMs) => {
    const year = new Date(utcMs).getUTCFullYear()
    const nthSunday = (month: number, n: number, localHour: number, offset: number): number => {
      const first = new Date(Date.UTC(year, month, 1)).getUTCDay()
      const day = 1 + ((7 - first) % 7) + (n - 1) * 7
      return Date.UTC(year, month, day, localHour) - offset * 60_000
    }
    const start = nthSunday(2, 2, 2, standard)
    const end = nthSunday(10, 1, 2, standard + 60)
    return utcMs >= start && utcMs < end ? standard + 60 : standard
  }
}

const fixed =
  (minutes: number): Rule =>
  () =>
    minutes

const RULES: Record<string, Rule> = {
  UTC: fixed(0),
  'Etc/UTC': fixed(0),
  'Asia/Shanghai': fixed(480),
  'Asia/Chongqing': fixed(480),
  'Asia/Hong_Kong': fixed(480),
  'Asia/Macau': fixed(480),
  'Asia/Taipei': fixed(480),
  'Asia/Singapore': fixed(480),
  'Asia/Tokyo': fixed(540),
  'Asia/Seoul': fixed(540),
  'Europe/London': eu(0),
  'Europe/Dublin': eu(0),
  'Europe/Lisbon': eu(0),
  'Europe/Brussels': eu(60),
  'Europe/Amsterdam': eu(60),
  'Europe/Paris': eu(60),
  'Europe/Berlin': eu(60),
  'Europe/Luxembourg': eu(60),
  'Europe/Madrid': eu(60),
  'Europe/Rome': eu(60),
  'Europe/Vienna': eu(60),
  'Europe/Zurich': eu(60),
  'Europe/Stockholm': eu(60),
  'Europe/Warsaw': eu(60),
  'Europe/Athens': eu(120),
  'Europe/Helsinki': eu(120),
  'America/New_York': us(-300),
  'America/Toronto': us(-300),
  'America/Chicago': us(-360),
  'America/Denver': us(-420),
  'America/Los_Angeles': us(-480),
}

const formatters = new Map<string, Intl.DateTimeFormat | null>()

function intlFormatter(zone: string): Intl.DateTimeFormat | null {
  if (formatters.has(zone)) return formatters.get(zone) ?? null
  let formatter: Intl.DateTimeFormat | null
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  } catch {
    formatter = null
  }
  formatters.set(zone, formatter)
  return formatter
}

/** The built-in rule's offset (minutes east) for the zones listed above; tests hold it to Intl. */
export function ruleOffsetMinutes(zone: string, utcMs: number): number | undefined {
  return RULES[zone]?.(utcMs)
}

/** The zones the built-in rules know. */
export const RULE_ZONES: readonly string[] = Object.keys(RULES)

/** The zone's offset at an instant from Intl (the exact answer, and the slow one: a formatToParts call). */
function intlOffsetMinutes(formatter: Intl.DateTimeFormat, utcMs: number): number {
  const parts: Record<string, number> = {}
  for (const p of formatter.formatToParts(new Date(utcMs)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  )
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000)
}

const DAY_MS = 86_400_000
/** Per zone, the offset at the start of UTC days already asked (bounded: cleared when it grows past the limit). */
const dayStartOffsets = new Map<string, Map<number, number>>()
const MAX_REMEMBERED_DAYS = 20_000

function offsetAtDayStart(zone: string, formatter: Intl.DateTimeFormat, day: number): number {
  let days = dayStartOffsets.get(zone)
  if (!days) dayStartOffsets.set(zone, (days = new Map()))
  let offset = days.get(day)
  if (offset === undefined) {
    if (days.size >= MAX_REMEMBERED_DAYS) days.clear()
    offset = intlOffsetMinutes(formatter, day * DAY_MS)
    days.set(day, offset)
  }
  return offset
}

/**
 * The zone's offset from UTC at an instant, in minutes east; undefined for a zone this runtime cannot place. When
 * the offset is the same at the start of the instant's UTC day and of the next one (every day but the two a year
 * when clocks change), that remembered offset is the answer; otherwise Intl is asked for the instant itself.
 */
export function zoneOffsetMinutes(zone: string, utcMs: number): number | undefined {
  const formatter = intlFormatter(zone)
  if (formatter) {
    const day = Math.floor(utcMs / DAY_MS)
    const start = offsetAtDayStart(zone, formatter, day)
    return start === offsetAtDayStart(zone, formatter, day + 1) ? start : intlOffsetMinutes(formatter, utcMs)
  }
  return RULES[zone]?.(utcMs)
}

/** The device's own offset at an instant (minutes east), from the runtime's local time. */
export function deviceOffsetMinutes(utcMs: number): number {
  return -new Date(utcMs).getTimezoneOffset()
}

/**
 * The instant a local date-time names in a zone (undefined zone: the device's, a floating time). In a gap (spring
 * forward) it gives the time just after; in an overlap (fall back) the earlier of the two.
 */
export function localToUtc(local: LocalDateTime, zone: string | undefined): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second)
  const offsetAt = (utc: number): number =>
    zone ? (zoneOffsetMinutes(zone, utc) ?? deviceOffsetMinutes(utc)) : deviceOffsetMinutes(utc)
  // The offsets in force a day before and a day after: a change (if any) lies between them.
  const before = offsetAt(wall - 86_400_000)
  const after = offsetAt(wall + 86_400_000)
  const early = wall - before * 60_000
  const late = wall - after * 60_000
  const earlyHolds = offsetAt(early) === before
  const lateHolds = offsetAt(late) === after
  if (earlyHolds && lateHolds) return Math.min(early, late)
  if (earlyHolds) return early
  if (lateHolds) return late
  // A wall time skipped by a change: the same distance past the change, as clocks moved forward.
  return early
}

/** The local date-time in a zone at an instant. */
export function utcToLocal(utcMs: number, zone: string | undefined): LocalDateTime {
  const offset = zone
    ? (zoneOffsetMinutes(zone, utcMs) ?? deviceOffsetMinutes(utcMs))
    : deviceOffsetMinutes(utcMs)
  const d = new Date(utcMs + offset * 60_000)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  }
}

/** A calendar day as a sortable number, 20220407. */
export function dayKey(d: { year: number; month: number; day: number }): number {
  return d.year * 10_000 + d.month * 100 + d.day
}

export function addDays(
  d: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days))
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }
}

/** "UTC+8", "UTC+1", "UTC−5:30". */
export function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+'
  const abs = Math.abs(minutes)
  const hours = Math.floor(abs / 60)
  const rest = abs % 60
  return `UTC${sign}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`
}
