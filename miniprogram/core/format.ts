// The content format's shared vocabulary and value rules: one definition used by the app's models and by the
// editors' validator (scripts/lib/validate.ts). Pure: no wx, no Node.

export const DOMAINS = ['digital', 'climate', 'health'] as const
export type Domain = (typeof DOMAINS)[number]

/** Event types, read from JSCalendar `keywords`. Other keywords are free tags. */
export const EVENT_TYPES = [
  'trade-fair',
  'matchmaking',
  'licensing',
  'mission',
  'conference',
  'webinar',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

/** Prefix of our JSCalendar vendor properties (RFC 8984 §3.3: a domain the vendor controls). */
export const VENDOR = 'bcecc.be:'

/** JSON Feed extension key on the feed and on items. */
export const EXTENSION = '_bcecc'

/** Each feed page of the static build stays under the data pre-fetch limit. */
export const MAX_FEED_PAGE_BYTES = 256 * 1024

export function isDomain(value: unknown): value is Domain {
  return typeof value === 'string' && (DOMAINS as readonly string[]).includes(value)
}

/**
 * Keys that content may never use for a map entry or a patch path segment: assigned to a plain object they reach its
 * prototype (`__proto__`) or shadow what every object inherits. The schemas reject them too (`$defs/key`,
 * `$defs/patchPath` in events.schema.json), and models keep content-keyed entries in Maps.
 */
export function isReservedKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype'
}

const hasOwnProperty = Object.prototype.hasOwnProperty

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Whether `key` is the object's own property (never an inherited one): Object.hasOwn where the engine has it (one
 * native call), else Object.prototype.hasOwnProperty (older clients).
 */
export const hasOwn: (object: object, key: string) => boolean =
  (Object as { hasOwn?: (object: object, key: string) => boolean }).hasOwn ??
  ((object, key) => hasOwnProperty.call(object, key))

/** Half of a UTF-16 pair, alone or not. */
const SURROGATE = /[\uD800-\uDFFF]/

/** Whether text holds a lone surrogate, found by scanning it: for engines without String.prototype.isWellFormed. */
export function scanLoneSurrogate(text: string): boolean {
  // Almost every text has no surrogate at all: one regular-expression scan says so (a loop over the characters is
  // ten times slower without a JIT, as on iOS). A loop, not a lookbehind, which older iOS lacks.
  if (!SURROGATE.test(text)) return false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else return true
    } else if (c >= 0xdc00 && c <= 0xdfff) return true
  }
  return false
}

const wellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed

/**
 * Whether text holds a lone surrogate (half of a UTF-16 pair): such an id cannot be put in a link or a share path
 * (encodeURIComponent throws on it), so it names nothing. ES2024's native test where the engine has it (a regular
 * expression runs interpreted where there is no JIT), else the scan.
 */
export const hasLoneSurrogate: (text: string) => boolean = wellFormed
  ? (text) => !wellFormed.call(text)
  : scanLoneSurrogate

/** JSON Feed 1.1: an id given as a number is read as its string form. */
export function feedItemId(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 && !hasLoneSurrogate(value) ? value : undefined
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** Ids that can name a document on any static host: no slashes, no leading dot, nothing to escape. */
const PATH_SAFE_ID = /^[A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,199}$/
export function isPathSafeId(id: string): boolean {
  return PATH_SAFE_ID.test(id)
}

/** Fills `{id}` or `{uid}` of a document URL template with the URL-encoded id. */
export function expandTemplate(template: string, id: string): string {
  const encoded = encodeURIComponent(id)
  return template.replace(/\{u?id\}/g, encoded)
}

/**
 * The dates content may use: the years 1900 to 2199. Outside them the time-zone rules of the runtime are guesses
 * (local mean time, eras), two-digit years change meaning in Date.UTC, and nothing the chamber publishes is there.
 */
export const MIN_YEAR = 1900
export const MAX_YEAR = 2199

/** The longest duration an event may have: ten years (3653 days, leap days included). */
export const MAX_DURATION_DAYS = 3653

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function daysInMonth(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return (DAYS_IN_MONTH[month - 1] ?? 0) + (leap ? 1 : 0)
}

/** A real calendar date in the years the format allows. */
export function validDate(year: number, month: number, day: number): boolean {
  return (
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  )
}

// Date parsing runs for every item: one regex (native code, fast even without a JIT) and no intermediate arrays.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/

// The schema check and the model parse the same values one after the other: remember the last answers (two
// date-times: a feed item's published and modified dates are checked, then read, in turn).
let lastRfc3339: { text: string; value: number | undefined } = { text: '', value: undefined }
let earlierRfc3339 = lastRfc3339
let lastLocal: { text: string; value: Readonly<LocalDateTime> | undefined } = { text: '', value: undefined }

/** Date and time from regex groups 1 to 6, when they name a real date and time (seconds up to `maxSecond`). */
function fields(m: RegExpExecArray, maxSecond: number): LocalDateTime | undefined {
  const year = +(m[1] as string)
  const month = +(m[2] as string)
  const day = +(m[3] as string)
  const hour = +(m[4] as string)
  const minute = +(m[5] as string)
  const second = +(m[6] as string)
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > maxSecond) return undefined
  return { year, month, day, hour, minute, second }
}

/** Parses an RFC 3339 date-time with its offset; returns epoch milliseconds, or undefined when it is not one. */
export function parseRfc3339(text: string): number | undefined {
  if (text === lastRfc3339.text) return lastRfc3339.value
  if (text === earlierRfc3339.text) return earlierRfc3339.value
  const value = rfc3339(text)
  earlierRfc3339 = lastRfc3339
  lastRfc3339 = { text, value }
  return value
}

// The common case, with every field in range and a day of at most 28 (which every month has): the engine's own
// ISO parser gives the instant. Anything else (days 29 to 31, lower-case t or z, a space, leap seconds, other
// fractions) takes the full path below.
const RFC3339_COMMON =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

function rfc3339(text: string): number | undefined {
  if (RFC3339_COMMON.test(text)) {
    const year = +text.slice(0, 4)
    if (year < MIN_YEAR || year > MAX_YEAR) return undefined
    const value = Date.parse(text)
    if (Number.isFinite(value)) return value
  }
  const m = RFC3339.exec(text)
  const f = m && fields(m, 60)
  if (!m || !f) return undefined
  let offsetMinutes = 0
  if (m[8] !== undefined) {
    const oh = +(m[9] as string)
    const om = +(m[10] as string)
    if (oh > 23 || om > 59) return undefined
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  const ms = m[7] === undefined ? 0 : Math.round(+m[7] * 1000)
  return (
    Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second > 59 ? 59 : f.second) +
    ms -
    offsetMinutes * 60_000
  )
}

export interface LocalDateTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** Parses a JSCalendar LocalDateTime (no offset: the time zone is given apart). */
export function parseLocalDateTime(text: string): Readonly<LocalDateTime> | undefined {
  if (text === lastLocal.text) return lastLocal.value
  const value = localDateTime(text)
  lastLocal = { text, value }
  return value
}

function localDateTime(text: string): LocalDateTime | undefined {
  const m = LOCAL_DATE_TIME.exec(text)
  return m ? fields(m, 59) : undefined
}

/** An RFC 8984 duration: calendar days (which may be 23 or 25 hours long) kept apart from exact seconds. */
export interface Duration {
  days: number
  seconds: number
}

const DURATION = /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

const durations = new Map<string, Readonly<Duration> | null>()

/**
 * Parses an RFC 8984 duration of at most MAX_DURATION_DAYS (longer ones, which no event has and which break date
 * arithmetic, are not durations here). Events repeat a few durations ("P1D", "PT2H"), so results are shared.
 */
export function parseDuration(text: string): Readonly<Duration> | undefined {
  const known = durations.get(text)
  if (known !== undefined) return known ?? undefined
  const m = DURATION.exec(text)
  let parsed: Readonly<Duration> | null = null
  if (m) {
    const days = Number(m[1] ?? 0) * 7 + Number(m[2] ?? 0)
    const seconds = Number(m[3] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)
    // Compared in days so that no sum of huge components can overflow past the check.
    if (days + seconds / 86_400 <= MAX_DURATION_DAYS) parsed = Object.freeze({ days, seconds })
  }
  if (durations.size < 500) durations.set(text, parsed)
  return parsed ?? undefined
}

/** Parses a `geo:` URI into latitude and longitude (GCJ-02 in our content). */
export function parseGeoUri(text: string): { latitude: number; longitude: number } | undefined {
  const m = /^geo:(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)(?:[,;].*)?$/.exec(text)
  if (!m) return undefined
  const latitude = Number(m[1])
  const longitude = Number(m[2])
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined
  return { latitude, longitude }
}

/** Whether a URL may be used as an image in the app: https, or relative to the document. */
export function imageUrlProblem(url: string): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase()
  if (scheme === undefined || scheme === 'https') return undefined
  if (scheme === 'http') return 'is an http URL; WeChat loads images over https only'
  return `uses the "${scheme}:" scheme; expected an https URL or a relative one`
}
