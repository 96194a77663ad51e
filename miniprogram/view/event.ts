// How an event is presented, in one language, wherever it appears: the event page, the agenda's rows, the saved
// events (badges, the "changed since saved" label, the page's view). One module that pages import, so that no page
// imports another. Pure.

import { eventDetails, type CalendarEvent, type Change, type EventDetails } from '../core/events'
import { pick, type UiLanguage } from '../core/localized'
import { t, tCount, type StringKey } from '../core/i18n'
import { scheduleOf, whenOf } from '../core/schedule'

export interface Badge {
  kind: 'danger' | 'warning' | 'info'
  label: string
}

/** Status and attendance, as badges: cancelled, postponed, to be confirmed, days to be announced, hybrid, online. */
export function badgesOf(event: CalendarEvent, language: UiLanguage): Badge[] {
  const badges: Badge[] = []
  if (event.status === 'cancelled') badges.push({ kind: 'danger', label: t('cancelled', language) })
  if (event.dateStatus === 'postponed') badges.push({ kind: 'warning', label: t('postponed', language) })
  else if (event.status === 'tentative') badges.push({ kind: 'warning', label: t('tentative', language) })
  if (event.datePrecision === 'month' && event.start)
    badges.push({ kind: 'warning', label: t('daysTba', language) })
  if (event.attendance === 'hybrid' || event.attendance === 'online')
    badges.push({ kind: 'info', label: t(event.attendance, language) })
  return badges
}

export function changesLabel(changes: readonly Change[], language: UiLanguage): string {
  if (changes.length === 0) return ''
  const keys: Record<Change, StringKey> = { date: 'changeDate', venue: 'changeVenue', status: 'changeStatus' }
  const what = changes.map((c) => t(keys[c], language)).join(language === 'zh' ? '、' : ', ')
  return t('changedSince', language, { what })
}

export interface EventView {
  uid: string
  title: string
  date: string
  local: string
  badges: Badge[]
  domains: Array<{ code: string; label: string }>
  types: string
  venues: Array<{ id: string; name: string; description: string; hasMap: boolean }>
  organiser: string
  attendance: string
  description: string
  /** Whether attendance, organiser or description say anything (else their section is left out). */
  hasAbout: boolean
  links: Array<{ id: string; title: string; href: string }>
  canAddToCalendar: boolean
  /** "Repeats every week", for an occurrence of a recurring event; '' otherwise. */
  repeats: string
}

/** How a recurring event repeats, in words, from its first rule ("Repeats every 2 weeks"). */
export function repeatsLabel(event: CalendarEvent, language: UiLanguage): string {
  if (!event.recurrence) return ''
  const rule = event.recurrence.rules[0]
  if (!rule) return t('repeatsOnDates', language)
  const keys = {
    daily: 'repeatsDaily',
    weekly: 'repeatsWeekly',
    monthly: 'repeatsMonthly',
    yearly: 'repeatsYearly',
  } as const
  return tCount(keys[rule.frequency], language, rule.interval)
}

/** The event's links, each once with its own label: the online session first (where to join), then the others. */
function linksOf(details: EventDetails, language: UiLanguage): EventView['links'] {
  const links = details.links.map((l) => ({
    id: l.id,
    title: pick(l.title, language) || t('register', language),
    href: l.href,
  }))
  const online = details.onlineUrl
  if (!online || links.some((l) => l.href === online)) return links
  return [{ id: '#online', title: t('onlineSession', language), href: online }, ...links]
}

export function eventView(event: CalendarEvent, language: UiLanguage): EventView {
  const details = eventDetails(event)
  const when = whenOf(event, language)
  const schedule = scheduleOf(event)
  const attendance = event.attendance ? t(event.attendance, language) : ''
  const organiser = pick(details.organiser, language)
  const description = pick(details.description, language)
  return {
    uid: event.uid,
    title: pick(event.title, language),
    date: when.date,
    local: when.local,
    badges: badgesOf(event, language),
    domains: event.domains.map((d) => ({ code: d, label: t(d, language) })),
    types: event.types.map((type) => t(type, language)).join(' · '),
    venues: details.locations.map((l) => ({
      id: l.id,
      name: pick(l.name, language),
      description: pick(l.description, language),
      hasMap: l.latitude !== undefined && l.longitude !== undefined,
    })),
    organiser,
    attendance,
    description,
    hasAbout: Boolean(attendance || organiser || description),
    links: linksOf(details, language),
    canAddToCalendar: (schedule.kind === 'days' || schedule.kind === 'timed') && event.status !== 'cancelled',
    repeats: repeatsLabel(event, language),
  }
}

/** One event in a list (the agenda, the saved events). */
export interface EventRow {
  uid: string
  /** The occurrence of a recurring event ('' for a one-off event): opens the event page on that date. */
  at: string
  title: string
  date: string
  local: string
  place: string
  badges: Badge[]
  domain: string
}

export function eventRow(event: CalendarEvent, language: UiLanguage): EventRow {
  const when = whenOf(event, language)
  return {
    uid: event.uid,
    at: event.recurrenceId ?? '',
    title: pick(event.title, language),
    date: when.date,
    local: when.local,
    place: pick(event.place, language),
    badges: badgesOf(event, language),
    domain: event.domains[0] ?? '',
  }
}
