// iCalendar (.ics) files as Outlook, Google Calendar and Apple Calendar export them, turned into event sources
// (content/events/<uid>.yaml) for an editor to review. ical.js reads the file (folding, escapes, VTIMEZONE,
// recurrence); we choose the zone each time is written in:
//   TZID with an IANA name           the same wall time in that zone
//   TZID with a Windows name         the same wall time in the IANA zone CLDR maps it to (Outlook: "China Standard Time")
//   TZID unknown, VTIMEZONE given    the instant, written in the calendar's zone (with a note)
//   UTC (…Z)                         the instant, written in the calendar's zone (X-WR-TIMEZONE, else Asia/Shanghai)
//   floating (no zone)               the same wall time in the calendar's zone
// A recurring event whose rule the sources can say (every day, week, month or year; an interval; weekdays, or the
// nth weekday of the month; until or a count; EXDATEs as skipped dates) becomes one repeating event; any other
// (changed occurrences, RDATE, other BY parts) becomes one event per occurrence in the next year.

import ICAL from 'ical.js'
import { isTimeZone } from '../sources/when'
import { utcToLocal } from '../../../miniprogram/core/time'
import type { LocalDateTime } from '../../../miniprogram/core/format'
import {
  ImportError,
  guessLanguage,
  newReport,
  slugify,
  toYamlWithNote,
  writeNew,
  type ImportReport,
} from './common'

const DEFAULT_ZONE = 'Asia/Shanghai'
/** The most events one recurring series becomes. */
const MAX_OCCURRENCES = 60
const YEAR_MS = 366 * 86_400_000

/** Windows time zone names (Outlook, Exchange) → IANA, after CLDR's windowsZones.xml (territory 001). */
const WINDOWS_ZONES: ReadonlyMap<string, string> = new Map([
  ['China Standard Time', 'Asia/Shanghai'],
  ['Taipei Standard Time', 'Asia/Taipei'],
  ['Tokyo Standard Time', 'Asia/Tokyo'],
  ['Korea Standard Time', 'Asia/Seoul'],
  ['Singapore Standard Time', 'Asia/Singapore'],
  ['SE Asia Standard Time', 'Asia/Bangkok'],
  ['India Standard Time', 'Asia/Calcutta'],
  ['Arabian Standard Time', 'Asia/Dubai'],
  ['Russian Standard Time', 'Europe/Moscow'],
  // Romance covers Brussels, Paris, Madrid and Copenhagen (same rules): the chamber's own city.
  ['Romance Standard Time', 'Europe/Brussels'],
  ['W. Europe Standard Time', 'Europe/Berlin'],
  ['Central Europe Standard Time', 'Europe/Budapest'],
  ['Central European Standard Time', 'Europe/Warsaw'],
  ['GMT Standard Time', 'Europe/London'],
  ['Greenwich Standard Time', 'Atlantic/Reykjavik'],
  ['GTB Standard Time', 'Europe/Bucharest'],
  ['FLE Standard Time', 'Europe/Kiev'],
  ['E. Europe Standard Time', 'Europe/Chisinau'],
  ['Eastern Standard Time', 'America/New_York'],
  ['Central Standard Time', 'America/Chicago'],
  ['Mountain Standard Time', 'America/Denver'],
  ['Pacific Standard Time', 'America/Los_Angeles'],
  ['AUS Eastern Standard Time', 'Australia/Sydney'],
  ['W. Australia Standard Time', 'Australia/Perth'],
  ['New Zealand Standard Time', 'Pacific/Auckland'],
  ['UTC', 'UTC'],
])

const pad = (n: number): string => String(n).padStart(2, '0')
const day = (l: { year: number; month: number; day: number }): string =>
  `${l.year}-${pad(l.month)}-${pad(l.day)}`
const wall = (l: LocalDateTime): string => `${day(l)} ${pad(l.hour)}:${pad(l.minute)}`

function fields(time: ICAL.Time): LocalDateTime {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.hour,
    minute: time.minute,
    second: time.second,
  }
}

/** The text of an iCalendar TEXT value as plain text (some exporters put HTML in DESCRIPTION). */
function plain(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = value
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]{0,200}>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return text || undefined
}

interface Placed {
  /** All-day: a date; else a local date-time in `zone`. */
  local: LocalDateTime
  allDay: boolean
  zone: string
}

const EVERY: Record<string, string> = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }
const DAY_NAMES: Record<string, string> = {
  MO: 'monday',
  TU: 'tuesday',
  WE: 'wednesday',
  TH: 'thursday',
  FR: 'friday',
  SA: 'saturday',
  SU: 'sunday',
}
const NTH_NAMES: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '-1': 'last',
}

/**
 * The `repeat:` of a recurring event in the sources' words, or why it cannot be said there. `local(prop, time)`
 * places a time in the event's zone (for UNTIL and EXDATE).
 */
function repeatOf(
  master: ICAL.Event,
  local: (prop: ICAL.Property | null, time: ICAL.Time) => LocalDateTime,
): { repeat: Record<string, unknown> } | { why: string } {
  const vevent = master.component
  const rules = vevent.getAllProperties('rrule')
  if (rules.length !== 1) return { why: `${rules.length} RRULEs` }
  if (vevent.hasProperty('rdate')) return { why: 'RDATE' }
  if (Object.keys(master.exceptions).length > 0) return { why: 'changed occurrences (RECURRENCE-ID)' }
  const rule = rules[0]?.getFirstValue() as ICAL.Recur
  const every = EVERY[rule.freq]
  if (!every) return { why: `FREQ=${rule.freq}` }
  const parts = Object.keys(rule.parts)
  if (parts.some((part) => part !== 'BYDAY')) return { why: parts.filter((p) => p !== 'BYDAY').join(', ') }
  if (every === 'week' && rule.interval > 1 && rule.wkst !== ICAL.Time.MONDAY) return { why: 'WKST' }
  const repeat: Record<string, unknown> = { every }
  if (rule.interval > 1) repeat.interval = rule.interval
  const byDay = (rule.parts.BYDAY ?? []) as string[]
  if (byDay.length > 0) {
    const days = byDay.map((d) => /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(String(d)))
    if (every === 'week' && days.every((m) => m && !m[1]))
      repeat.on = days.map((m) => DAY_NAMES[m?.[2] ?? ''])
    else if (every === 'month' && days.length === 1 && days[0]?.[1] && NTH_NAMES[String(Number(days[0][1]))])
      repeat.on = `${NTH_NAMES[String(Number(days[0][1]))]} ${DAY_NAMES[days[0][2] ?? '']}`
    else return { why: `BYDAY=${byDay.join(',')}` }
  }
  if (rule.until) {
    // UNTIL is the last start that may happen: a day whose start time comes after it is not included.
    const until = local(null, rule.until)
    const start = master.startDate
    const early =
      (until.hour * 60 + until.minute) * 60 + until.second <
      (start.hour * 60 + start.minute) * 60 + start.second
    const last =
      rule.until.isDate || !early ? until : new Date(Date.UTC(until.year, until.month - 1, until.day - 1))
    repeat.until = day(
      last instanceof Date
        ? { year: last.getUTCFullYear(), month: last.getUTCMonth() + 1, day: last.getUTCDate() }
        : last,
    )
  }
  if (rule.count) repeat.times = rule.count
  const skip: string[] = []
  for (const prop of vevent.getAllProperties('exdate'))
    for (const value of prop.getValues()) if (value instanceof ICAL.Time) skip.push(day(local(prop, value)))
  if (skip.length > 0) repeat.skip = skip
  return { repeat }
}

export interface IcsOptions {
  /** The content folder to write into. */
  root: string
  /** Now, for "the next year" of recurring events and for past ones (tests pass a fixed one). */
  now?: number
  /** Import events that are over too (by default they are left out, with a note). */
  includePast?: boolean
}

/**
 * WGS-84 (what calendars and GPS give) to GCJ-02 (what maps in mainland China, and wx.openLocation, use): the
 * published approximation, about a metre off; points outside mainland China are left as they are.
 */
export function wgs84ToGcj02(lat: number, lon: number): [number, number] {
  if (lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271) return [lat, lon]
  const a = 6378245.0
  const ee = 0.006693421622965943
  const x = lon - 105.0
  const y = lat - 35.0
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  dLon += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  dLon += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0
  dLon += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  const radLat = (lat / 180.0) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - ee * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI)
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return [lat + dLat, lon + dLon]
}

/** Coordinates of an event: GEO, or the geo: URI of Apple's structured location. */
function coordinatesOf(vevent: ICAL.Component): [number, number] | undefined {
  const geo = vevent.getFirstPropertyValue('geo')
  if (Array.isArray(geo) && geo.length === 2 && geo.every((n) => typeof n === 'number' && Number.isFinite(n)))
    return [geo[0] as number, geo[1] as number]
  const apple = vevent.getFirstPropertyValue('x-apple-structured-location')
  const m = typeof apple === 'string' ? /^geo:(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)/.exec(apple) : null
  return m ? [Number(m[1]), Number(m[2])] : undefined
}

type Place = (prop: ICAL.Property | null, time: ICAL.Time, what: string, title: string) => Placed

/** The calendar, its time zones registered (only yearly rules: real zones), and the zone it declares. */
function readCalendar(
  text: string,
  source: string,
  report: ImportReport,
): { calendar: ICAL.Component; calendarZone: string } {
  let calendar: ICAL.Component
  try {
    calendar = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, '')))
  } catch (error) {
    throw new ImportError(
      `${source} is not an iCalendar file (${error instanceof Error ? error.message : 'unreadable'}); expected an .ics export`,
    )
  }
  if (calendar.name !== 'vcalendar')
    throw new ImportError(`${source} holds no VCALENDAR; expected an .ics export`)
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    // Real zones change on yearly rules; any other (FREQ=SECONDLY…) would have ical.js expand it without end.
    for (const observance of [
      ...zone.getAllSubcomponents('standard'),
      ...zone.getAllSubcomponents('daylight'),
    ])
      for (const rule of observance.getAllProperties('rrule')) {
        const value = rule.getFirstValue() as { freq?: string } | null
        if (value?.freq !== 'YEARLY') {
          observance.removeProperty(rule)
          report.notes.push(
            `${source}: time zone ${String(zone.getFirstPropertyValue('tzid'))} has a ${value?.freq ?? 'broken'} rule, which no real zone has; left out`,
          )
        }
      }
    ICAL.TimezoneService.register(zone)
  }
  const declared = calendar.getFirstPropertyValue('x-wr-timezone')
  return {
    calendar,
    calendarZone: typeof declared === 'string' && isTimeZone(declared) ? declared : DEFAULT_ZONE,
  }
}

/** Where a DTSTART or DTEND stands: its local time and IANA zone, whatever the exporter named it. */
function placer(calendarZone: string, report: ImportReport): Place {
  return (prop, time, what, title) => {
    if (time.isDate) return { local: fields(time), allDay: true, zone: calendarZone }
    const tzid = prop?.getParameter('tzid')
    const name = typeof tzid === 'string' ? tzid.replace(/^"|"$/g, '') : undefined
    if (name && isTimeZone(name)) return { local: fields(time), allDay: false, zone: name }
    // Thunderbird and older Lotus exports prefix the IANA name: /mozilla.org/20050126_1/Europe/Brussels.
    const suffix = name?.split('/').slice(-2).join('/')
    if (suffix && suffix.includes('/') && isTimeZone(suffix))
      return { local: fields(time), allDay: false, zone: suffix }
    const windows = name ? WINDOWS_ZONES.get(name) : undefined
    if (windows) return { local: fields(time), allDay: false, zone: windows }
    if (time.zone === ICAL.Timezone.utcTimezone || (name && time.zone && time.zone.tzid === name)) {
      if (name)
        report.notes.push(
          `${title}: ${what} zone "${name}" is not an IANA zone; the time is written in ${calendarZone}`,
        )
      return { local: utcToLocal(time.toJSDate().getTime(), calendarZone), allDay: false, zone: calendarZone }
    }
    if (name)
      report.notes.push(
        `${title}: ${what} zone "${name}" is unknown and has no VTIMEZONE; read as ${calendarZone}`,
      )
    return { local: fields(time), allDay: false, zone: calendarZone }
  }
}

/** The series of the calendar by UID, each with its exceptions (RECURRENCE-ID) related. */
function seriesOf(calendar: ICAL.Component, source: string, report: ImportReport): Map<string, ICAL.Event> {
  const vevents = calendar.getAllSubcomponents('vevent')
  const masters = new Map<string, ICAL.Event>()
  for (const vevent of vevents) {
    if (vevent.hasProperty('recurrence-id')) continue
    const event = new ICAL.Event(vevent)
    if (event.uid) masters.set(event.uid, event)
  }
  for (const vevent of vevents) {
    if (!vevent.hasProperty('recurrence-id')) continue
    const master = masters.get(String(vevent.getFirstPropertyValue('uid') ?? ''))
    if (master) master.relateException(new ICAL.Event(vevent))
  }
  if (vevents.length === 0) report.notes.push(`${source} has no events`)
  return masters
}

interface Occurrence {
  item: ICAL.Event
  start: ICAL.Time
  end: ICAL.Time
}

/**
 * What of a series is imported: one repeating event when the sources can say its rule (unless every occurrence is
 * over), else its occurrences of the next year as events of their own; a one-off unless it is over. `past` when it
 * is all over and left out.
 */
function importedOccurrences(
  master: ICAL.Event,
  title: string,
  place: Place,
  { now, includePast }: { now: number; includePast: boolean },
  report: ImportReport,
): { occurrences: Occurrence[]; repeat?: Record<string, unknown>; past: boolean } {
  const whole: Occurrence = { item: master, start: master.startDate, end: master.endDate }
  if (!master.isRecurring())
    return includePast || master.endDate.toJSDate().getTime() >= now
      ? { occurrences: [whole], past: false }
      : { occurrences: [], past: true }
  const zoneOf = place(master.component.getFirstProperty('dtstart'), master.startDate, 'start', title).zone
  const said = repeatOf(master, (_prop, time) =>
    time.isDate ? fields(time) : utcToLocal(time.toJSDate().getTime(), zoneOf),
  )
  const rule = String(master.component.getFirstPropertyValue('rrule'))
  if ('repeat' in said) {
    const iterator = master.iterator()
    let next: ICAL.Time | null
    let upcoming = false
    for (let guard = 0; !upcoming && (next = iterator.next()) && guard < 5000; guard++)
      upcoming = master.getOccurrenceDetails(next).endDate.toJSDate().getTime() >= now
    if (!upcoming && !includePast) return { occurrences: [], past: true }
    report.notes.push(`${title}: repeats (${rule}); imported as one repeating event`)
    return { occurrences: [whole], repeat: said.repeat, past: false }
  }
  const occurrences: Occurrence[] = []
  const iterator = master.iterator()
  let next: ICAL.Time | null
  let skipped = 0
  let guard = 0
  while ((next = iterator.next()) && guard++ < 5000) {
    if (next.toJSDate().getTime() > now + YEAR_MS) break
    const details = master.getOccurrenceDetails(next)
    if (details.endDate.toJSDate().getTime() < now) {
      skipped++
      continue
    }
    if (occurrences.length >= MAX_OCCURRENCES) {
      report.notes.push(
        `${title}: more than ${MAX_OCCURRENCES} occurrences in the next year; only the first ${MAX_OCCURRENCES} were imported`,
      )
      break
    }
    occurrences.push({ item: details.item, start: details.startDate, end: details.endDate })
  }
  report.notes.push(
    `${title}: repeats (${rule}) in a way the sources cannot say (${said.why}); ${occurrences.length} occurrence${occurrences.length === 1 ? '' : 's'} in the next year imported as separate events${skipped ? `, ${skipped} past one${skipped === 1 ? '' : 's'} left out` : ''}`,
  )
  return { occurrences, past: false }
}

/** The event's start and end in the sources' words: days for an all-day event, else local times in one zone. */
function whenFields(begins: Placed, ends: Placed, end: ICAL.Time): Record<string, unknown> {
  if (begins.allDay) {
    // DTEND of an all-day event is the day after the last one.
    const last = new Date(Date.UTC(ends.local.year, ends.local.month - 1, ends.local.day) - 86_400_000)
    const lastDay = { year: last.getUTCFullYear(), month: last.getUTCMonth() + 1, day: last.getUTCDate() }
    return { start: day(begins.local), ...(day(lastDay) > day(begins.local) ? { end: day(lastDay) } : {}) }
  }
  // The end in the start's zone, so that both read the same way.
  const endLocal = ends.zone === begins.zone ? ends.local : utcToLocal(end.toJSDate().getTime(), begins.zone)
  return {
    start: wall(begins.local),
    ...(wall(endLocal) > wall(begins.local) ? { end: wall(endLocal) } : {}),
    time_zone: begins.zone,
  }
}

/** Where it happens: the venue's name (one line: Apple writes the address over several), coordinates, or online. */
function placeFields(vevent: ICAL.Component, summary: string, report: ImportReport): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const location = plain(vevent.getFirstPropertyValue('location'))?.replace(/\s*\n\s*/g, ', ')
  const venue: Record<string, unknown> = {}
  if (location && !/^https?:\/\//i.test(location)) venue.name = location
  if (location && /^https:\/\//i.test(location)) out.online = location
  const point = coordinatesOf(vevent)
  if (point) {
    const [lat, lon] = wgs84ToGcj02(point[0], point[1])
    if (lat !== point[0])
      report.notes.push(`${summary}: coordinates moved from WGS-84 (GPS) to GCJ-02, as maps in China use`)
    const short = (n: number): string => n.toFixed(6).replace(/\.?0+$/, '')
    venue.coordinates = `${short(lat)}, ${short(lon)}`
  }
  if (venue.name) out.venue = venue
  else if (venue.coordinates)
    report.notes.push(`${summary}: has coordinates but no LOCATION; add a venue by hand`)
  return out
}

/** One occurrence as the fields of an event file, with where it starts (for its uid). */
function eventOf(
  { item, start, end }: Occurrence,
  title: string,
  place: Place,
  repeat: Record<string, unknown> | undefined,
  now: number,
  report: ImportReport,
): { event: Record<string, unknown>; summary: string; begins: Placed } {
  const vevent = item.component
  const summary = item.summary?.trim() || title
  const begins = place(vevent.getFirstProperty('dtstart'), start, 'start', summary)
  const ends = place(
    vevent.getFirstProperty('dtend') ?? vevent.getFirstProperty('dtstart'),
    end,
    'end',
    summary,
  )
  const language = guessLanguage(summary)
  const event: Record<string, unknown> = { title: { [language]: summary } }
  const description = plain(item.description)
  if (description) event.description = { [guessLanguage(description)]: description }
  Object.assign(event, whenFields(begins, ends, end))
  const status = String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase()
  event.status = status === 'CANCELLED' ? 'cancelled' : status === 'TENTATIVE' ? 'tentative' : 'confirmed'
  const where = placeFields(vevent, summary, report)
  if (where.online) event.online = where.online
  if (repeat) event.repeat = repeat
  if (where.venue) event.venue = where.venue
  const url = vevent.getFirstPropertyValue('url')
  if (typeof url === 'string' && /^https?:\/\//i.test(url)) event.registration = url
  const changed = vevent.getFirstPropertyValue('last-modified') ?? vevent.getFirstPropertyValue('dtstamp')
  const updatedAt = changed instanceof ICAL.Time ? changed.toJSDate().getTime() : now
  event.updated = new Date(updatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z')
  return { event, summary, begins }
}

export async function importIcs(text: string, source: string, options: IcsOptions): Promise<ImportReport> {
  const report = newReport()
  const { calendar, calendarZone } = readCalendar(text, source, report)
  const place = placer(calendarZone, report)
  const now = options.now ?? Date.now()
  const used = new Set<string>()
  /** The files to write, made as the events are read and written afterwards, several at a time. */
  const writes: Array<() => Promise<boolean>> = []
  let past = 0
  for (const master of seriesOf(calendar, source, report).values()) {
    // One event that ical.js cannot follow (a year 99999, an interval of a million) is skipped and named; the rest
    // of the calendar is imported.
    try {
      const title = master.summary?.trim() || 'Untitled event'
      const chosen = importedOccurrences(
        master,
        title,
        place,
        { now, includePast: options.includePast === true },
        report,
      )
      if (chosen.past) past++
      for (const occurrence of chosen.occurrences) {
        const { event, summary, begins } = eventOf(occurrence, title, place, chosen.repeat, now, report)
        const named = slugify(summary, 50)
        const base = named || 'event'
        const perOccurrence = master.isRecurring() && !chosen.repeat
        let uid = !named || perOccurrence || used.has(base) ? `${base}-${day(begins.local)}` : base
        for (let n = 2; used.has(uid); n++) uid = `${base}-${day(begins.local)}-${n}`
        used.add(uid)
        const note = [
          `Imported from ${source} (iCalendar UID ${String(master.uid).slice(0, 80)}).`,
          'Check every field, add the Chinese (zh:) texts, domains: and type:, then delete these lines.',
        ]
        writes.push(() => writeNew(options.root, `events/${uid}.yaml`, toYamlWithNote(event, note), report))
      }
    } catch (error) {
      report.notes.push(
        `skipped "${master.summary?.trim() || 'Untitled event'}" (UID ${String(master.uid).slice(0, 80)}): ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  // Sixteen at a time, each file once (the disk waits, not the processor); names were chosen above, in order.
  for (let i = 0; i < writes.length; i += 16)
    await Promise.all(writes.slice(i, i + 16).map((write) => write()))
  report.written.sort()
  if (past > 0)
    report.notes.push(
      `${past} event${past === 1 ? ' was' : 's were'} over already and left out (--all imports them too)`,
    )
  return report
}
