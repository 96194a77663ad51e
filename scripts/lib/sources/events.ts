// Events as editors write them: one YAML file per event, content/events/<uid>.yaml, in words an editor knows (start
// and end in the event's own time zone, a city and an address, an organiser, a registration link), turned into the
// JSCalendar (RFC 8984) Event the app reads, with the Chinese text as a localization patch.

import { DOMAINS, EVENT_TYPES, VENDOR, type LocalDateTime } from '../../../miniprogram/core/format'
import { isMap, isScalar, isSeq } from 'yaml'
import type { Fields, Localized } from './fields'
import { daysBetween, daysInMonth, formatLocal, instantOf, isTimeZone, parseWhen, type When } from './when'
import { WEEKDAYS, parseRule, type Rule } from '../../../miniprogram/core/recurrence'
import { expandRule } from '../../../miniprogram/core/occurrences'
import { addDays, localToUtc } from '../../../miniprogram/core/time'

export const EVENT_FIELDS = [
  'title',
  'description',
  'start',
  'end',
  'all_day',
  'month_only',
  'time_zone',
  'date_status',
  'status',
  'type',
  'domains',
  'tags',
  'venue',
  'online',
  'organiser',
  'attendance',
  'registration',
  'repeat',
  'updated',
] as const
export const REPEAT_FIELDS = ['every', 'interval', 'on', 'until', 'times', 'skip'] as const
const EVERY = ['day', 'week', 'month', 'year'] as const
const FREQUENCY = { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' } as const
const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 }
const VENUE_FIELDS = ['name', 'city', 'address', 'coordinates'] as const
const ORGANISER_FIELDS = ['name', 'email'] as const
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'
const STATUSES = ['confirmed', 'tentative', 'cancelled'] as const
const DATE_STATUSES = ['scheduled', 'tba', 'postponed'] as const
const ATTENDANCE = ['in-person', 'hybrid', 'online'] as const

/** Whether a value holds no text at all: empty, or groups and lists of empty values. */
function isBlank(node: unknown): boolean {
  if (node === undefined || node === null) return true
  if (isScalar(node)) return node.value === null || node.value === ''
  if (isMap(node)) return node.items.every((pair) => isBlank(pair.value))
  if (isSeq(node)) return node.items.every(isBlank)
  return false
}

/** A key for a JSCalendar map from an English name: "Shanghai" → "shanghai". */
function keyOf(name: string | undefined, fallback: string): string {
  const key = (name ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return key || fallback
}

/** Splits localized text into the event's own language and a patch for the other one. */
function put(
  event: Record<string, unknown>,
  patches: Map<string, Record<string, unknown>>,
  main: 'en' | 'zh',
  path: string[],
  text: Localized | undefined,
): void {
  if (!text) return
  const own = text[main] ?? text[main === 'en' ? 'zh' : 'en']
  let target = event
  for (const part of path.slice(0, -1)) target = target[part] as Record<string, unknown>
  target[path[path.length - 1] as string] = own
  for (const language of ['en', 'zh'] as const) {
    const value = text[language]
    if (language === main || value === undefined || value === own) continue
    let patch = patches.get(language)
    if (!patch) patches.set(language, (patch = {}))
    patch[path.join('/')] = value
  }
}

const EXPECTED_START =
  'a date (2022-04-07: an all-day event), a date and time (2022-04-07 09:00), or a month (2022-11: the days are not known yet)'

type Patches = Map<string, Record<string, unknown>>

/** When the event was last changed, as RFC 3339 in UTC; undefined (said) when it is not a date and time. */
function readUpdated(fields: Fields): string | undefined {
  const updatedText = fields.text(
    'updated',
    'when you last changed the event, such as 2026-12-02T10:00:00Z (UTC); the app tells readers who saved it',
    true,
  )
  if (updatedText === undefined) return undefined
  const when = parseWhen(updatedText)
  if (!when || (when.kind !== 'date-time' && when.kind !== 'date')) {
    fields.wrong('updated', 'a date and time such as 2026-12-02T10:00:00Z')
    return undefined
  }
  return new Date(instantOf(when, 'UTC')).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The event's IANA time zone (the default when absent; said when it is not one). */
function readZone(fields: Fields): string {
  const zone =
    fields.text('time_zone', 'an IANA time zone such as Asia/Shanghai or Europe/Brussels') ??
    DEFAULT_TIME_ZONE
  if (!isTimeZone(zone))
    fields.file.report(
      'error',
      fields.at('time_zone'),
      `time_zone is "${zone}", which is not a time zone; expected an IANA name such as Asia/Shanghai or Europe/Brussels`,
    )
  return zone
}

/**
 * When: a start (date, date-time or month), an optional end, in the event's zone, written into the event. The start
 * as read (for repeat:), or false when the event cannot be made.
 */
function readStart(
  fields: Fields,
  event: Record<string, unknown>,
  {
    dateStatus,
    allDay,
    monthOnly,
    zone,
  }: { dateStatus: string; allDay?: boolean; monthOnly?: boolean; zone: string },
): When | undefined | false {
  const file = fields.file
  // When: a start (date, date-time or month), an optional end, in the event's zone.
  const startText = fields.text('start', EXPECTED_START, dateStatus === 'scheduled')
  const endText = fields.text('end', 'the last day (2022-04-10), or the end time (2022-04-07 17:00 or 17:00)')
  let start = startText === undefined ? undefined : parseWhen(startText)
  let end = endText === undefined ? undefined : parseWhen(endText)
  // A date picker gives a date and a time; all_day and month_only say which part counts.
  if (start && start.kind !== 'time' && start.kind !== 'date' && (allDay === true || monthOnly === true)) {
    const day = { ...start.local, hour: 0, minute: 0, second: 0 }
    start = monthOnly === true ? { kind: 'month', local: { ...day, day: 1 } } : { kind: 'date', local: day }
    if (end && end.kind === 'date-time')
      end = { kind: 'date', local: { ...end.local, hour: 0, minute: 0, second: 0 } }
  } else if (start && start.kind === 'date' && monthOnly === true) {
    start = { kind: 'month', local: { ...start.local, day: 1 } }
  }
  if (monthOnly === true && start?.kind === 'month') end = undefined
  if (startText !== undefined && (!start || start.kind === 'time')) {
    file.report(
      'error',
      fields.at('start'),
      `start is "${startText}", which is not a real date; expected ${EXPECTED_START}`,
    )
  } else if (start && start.kind === 'date-time' && start.offset !== undefined) {
    file.report(
      'error',
      fields.at('start'),
      `start has a UTC offset; expected a local time (${formatLocal(start.local).replace('T', ' ').slice(0, 16)}) and the zone in time_zone:`,
    )
  } else if (start && start.kind !== 'time') {
    if (
      !when(
        event,
        start,
        end,
        monthOnly === true ? undefined : endText,
        allDay === true && start.kind !== 'date-time' ? undefined : allDay,
        isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE,
        fields,
      )
    )
      return false
  }
  return start
}

/** domains:, type: and tags: as the event's keywords. */
function readKeywords(fields: Fields): Record<string, true> {
  const file = fields.file
  const keywords: Record<string, true> = {}
  for (const domain of fields.texts('domains', `one of ${DOMAINS.join(', ')}`)) {
    if ((DOMAINS as readonly string[]).includes(domain)) keywords[domain] = true
    else file.report('error', fields.at('domains'), `domains has "${domain}"; expected ${DOMAINS.join(', ')}`)
  }
  for (const type of fields.texts('type', `one of ${EVENT_TYPES.join(', ')}`)) {
    if ((EVENT_TYPES as readonly string[]).includes(type)) keywords[type] = true
    else file.report('error', fields.at('type'), `type is "${type}"; expected ${EVENT_TYPES.join(', ')}`)
  }
  for (const tag of fields.texts('tags', 'a word such as biotech')) {
    if (tag === '__proto__' || tag === 'constructor' || tag === 'prototype')
      file.report('error', fields.at('tags'), `tags has "${tag}"; expected an ordinary word`)
    else keywords[tag] = true
  }
  return keywords
}

/** venue: as the event's one location, its texts in both languages. */
function readVenue(
  fields: Fields,
  event: Record<string, unknown>,
  patches: Patches,
  main: 'en' | 'zh',
  zone: string,
): void {
  const venue = fields.group('venue', 'name:, city:, address: and coordinates:')
  // A venue left blank (a web editor writes its empty fields) is no venue.
  if (venue && VENUE_FIELDS.some((name) => venue.has(name) && !isBlank(venue.value(name)))) {
    venue.only(VENUE_FIELDS)
    const name = venue.localized('name', 'the venue, such as National Exhibition and Convention Center')
    const city = venue.localized('city', 'the city, such as Shanghai')
    const address = venue.localized(
      'address',
      'the street address, or a note such as "Venue to be confirmed"',
    )
    // GCJ-02, as Chinese maps give them.
    const coordinates = venue.coordinates('coordinates', '31.2304, 121.4737')
    const key = keyOf((city ?? name)?.en ?? (city ?? name)?.zh, 'venue')
    const location: Record<string, unknown> = { '@type': 'Location' }
    event.locations = { [key]: location }
    const shown = name ?? city
    if (!shown) venue.missing('city', 'the city, such as Shanghai (and name: for the venue)')
    put(event, patches, main, ['locations', key, 'name'], shown)
    const about = name && city ? joinLocalized(address, city) : address
    put(event, patches, main, ['locations', key, 'description'], about)
    if (coordinates) location.coordinates = `geo:${coordinates.latitude},${coordinates.longitude}`
    location.timeZone = zone
  }
  const online = fields.text('online', 'the https:// address of the online session')
  if (online !== undefined) {
    if (!/^https:\/\/\S+$/.test(online)) fields.wrong('online', 'an https:// address')
    else event.virtualLocations = { online: { '@type': 'VirtualLocation', uri: online } }
  }
}

/** organiser: as the event's owner. */
function readOrganiser(
  fields: Fields,
  event: Record<string, unknown>,
  patches: Patches,
  main: 'en' | 'zh',
): void {
  const organiserNode = fields.value('organiser')
  if (organiserNode !== undefined && !isBlank(organiserNode)) {
    const group = fields.group('organiser', 'name: (en: and zh:) and email:')
    const name = group?.only(ORGANISER_FIELDS).localized('name', 'the organiser', true)
    const email = group?.text('email', 'an email address')
    const key = keyOf(name?.en?.match(/\(([^)]+)\)\s*$/)?.[1] ?? name?.en ?? name?.zh, 'organiser')
    const participant: Record<string, unknown> = { '@type': 'Participant' }
    event.participants = { [key]: participant }
    put(event, patches, main, ['participants', key, 'name'], name)
    if (email !== undefined) participant.email = email
    participant.roles = { owner: true }
  }
}

/** registration: as the event's registration link, titled in both languages. */
function readRegistration(
  fields: Fields,
  event: Record<string, unknown>,
  patches: Patches,
  main: 'en' | 'zh',
): void {
  const registration = fields.text('registration', 'the https:// address where people register')
  if (registration !== undefined) {
    if (!/^https?:\/\/\S+$/.test(registration)) fields.wrong('registration', 'an https:// address')
    else {
      const linkTitle = main === 'en' ? 'Registration' : '报名'
      event.links = {
        registration: { '@type': 'Link', href: registration, rel: 'registration', title: linkTitle },
      }
      if (main === 'en')
        patches.set('zh', { ...(patches.get('zh') ?? {}), 'links/registration/title': '报名' })
    }
  }
}

/** The JSCalendar Event of one event file; undefined (with problems reported) when it cannot be made. */
export function readEvent(uid: string, fields: Fields): Record<string, unknown> | undefined {
  fields.only(EVENT_FIELDS)
  const title = fields.localized('title', 'the name of the event', true)
  const description = fields.localized('description', 'what happens there and for whom')
  const updated = readUpdated(fields)
  const zone = readZone(fields)
  const status = fields.choice('status', STATUSES) ?? 'confirmed'
  const dateStatus = fields.choice('date_status', DATE_STATUSES) ?? 'scheduled'
  const attendance = fields.choice('attendance', ATTENDANCE)
  const allDay = fields.bool('all_day')
  const monthOnly = fields.bool('month_only')

  const event: Record<string, unknown> = { '@type': 'Event', uid, updated: updated ?? '', locale: 'en' }
  const main: 'en' | 'zh' = title?.en !== undefined ? 'en' : 'zh'
  event.locale = main
  const patches: Patches = new Map()
  put(event, patches, main, ['title'], title)
  put(event, patches, main, ['description'], description)
  const start = readStart(fields, event, {
    dateStatus,
    ...(allDay !== undefined ? { allDay } : {}),
    ...(monthOnly !== undefined ? { monthOnly } : {}),
    zone,
  })
  if (start === false) return undefined
  if (dateStatus !== 'scheduled') event[`${VENDOR}dateStatus`] = dateStatus
  event.timeZone = zone
  readRepeat(fields, event, start && start.kind !== 'time' && dateStatus === 'scheduled' ? start : undefined)
  if (event.start === undefined && event.showWithoutTime === undefined) event.showWithoutTime = true
  event.status = status
  const keywords = readKeywords(fields)
  if (Object.keys(keywords).length > 0) event.keywords = keywords
  readVenue(fields, event, patches, main, zone)
  readOrganiser(fields, event, patches, main)
  if (attendance) event[`${VENDOR}attendance`] = attendance
  readRegistration(fields, event, patches, main)
  if (patches.size > 0) event.localizations = Object.fromEntries(patches)
  if (!title || updated === undefined) return undefined
  return event
}

/** repeat.on: week days (every: week) or an nth day (every: month) as byDay; false when one is wrong (said). */
function readOn(repeat: Fields, every: string): Array<{ day: string; nthOfPeriod?: number }> | false {
  const file = repeat.file
  const byDay: Array<{ day: string; nthOfPeriod?: number }> = []
  const on = repeat.texts('on', 'a day such as monday (weekly), or first monday / last friday (monthly)')
  for (const text of on) {
    const words = text.toLowerCase().split(/\s+/)
    const day = WEEKDAYS[WEEKDAY_NAMES.indexOf(words[words.length - 1] as (typeof WEEKDAY_NAMES)[number])]
    const nth = words.length === 2 ? ORDINALS[words[0] as string] : undefined
    const fits =
      day !== undefined &&
      ((every === 'week' && words.length === 1) ||
        (every === 'month' && words.length === 2 && nth !== undefined))
    if (!fits) {
      file.report(
        'error',
        repeat.at('on'),
        every === 'week'
          ? `repeat.on has "${text}"; expected days such as monday or thursday`
          : every === 'month'
            ? `repeat.on is "${text}"; expected first, second, third, fourth or last and a day, such as last friday`
            : `repeat.on is given for a repeat every ${every}; expected on: only with every: week or every: month`,
      )
      return false
    }
    byDay.push(nth === undefined ? { day } : { day, nthOfPeriod: nth })
  }
  return byDay
}

/** repeat.skip: the dates the event does not happen, as excluded overrides at its start's time. */
function readSkip(repeat: Fields, rule: Rule, start: string): Record<string, { excluded: true }> {
  const file = repeat.file
  const startLocal = parseWhen(start)
  const skipped: Record<string, { excluded: true }> = {}
  for (const text of repeat.texts('skip', 'the dates it does not happen, such as 2026-12-28')) {
    const day = parseWhen(text)
    if (!day || day.kind !== 'date' || !startLocal || startLocal.kind === 'time') {
      file.report('error', repeat.at('skip'), `repeat.skip has "${text}"; expected dates such as 2026-12-28`)
      continue
    }
    const at = {
      ...day.local,
      hour: startLocal.local.hour,
      minute: startLocal.local.minute,
      second: startLocal.local.second,
    }
    if (!occursOn(rule, startLocal.local, at))
      file.report(
        'warning',
        repeat.at('skip'),
        `repeat.skip has ${text}, a day the event does not repeat on; nothing to skip`,
      )
    skipped[formatLocal(at)] = { excluded: true }
  }
  return skipped
}

/**
 * `repeat:` in an editor's words (every: week, interval: 2, on: [monday, thursday] or on: last friday, until: a
 * date or times: a count, skip: dates) as one JSCalendar recurrence rule, with skipped dates as excluded overrides.
 * A group left blank (a web editor writes its empty fields) is no repeat.
 */
function readRepeat(fields: Fields, event: Record<string, unknown>, start: When | undefined): void {
  const node = fields.value('repeat')
  if (node === undefined || isBlank(node)) return
  const file = fields.file
  const repeat = fields.group('repeat', 'every:, and interval:, on:, until: or times:, skip:')
  if (!repeat) return
  repeat.only(REPEAT_FIELDS)
  const every = repeat.choice('every', EVERY, true)
  if (!start || start.kind === 'month' || start.kind === 'time' || typeof event.start !== 'string') {
    file.report(
      'error',
      fields.at('repeat'),
      'repeat needs a start day (2026-12-07, or 2026-12-07 08:00); expected a scheduled event with its first date',
    )
    return
  }
  if (!every) return
  const raw: Record<string, unknown> = { '@type': 'RecurrenceRule', frequency: FREQUENCY[every] }
  const interval = repeat.number(
    'interval',
    'a whole number from 1 to 99 (every 2 weeks: 2)',
    (n) => Number.isInteger(n) && n >= 1 && n <= 99,
  )
  if (interval !== undefined && interval > 1) raw.interval = interval
  const byDay = readOn(repeat, every)
  if (byDay === false) return
  if (byDay.length > 0) raw.byDay = byDay
  const untilText = repeat.text('until', 'the last day it may happen, such as 2027-06-30')
  const times = repeat.number(
    'times',
    'how many times in all, the first included (a whole number from 1 to 1000)',
    (n) => Number.isInteger(n) && n >= 1 && n <= 1000,
  )
  if (untilText !== undefined && times !== undefined) {
    file.report('error', repeat.at('times'), 'repeat has both until: and times:; expected one of them')
    return
  }
  const first = (start as { local: LocalDateTime }).local
  if (untilText !== undefined) {
    const until = parseWhen(untilText)
    if (!until || until.kind !== 'date') {
      repeat.wrong('until', 'a date such as 2027-06-30')
      return
    }
    if (daysBetween(first, until.local) < 0) {
      file.report(
        'error',
        repeat.at('until'),
        `repeat.until (${untilText}) is before start; expected a later day`,
      )
      return
    }
    raw.until = formatLocal({ ...until.local, hour: 23, minute: 59, second: 59 })
  }
  if (times !== undefined) raw.count = times
  const rule = parseRule(raw)
  if ('problem' in rule) {
    file.report('error', fields.at('repeat'), `repeat cannot be expanded: ${rule.problem}`)
    return
  }
  event.recurrenceRules = [raw]
  const skipped = readSkip(repeat, rule, event.start)
  if (Object.keys(skipped).length > 0) event.recurrenceOverrides = skipped
}

/** Whether `rule`, from `start`, makes an occurrence at `at` (the same wall-clock time). */
function occursOn(rule: Rule, start: LocalDateTime, at: LocalDateTime): boolean {
  const day = Math.round(Date.UTC(at.year, at.month - 1, at.day) / 86_400_000)
  const seconds = day * 86_400 + at.hour * 3600 + at.minute * 60 + at.second
  return expandRule(rule, start, day, day, true).includes(seconds)
}

function joinLocalized(a: Localized | undefined, b: Localized): Localized {
  const out: Localized = {}
  for (const language of ['en', 'zh'] as const) {
    const parts = [a?.[language] ?? a?.en ?? a?.zh, b[language] ?? b.en ?? b.zh].filter(Boolean)
    if (parts.length > 0) out[language] = parts.join(language === 'zh' ? '，' : ', ')
  }
  return out
}

/**
 * The duration from a local start to a local end in the event's zone, as RFC 8984 reads it: whole days are nominal
 * (a day across a clock change is 23 or 25 hours, so "P1D" ends at the same local time), the rest exact. So the end
 * is the instant the editor wrote, also across a change (23:00 to 04:00 on the night summer time starts is PT4H).
 * Undefined when the end is not after the start.
 */
export function exactDuration(start: LocalDateTime, end: LocalDateTime, zone: string): string | undefined {
  const startMs = localToUtc(start, zone)
  const endMs = localToUtc(end, zone)
  if (!(endMs > startMs)) return undefined
  const clock = (l: LocalDateTime): number => l.hour * 3600 + l.minute * 60 + l.second
  let days = daysBetween(start, end) - (clock(end) < clock(start) ? 1 : 0)
  const anchor = (n: number): number => localToUtc({ ...start, ...addDays(start, n) }, zone)
  // In a repeated hour (fall back) the same wall time can come before the anchor: one nominal day fewer.
  while (days > 0 && anchor(days) > endMs) days--
  const seconds = Math.round((endMs - anchor(days)) / 1000)
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = seconds % 60
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${rest ? `${rest}S` : ''}`
  return `P${days > 0 ? `${days}D` : ''}${time ? `T${time}` : ''}`
}

/** Sets start, duration and showWithoutTime; false when the dates are wrong (reported). */
function when(
  event: Record<string, unknown>,
  start: Exclude<When, { kind: 'time' }>,
  end: When | undefined,
  endText: string | undefined,
  allDay: boolean | undefined,
  zone: string,
  fields: Fields,
): boolean {
  const file = fields.file
  const local = start.local
  if (endText !== undefined && !end) {
    file.report(
      'error',
      fields.at('end'),
      `end is "${endText}", which is not a real date or time; expected the last day (2022-04-10) or the end time (17:00)`,
    )
    return false
  }
  if (start.kind === 'month') {
    if (end)
      file.report(
        'error',
        fields.at('end'),
        'end is given for a month-only start; expected no end (the days are not known yet)',
      )
    event.start = formatLocal(local)
    event.duration = `P${daysInMonth(local.year, local.month)}D`
    event.showWithoutTime = true
    event[`${VENDOR}datePrecision`] = 'month'
    return !end
  }
  if (start.kind === 'date') {
    if (end && end.kind !== 'date') {
      file.report(
        'error',
        fields.at('end'),
        `end is "${endText ?? ''}"; expected a date (the last day), since start is a date (an all-day event)`,
      )
      return false
    }
    const days = end ? daysBetween(local, end.local) + 1 : 1
    if (days < 1) {
      file.report(
        'error',
        fields.at('end'),
        `end (${endText ?? ''}) is before start; expected the last day, on or after the start`,
      )
      return false
    }
    event.start = formatLocal(local)
    event.duration = `P${days}D`
    event.showWithoutTime = true
    return true
  }
  if (allDay === true) {
    file.report(
      'error',
      fields.at('all_day'),
      'all_day is true but start has a time; expected a date without a time (2022-04-07) for an all-day event',
    )
    return false
  }
  event.start = formatLocal(local)
  if (end) {
    let endLocal: LocalDateTime
    if (end.kind === 'time') endLocal = { ...local, hour: end.hour, minute: end.minute, second: 0 }
    else if (end.kind === 'date-time' && end.offset === undefined) endLocal = end.local
    else {
      file.report(
        'error',
        fields.at('end'),
        `end is "${endText ?? ''}"; expected a local date and time (2022-04-07 17:00) or a time (17:00)`,
      )
      return false
    }
    const duration = exactDuration(local, endLocal, zone)
    if (!duration) {
      file.report(
        'error',
        fields.at('end'),
        `end (${endText ?? ''}) is not after start; expected a later time`,
      )
      return false
    }
    event.duration = duration
  }
  return true
}
