// Events: a JSCalendar Group (or one Event's document) read into typed, view-ready models, checked against
// content/schema/events.schema.json. A bad event is dropped and counted, never the whole calendar. Dates stay in
// the event's own terms (local date-time + IANA time zone); turning them into instants is utils/ time work.

import { SCHEMAS } from '../generated/schemas'
import {
  DOMAINS,
  EVENT_TYPES,
  VENDOR,
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
import { primaryLanguage, toLocalized, withText, type Localized } from './localized'
import { ContentFormatError } from './errors'
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

export interface CalendarEvent {
  uid: string
  /** Epoch milliseconds of the event's last change, and its change counter: both tell "changed since saved". */
  updated: number
  sequence: number
  title: Localized
  description?: Localized
  /** Absent when the date is to be announced (dateStatus tba or postponed). */
  start?: LocalDateTime
  /** IANA time zone of start; undefined means floating (the same wall-clock time everywhere). */
  timeZone?: string
  duration: Duration
  allDay: boolean
  /** "month" when only the month of start is known. */
  datePrecision: 'day' | 'month'
  status: EventStatus
  dateStatus: DateStatus
  attendance?: Attendance
  domains: Domain[]
  types: EventType[]
  /** Other keywords, as given. */
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
interface RawEvent {
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
  [vendor: string]: unknown
}

const ONE_DAY: Duration = { days: 1, seconds: 0 }
const ZERO: Duration = { days: 0, seconds: 0 }

function vendor<T extends string>(event: RawEvent, name: string, allowed: readonly T[]): T | undefined {
  const value = event[`${VENDOR}${name}`]
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined
}

/** Applies JSCalendar localizations (PatchObjects) to the fields the app shows. */
function localize(
  event: RawEvent,
  base: string,
): {
  title: Localized
  description?: Localized
  location: Map<string, { name?: Localized; description?: Localized }>
  link: Map<string, Localized>
  participant: Map<string, Localized>
} {
  let title = toLocalized(event.title, base) ?? { [primaryLanguage(base)]: event.uid }
  let description = toLocalized(event.description, base)
  const location = new Map<string, { name?: Localized; description?: Localized }>()
  for (const [id, l] of Object.entries(event.locations ?? {})) {
    const name = toLocalized(l.name, base)
    const text = toLocalized(l.description, base)
    location.set(id, { ...(name ? { name } : {}), ...(text ? { description: text } : {}) })
  }
  const link = new Map<string, Localized>()
  for (const [id, l] of Object.entries(event.links ?? {})) {
    const text = toLocalized(l.title, base)
    if (text) link.set(id, text)
  }
  const participant = new Map<string, Localized>()
  for (const [id, p] of Object.entries(event.participants ?? {})) {
    const text = toLocalized(p.name, base)
    if (text) participant.set(id, text)
  }
  for (const [language, patch] of Object.entries(event.localizations ?? {})) {
    for (const [path, value] of Object.entries(patch)) {
      const [head, id, field, extra] = path.replace(/^\//, '').split('/')
      if (extra !== undefined) continue
      if (head === 'title' && id === undefined) title = withText(title, language, value) ?? title
      else if (head === 'description' && id === undefined)
        description = withText(description, language, value)
      else if (
        head === 'locations' &&
        id &&
        location.has(id) &&
        (field === 'name' || field === 'description')
      ) {
        const entry = location.get(id) ?? {}
        location.set(id, { ...entry, [field]: withText(entry[field], language, value) })
      } else if (head === 'links' && id && field === 'title') {
        const text = withText(link.get(id), language, value)
        if (text) link.set(id, text)
      } else if (head === 'participants' && id && field === 'name') {
        const text = withText(participant.get(id), language, value)
        if (text) participant.set(id, text)
      }
    }
  }
  return { title, ...(description ? { description } : {}), location, link, participant }
}

function toEvent(event: RawEvent, groupLocale: string): CalendarEvent | undefined {
  const updated = parseRfc3339(event.updated)
  if (updated === undefined) return undefined
  let dateStatus: DateStatus =
    vendor(event, 'dateStatus', ['scheduled', 'tba', 'postponed'] as const) ?? 'scheduled'
  const start = event.start === undefined ? undefined : parseLocalDateTime(event.start)
  if (event.start !== undefined && start === undefined) return undefined
  if (!start && dateStatus === 'scheduled') return undefined
  if (!start) dateStatus = dateStatus === 'postponed' ? 'postponed' : 'tba'
  const allDay = event.showWithoutTime === true
  const duration =
    (event.duration === undefined ? undefined : parseDuration(event.duration)) ?? (allDay ? ONE_DAY : ZERO)
  const text = localize(event, event.locale ?? groupLocale)

  const keywords = Object.keys({ ...event.keywords, ...event.categories })
  const domains = DOMAINS.filter((d) => keywords.includes(d))
  const types = EVENT_TYPES.filter((t) => keywords.includes(t))
  const tags = keywords.filter(
    (k) => !(DOMAINS as readonly string[]).includes(k) && !(EVENT_TYPES as readonly string[]).includes(k),
  )

  const locations: EventLocation[] = Object.entries(event.locations ?? {}).map(([id, l]) => {
    const geo = l.coordinates ? parseGeoUri(l.coordinates) : undefined
    return {
      id,
      ...text.location.get(id),
      ...(geo ?? {}),
      ...(typeof l.timeZone === 'string' ? { timeZone: l.timeZone } : {}),
    }
  })
  const online = Object.values(event.virtualLocations ?? {})
    .map((v) => httpsUrl(v.uri, 'https://invalid/'))
    .find((u) => u !== undefined)
  const links: EventLink[] = Object.entries(event.links ?? {}).flatMap(([id, l]) => {
    const href = httpsUrl(l.href, 'https://invalid/', true)
    if (!href) return []
    const title = text.link.get(id)
    return [{ id, href, ...(l.rel ? { rel: l.rel } : {}), ...(title ? { title } : {}) }]
  })
  const owner = Object.entries(event.participants ?? {}).find(([, p]) => p.roles?.owner === true)
  const organiser = owner ? text.participant.get(owner[0]) : undefined
  const attendance =
    vendor(event, 'attendance', ['in-person', 'hybrid', 'online'] as const) ??
    (locations.length > 0 && online
      ? 'hybrid'
      : online
        ? 'online'
        : locations.length > 0
          ? 'in-person'
          : undefined)

  return {
    uid: event.uid,
    updated,
    sequence: event.sequence ?? 0,
    title: text.title,
    ...(text.description ? { description: text.description } : {}),
    ...(start && dateStatus === 'scheduled' ? { start } : {}),
    ...(typeof event.timeZone === 'string' ? { timeZone: event.timeZone } : {}),
    duration,
    allDay,
    datePrecision: vendor(event, 'datePrecision', ['day', 'month'] as const) ?? 'day',
    status: event.status ?? 'confirmed',
    dateStatus,
    ...(attendance ? { attendance } : {}),
    domains,
    types,
    tags,
    locations,
    ...(online ? { onlineUrl: online } : {}),
    links,
    ...(organiser ? { organiser } : {}),
  }
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
    const group = readGroup(json, stats) as
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
  const seen = new Set<string>()
  const events: CalendarEvent[] = []
  let dropped = 0
  for (const raw of entries) {
    const entry = readEvent(raw, stats) as RawEvent | typeof INVALID
    const event = entry === INVALID ? undefined : toEvent(entry, locale)
    if (!event || seen.has(event.uid)) {
      dropped++
      continue
    }
    seen.add(event.uid)
    events.push(event)
  }
  return { url, events, ...(updated !== undefined ? { updated } : {}), dropped, repaired: stats.pruned }
}
