// The Saved screen's presenter: saved events in two groups (upcoming soonest first, past latest first), each with
// what changed since saving; saved articles newest first; the two segments with their counts. Pure: the page hands
// in what the services read (the saved entries, the published calendar, the phone calendar's additions).

import type { Change, CalendarEvent } from '../core/events'
import { localOffsetMinutes } from '../core/dates'
import { t } from '../core/i18n'
import type { UiLanguage } from '../core/localized'
import { occurrenceFor } from '../core/occurrences'
import { isPast, scheduleOf } from '../core/schedule'
import { articleCard, type ArticleCard } from './article-card'
import { changesLabel, eventRow, eventView, type EventRow } from './event'

export type Segment = 'events' | 'articles'

export interface SavedRow extends EventRow {
  notice: string
  canAddToCalendar: boolean
  inCalendar: boolean
}

export interface SavedGroup {
  key: 'upcoming' | 'past'
  title: string
  muted: boolean
  rows: SavedRow[]
}

export interface SavedArticleRow extends ArticleCard {
  /** "No longer published", when the endpoint said so. */
  notice: string
}

/** A saved event as the services give it: the event to show (published, or as saved), and what changed. */
export interface SavedEventSource {
  /** The saved entry's uid. */
  uid: string
  event: CalendarEvent | undefined
  listed: boolean
  changes: Change[]
}

/** A saved article's entry, as kept with the saved copy. */
export interface SavedArticleSource {
  id: string
  title: string
  summary: string
  language: string
  domain: string
  savedAt: number
  published: number | null
  gone: boolean
}

/**
 * The saved events' groups as of `at`, and the event each row shows by uid (a recurring event shows its next
 * occurrence, or its last one), for the taps on them.
 */
export function savedEventGroups(
  items: readonly SavedEventSource[],
  language: UiLanguage,
  at: number,
  inPhoneCalendar: (event: CalendarEvent) => boolean,
): { groups: SavedGroup[]; shown: Map<string, CalendarEvent> } {
  const rows: Array<{ row: SavedRow; past: boolean; start: number }> = []
  const shown = new Map<string, CalendarEvent>()
  for (const item of items) {
    if (!item.event) continue
    const event = occurrenceFor(item.event, at)
    shown.set(item.uid, event)
    const view = eventView(event, language)
    const schedule = scheduleOf(event)
    const past = isPast(schedule, at)
    rows.push({
      row: {
        ...eventRow(event, language),
        place: view.venues[0]?.name ?? '',
        notice: item.listed ? changesLabel(item.changes, language) : t('noLongerListed', language),
        canAddToCalendar: view.canAddToCalendar && !past,
        inCalendar: inPhoneCalendar(event),
      },
      past,
      start: schedule.kind === 'tba' ? Infinity : schedule.startMs,
    })
  }
  const upcoming = rows.filter((r) => !r.past).sort((a, b) => a.start - b.start)
  const past = rows.filter((r) => r.past).sort((a, b) => b.start - a.start)
  const groups: SavedGroup[] = []
  if (upcoming.length > 0)
    groups.push({
      key: 'upcoming',
      title: t('upcoming', language),
      muted: false,
      rows: upcoming.map((r) => r.row),
    })
  if (past.length > 0)
    groups.push({ key: 'past', title: t('past', language), muted: true, rows: past.map((r) => r.row) })
  return { groups, shown }
}

/** Saved articles, newest saved first, each marked when no longer published. */
export function savedArticleRows(
  entries: readonly SavedArticleSource[],
  language: UiLanguage,
  at: number,
): SavedArticleRow[] {
  return entries
    .slice()
    .sort((a, b) => b.savedAt - a.savedAt)
    .map((entry) => {
      const published = entry.published ?? undefined
      const card = articleCard({ ...entry, published }, language, localOffsetMinutes(published ?? at))
      return { ...card, notice: entry.gone ? t('noLongerPublished', language) : '' }
    })
}

/**
 * The two segments with their counts, and the one to show: the reader's pick, else events, or articles when only
 * articles are saved.
 */
export function savedSegments(
  events: number,
  articles: number,
  language: UiLanguage,
  picked: Segment | undefined,
): { segment: Segment; segments: Array<{ key: Segment; label: string }> } {
  const count = (label: string, n: number): string => (n > 0 ? `${label} · ${n}` : label)
  return {
    segment: picked ?? (events === 0 && articles > 0 ? 'articles' : 'events'),
    segments: [
      { key: 'events', label: count(t('savedEventsSegment', language), events) },
      { key: 'articles', label: count(t('savedArticles', language), articles) },
    ],
  }
}
