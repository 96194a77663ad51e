// Dates as editors write them: 2022-04-07, 2022-04-07 09:00, 2022-04-07T09:00:00+01:00, 2022-11 (a month), 17:00
// (a time on the start's day). Local dates and times are read in an IANA zone, as the app reads events.

import { daysInMonth, validDate, type LocalDateTime } from '../../../miniprogram/core/format'
import { localToUtc, zoneOffsetMinutes } from '../../../miniprogram/core/time'

export type When =
  | { kind: 'date'; local: LocalDateTime }
  | { kind: 'month'; local: LocalDateTime }
  | { kind: 'time'; hour: number; minute: number }
  /** `offset`: minutes east when the text gave one (Z is 0), undefined for a local date-time. */
  | { kind: 'date-time'; local: LocalDateTime; offset?: number }

const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?)?$/
const MONTH = /^(\d{4})-(\d{1,2})$/
const TIME = /^(\d{1,2}):(\d{2})$/

export { daysInMonth }

export function parseWhen(text: string): When | undefined {
  const value = text.trim()
  const time = TIME.exec(value)
  if (time) {
    const hour = +(time[1] as string)
    const minute = +(time[2] as string)
    return hour <= 23 && minute <= 59 ? { kind: 'time', hour, minute } : undefined
  }
  const month = MONTH.exec(value)
  if (month) {
    const year = +(month[1] as string)
    const m = +(month[2] as string)
    return validDate(year, m, 1)
      ? { kind: 'month', local: { year, month: m, day: 1, hour: 0, minute: 0, second: 0 } }
      : undefined
  }
  const m = DATE_TIME.exec(value)
  if (!m) return undefined
  const local: LocalDateTime = {
    year: +(m[1] as string),
    month: +(m[2] as string),
    day: +(m[3] as string),
    hour: m[4] === undefined ? 0 : +m[4],
    minute: m[5] === undefined ? 0 : +m[5],
    second: m[6] === undefined ? 0 : +m[6],
  }
  if (
    !validDate(local.year, local.month, local.day) ||
    local.hour > 23 ||
    local.minute > 59 ||
    local.second > 59
  )
    return undefined
  if (m[4] === undefined) return { kind: 'date', local }
  const zone = m[7]
  if (zone === undefined) return { kind: 'date-time', local }
  if (zone === 'Z' || zone === 'z') return { kind: 'date-time', local, offset: 0 }
  const digits = zone.replace(':', '')
  const hours = +digits.slice(1, 3)
  const minutes = +digits.slice(3, 5)
  if (hours > 23 || minutes > 59) return undefined
  return { kind: 'date-time', local, offset: (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

export function formatLocal(local: LocalDateTime): string {
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** RFC 3339 with the offset the text gave, else the zone's offset at that moment. */
export function toRfc3339(when: When & { local: LocalDateTime }, zone: string): string {
  const offset =
    'offset' in when && when.offset !== undefined
      ? when.offset
      : (zoneOffsetMinutes(zone, localToUtc(when.local, zone)) ?? 0)
  return `${formatLocal(when.local)}${offset === 0 && 'offset' in when && when.offset === 0 ? 'Z' : formatOffset(offset)}`
}

const zones = new Map<string, boolean>()

/** Whether this runtime knows the IANA zone (Node has the full ICU data); remembered, as events share few zones. */
export function isTimeZone(zone: string): boolean {
  const known = zones.get(zone)
  if (known !== undefined) return known
  let valid = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) && zone.length <= 64
  if (valid) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
    } catch {
      valid = false
    }
  }
  if (zones.size < 1000) zones.set(zone, valid)
  return valid
}

/** Calendar days from one date to another (both local dates). */
export function daysBetween(a: LocalDateTime, b: LocalDateTime): number {
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  )
}

/** The instant of a local date-time in a zone, or of a date-time with its own offset. */
export function instantOf(when: When & { local: LocalDateTime }, zone: string): number {
  const l = when.local
  if ('offset' in when && when.offset !== undefined)
    return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - when.offset * 60_000
  return localToUtc(l, zone)
}
