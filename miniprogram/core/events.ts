// Events: a JSCalendar Group (or one Event's document) read into typed, view-ready models, checked against
// content/schema/events.schema.json. A bad event is dropped and counted, never the whole calendar. Dates stay in
// the event's own terms (local date-time + IANA time zone); turning them into instants is utils/ time work.

import { CHECKS } from '../generated/checks'
import { SCHEMAS } from '../generated/schemas'
import {
  DOMAINS,
  EVENT_TYPES,
  hasLoneSurrogate,
  hasOwn,
  isReservedKey,
  parseDuration,
  parseGeoUri,
  parseLocalDateTime,
  parseRfc3339,
  type Domain,
  type Duration,
  type EventType,
  type LocalDateTime,
} from './format'
import { INVALID, compilePrune, type PruneStats } from './json-schema'
import { primaryLanguage, type Localized } from './localized'
import { ContentFormatError } from './errors'
import { parseRecurrence, type Recurrence } from './recurrence'
import { httpsUrl } from './url'

export type EventStatus = 'confirmed' | 'tentative' | 'cancelled'
export type DateStatus = 'scheduled' | 'tba' | 'postponed'
export type Attendance = 'in-person' | 'hybrid' | 'online'

export interface EventLocation {
  id: string
  name?: Localized
  description?: Localized
  /** GCJ-02. */
  latitude?: number
  longitude?: number
  timeZone?: string
}

export interface EventLink {
  id: string
  href: string
  rel?: string
  title?: Localized
}

/** An event as the lists, the calendar and the saved events need it. Details are read on demand. */
export interface CalendarEvent {
  uid: string
  /** Epoch milliseconds of the event's last change, and its change counter: both tell "changed since saved". */
  updated: number
  sequence: number
  title: Localized
  /** Absent when the date is to be announced (dateStatus tba or postponed). */
  start?: LocalDateTime
  /** IANA time zone of start; undefined means floating (the same wall-clock time everywhere). */
  timeZone?: string
  duration: Readonly<Duration>
  allDay: boolean
  /** "month" when only the month of start is known. */
  datePrecision: 'day' | 'month'
  status: EventStatus
  dateStatus: DateStatus
  attendance?: Attendance
  domains: Domain[]
  types: EventType[]
  /** The name of the first location (the city, in our content). */
  place?: Localized
  /** The event as published (checked JSCalendar): details are read from it, and a saved event keeps it. */
  source: JSCalendarEvent
  /** How it repeats (core/occurrences expands it); undefined for a one-off event. */
  recurrence?: Recurrence
  /** On one occurrence of a recurring event: its original start, as JSCalendar writes it. */
  recurrenceId?: string
}

/** What the event page shows beyond the summary. */
export interface EventDetails {
  description?: Localized
  /** Keywords other than domains and types, as given. */
  tags: string[]
  locations: EventLocation[]
  onlineUrl?: string
  links: EventLink[]
  organiser?: Localized
}

export interface EventList {
  url: string
  events: CalendarEvent[]
  updated?: number
  dropped: number
  repaired: number
}

const readGroup = compilePrune(SCHEMAS.events, '#/$defs/group', { skip: ['entries'], lenientTop: true })
const readEvent = compilePrune(SCHEMAS.events, '#/$defs/event')

interface RawLocation {
  name?: string
  description?: string
  coordinates?: string
  timeZone?: string | null
}
export interface JSCalendarEvent {
  uid: string
  updated: string
  sequence?: number
  title: string
  description?: string
  locale?: string
  start?: string
  timeZone?: string | null
  duration?: string
  showWithoutTime?: boolean
  status?: EventStatus
  keywords?: Record<string, true>
  categories?: Record<string, true>
  locations?: Record<string, RawLocation>
  virtualLocations?: Record<string, { uri: string; name?: string }>
  links?: Record<string, { href: string; rel?: string; title?: string }>
  participants?: Record<string, { name?: string; roles?: Record<string, true> }>
  localizations?: Record<string, Record<string, unknown>>
  // Our extensions (core/format's VENDOR prefix), written out: a literal key is a named property read, which is
  // cheaper than a computed one where there is no JIT.
  'bcecc.be:attendance'?: Attendance
  'bcecc.be:dateStatus'?: DateStatus
  'bcecc.be:datePrecision'?: 'day' | 'month'
  [vendor: string]: unknown
}

const ONE_DAY: Readonly<Duration> = Object.freeze({ days: 1, seconds: 0 })
const ZERO: Readonly<Duration> = Object.freeze({ days: 0, seconds: 0 })

/** Keyword → what it says about the event. */
const KEYWORD_KIND = new Map<string, 'domain' | 'type'>([
  ...DOMAINS.map((d) => [d, 'domain'] as const),
  ...EVENT_TYPES.map((t) => [t, 'type'] as const),
])

type MutableLocalized = Record<string, string>

function text(language: string, value: string | undefined): MutableLocalized | undefined {
  if (value === undefined) return undefined
  const content = value.trim()
  if (!content) return undefined
  // Assignment, not a computed key in a literal: the latter is slow where there is no JIT.
  const out: MutableLocalized = {}
  out[language] = content
  return out
}

/** Sets one language's text of a localized field (JSCalendar localizations patch fields by path). */
function put(
  target: MutableLocalized | undefined,
  language: string,
  value: unknown,
): MutableLocalized | undefined {
  if (typeof value !== 'string') return target
  const content = value.trim()
  if (!content) return target
  const out = target ?? {}
  out[language] = content
  return out
}

/** Adds an event's categories to the domains and types its keywords gave, each once. */
function addCategories(set: Record<string, true>, domains: Domain[], types: EventType[]): void {
  for (const word in set) {
    const kind = KEYWORD_KIND.get(word)
    if (kind === 'domain' && !domains.includes(word as Domain)) domains.push(word as Domain)
    else if (kind === 'type' && !types.includes(word as EventType)) types.push(word as EventType)
  }
}

/**
 * Applies an event's localizations to its title (in place) and to its first place's name: the place's names.
 * JSCalendar patches fields by path: "title", "locations/<id>/name", each with an optional leading "/".
 */
function localize(
  localizations: Record<string, Record<string, unknown>>,
  title: MutableLocalized,
  place: MutableLocalized | undefined,
  placeId: string | undefined,
): MutableLocalized | undefined {
  const placePath = placeId === undefined ? undefined : placeNamePath(placeId)
  for (const tag in localizations) {
    const patch = localizations[tag] as Record<string, unknown>
    const lang = primaryLanguage(tag)
    // Plain reads: no inherited property is named "title" or has a slash in its name.
    put(title, lang, patch.title ?? patch['/title'])
    if (placePath !== undefined) place = put(place, lang, patch[placePath] ?? patch[`/${placePath}`])
  }
  return place
}

/** A JSON Pointer segment (RFC 6901) for an id. */
function escapeSegment(id: string): string {
  return id.indexOf('~') < 0 && id.indexOf('/') < 0 ? id : id.replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * A patch path (RFC 8984 PatchObject key: a JSON Pointer, the leading "/" optional) as its segments; undefined when
 * a segment is empty or reserved (`__proto__`, `constructor`, `prototype`): such a path patches nothing.
 */
export function patchSegments(path: string): string[] | undefined {
  const parts = (path.charCodeAt(0) === 47 ? path.slice(1) : path).split('/')
  for (let i = 0; i < parts.length; i++) {
    const part = (parts[i] as string).replace(/~1/g, '/').replace(/~0/g, '~')
    if (!part || isReservedKey(part)) return undefined
    parts[i] = part
  }
  return parts
}

const placeNamePaths = new Map<string, string>()

/** "locations/<id>/name", the same string each time for an id (a fresh string is slow as a property key). */
function placeNamePath(id: string): string {
  let path = placeNamePaths.get(id)
  if (path === undefined) {
    path = `locations/${escapeSegment(id)}/name`
    if (placeNamePaths.size < 100) placeNamePaths.set(id, path)
  }
  return path
}

/** How the event is attended: as declared, else from its places (a venue, an online session, or both). */
function attendanceOf(event: JSCalendarEvent, hasPlace: boolean): Attendance | undefined {
  const mode = event['bcecc.be:attendance']
  if (mode === 'in-person' || mode === 'hybrid' || mode === 'online') return mode
  let online = false
  for (const id in event.virtualLocations) {
    online = id !== ''
    break
  }
  return hasPlace ? (online ? 'hybrid' : 'in-person') : online ? 'online' : undefined
}

function toEvent(
  event: JSCalendarEvent,
  groupLocale: string,
  groupLanguage: string,
): CalendarEvent | undefined {
  const updated = parseRfc3339(event.updated)
  if (updated === undefined) return undefined
  // A uid that cannot be put in a link names nothing (tapping or sharing the event would throw).
  if (hasLoneSurrogate(event.uid)) return undefined
  const declared = event['bcecc.be:dateStatus']
  let dateStatus: DateStatus = declared === 'tba' || declared === 'postponed' ? declared : 'scheduled'
  const start = event.start === undefined ? undefined : parseLocalDateTime(event.start)
  if (event.start !== undefined && start === undefined) return undefined
  if (!start && dateStatus === 'scheduled') return undefined
  if (!start && dateStatus !== 'postponed') dateStatus = 'tba'
  const allDay = event.showWithoutTime === true
  const duration =
    (event.duration === undefined ? undefined : parseDuration(event.duration)) ?? (allDay ? ONE_DAY : ZERO)
  const language =
    event.locale === undefined || event.locale === groupLocale ? groupLanguage : primaryLanguage(event.locale)
  // An event needs a visible name: its title, else its uid.
  const title = text(language, event.title) ?? text(language, event.uid)
  if (!title) return undefined

  // The first place (the city, in our content): a for-in that stops at its first key, and makes no list of keys.
  // Content maps are plain JSON objects, which inherit no enumerable key.
  let placeId: string | undefined
  for (const id in event.locations) {
    placeId = id
    break
  }
  let place = placeId === undefined ? undefined : text(language, event.locations?.[placeId]?.name)
  if (event.localizations) place = localize(event.localizations, title, place, placeId)
  const attendance = attendanceOf(event, placeId !== undefined)

  // Keywords sort into our domains and types (other words are the details' tags); categories may repeat them.
  const domains: Domain[] = []
  const types: EventType[] = []
  for (const word in event.keywords) {
    const kind = KEYWORD_KIND.get(word)
    if (kind === 'domain') domains.push(word as Domain)
    else if (kind === 'type') types.push(word as EventType)
  }
  if (event.categories) addCategories(event.categories, domains, types)

  const precision: 'day' | 'month' = event['bcecc.be:datePrecision'] === 'month' ? 'month' : 'day'
  // Only a dated event (to the day) repeats; most events have no rules, and cost two reads here.
  const recurs =
    dateStatus === 'scheduled' &&
    precision === 'day' &&
    (event.recurrenceRules !== undefined || event.recurrenceOverrides !== undefined)
      ? parseRecurrence(event).recurrence
      : undefined

  // Every field in one literal (absent ones undefined): one object shape, no properties added later.
  const out: CalendarEvent = {
    uid: event.uid,
    updated,
    sequence: event.sequence ?? 0,
    title,
    start: dateStatus === 'scheduled' ? start : undefined,
    timeZone: typeof event.timeZone === 'string' ? event.timeZone : undefined,
    duration,
    allDay,
    datePrecision: precision,
    status: event.status ?? 'confirmed',
    dateStatus,
    attendance,
    domains,
    types,
    place,
    source: event,
    recurrence: recurs,
    recurrenceId: undefined,
  }
  return out
}

const detailsCache = new WeakMap<CalendarEvent, EventDetails>()

/**
 * The event's localizations over its details: "description", or "locations/<id>/name": a top-level field, or a field
 * of one named entry (locations and links by id, the organiser's name).
 */
function applyLocalizations(
  event: JSCalendarEvent,
  out: EventDetails,
  locations: ReadonlyMap<string, EventLocation>,
  links: ReadonlyMap<string, EventLink>,
  ownerId: string | undefined,
): void {
  for (const [tag, patch] of Object.entries(event.localizations ?? {})) {
    const lang = primaryLanguage(tag)
    for (const [path, value] of Object.entries(patch)) {
      const parts = patchSegments(path)
      if (!parts) continue
      const [head, id, field] = parts
      if (parts.length === 1 && head === 'description') {
        const localized = put(out.description, lang, value)
        if (localized) out.description = localized
      } else if (parts.length === 3 && id !== undefined) {
        if (head === 'locations' && (field === 'name' || field === 'description')) {
          const location = locations.get(id)
          const localized = location && put(location[field], lang, value)
          if (location && localized) location[field] = localized
        } else if (head === 'links' && field === 'title') {
          const link = links.get(id)
          const localized = link && put(link.title, lang, value)
          if (link && localized) link.title = localized
        } else if (head === 'participants' && field === 'name' && id === ownerId) {
          const localized = put(out.organiser, lang, value)
          if (localized) out.organiser = localized
        }
      }
    }
  }
}

/** The event's description, locations, links and organiser, in every language it gives (computed once). */
export function eventDetails(summary: CalendarEvent): EventDetails {
  const known = detailsCache.get(summary)
  if (known) return known
  const event = summary.source
  const language = primaryLanguage(event.locale ?? Object.keys(summary.title)[0] ?? 'en')
  const out: EventDetails = { tags: [], locations: [], links: [] }
  for (const set of [event.keywords, event.categories]) {
    for (const word of Object.keys(set ?? {}))
      if (!KEYWORD_KIND.has(word) && !out.tags.includes(word)) out.tags.push(word)
  }
  const description = text(language, event.description)
  if (description) out.description = description

  // Content-keyed entries live in Maps: an id such as "__proto__" is only ever a key.
  const locations = new Map<string, EventLocation>()
  for (const [id, raw] of Object.entries(event.locations ?? {})) {
    const location: EventLocation = { id }
    const name = text(language, raw.name)
    if (name) location.name = name
    const about = text(language, raw.description)
    if (about) location.description = about
    const geo = raw.coordinates ? parseGeoUri(raw.coordinates) : undefined
    if (geo) {
      location.latitude = geo.latitude
      location.longitude = geo.longitude
    }
    if (typeof raw.timeZone === 'string') location.timeZone = raw.timeZone
    locations.set(id, location)
    out.locations.push(location)
  }
  for (const virtual of Object.values(event.virtualLocations ?? {})) {
    const url = httpsUrl(virtual.uri, 'https://invalid/')
    if (url) {
      out.onlineUrl = url
      break
    }
  }
  const links = new Map<string, EventLink>()
  for (const [id, raw] of Object.entries(event.links ?? {})) {
    const href = httpsUrl(raw.href, 'https://invalid/', true)
    if (!href) continue
    const link: EventLink = { id, href }
    if (raw.rel) link.rel = raw.rel
    const title = text(language, raw.title)
    if (title) link.title = title
    links.set(id, link)
    out.links.push(link)
  }
  let ownerId: string | undefined
  for (const [id, p] of Object.entries(event.participants ?? {})) {
    if (p.roles && hasOwn(p.roles, 'owner') && p.roles.owner === true) {
      ownerId = id
      const name = text(language, p.name)
      if (name) out.organiser = name
      break
    }
  }

  applyLocalizations(event, out, locations, links, ownerId)
  detailsCache.set(summary, out)
  return out
}

/** Reads the events document (a Group) or one event's document (an Event). */
export function parseEvents(json: unknown, url: string): EventList {
  const stats: PruneStats = { pruned: 0 }
  const isGroup =
    typeof json === 'object' && json !== null && (json as Record<string, unknown>)['@type'] === 'Group'
  let entries: unknown[]
  let locale = 'en'
  let updated: number | undefined
  if (isGroup) {
    const group = (CHECKS.groupTop(json) ? json : readGroup(json, stats)) as
      { entries: unknown; locale?: string; updated?: string } | typeof INVALID
    if (group === INVALID || !Array.isArray(group.entries))
      throw new ContentFormatError('not a JSCalendar Group with entries')
    entries = group.entries
    locale = group.locale ?? locale
    updated = group.updated === undefined ? undefined : parseRfc3339(group.updated)
  } else if (
    typeof json === 'object' &&
    json !== null &&
    (json as Record<string, unknown>)['@type'] === 'Event'
  ) {
    entries = [json]
  } else {
    throw new ContentFormatError('not a JSCalendar Group or Event')
  }
  const language = primaryLanguage(locale)
  const seen = new Set<string>()
  const events: CalendarEvent[] = []
  let dropped = 0
  // Index loops: for-of goes through the iterator protocol, a cost of its own where there is no JIT.
  const check = CHECKS.event
  for (let i = 0; i < entries.length; i++) {
    const raw = entries[i]
    // Valid events (the usual case) go through the precompiled check as they are; others are repaired or dropped.
    const entry = (check(raw) ? raw : readEvent(raw, stats)) as JSCalendarEvent | typeof INVALID
    const event = entry === INVALID ? undefined : toEvent(entry, locale, language)
    if (!event || seen.has(event.uid)) {
      dropped++
      continue
    }
    seen.add(event.uid)
    events.push(event)
  }
  return { url, events, ...(updated !== undefined ? { updated } : {}), dropped, repaired: stats.pruned }
}

/** What a reader is told changed in an event they saved. */
export type Change = 'date' | 'venue' | 'status'

const json = (value: unknown): string => JSON.stringify(value ?? null)

/** What changed between a saved copy of an event and the published one: its dates, its venue, its status. */
export function changesBetween(before: JSCalendarEvent, after: JSCalendarEvent): Change[] {
  if (before.sequence === after.sequence && before.updated === after.updated) return []
  const changes: Change[] = []
  const date = (e: JSCalendarEvent): string =>
    json([
      e.start,
      e.duration,
      e.timeZone,
      e.showWithoutTime,
      e['bcecc.be:dateStatus'],
      e['bcecc.be:datePrecision'],
    ])
  const venue = (e: JSCalendarEvent): string =>
    json(
      Object.values(e.locations ?? {})
        .map((l) => [l.name, l.coordinates])
        .concat(Object.values(e.virtualLocations ?? {}).map((v) => [v.uri, ''])),
    )
  if (date(before) !== date(after)) changes.push('date')
  if (venue(before) !== venue(after)) changes.push('venue')
  if ((before.status ?? 'confirmed') !== (after.status ?? 'confirmed')) changes.push('status')
  return changes
}
