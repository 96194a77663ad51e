// Saved: what the reader kept, in two segments. Events: upcoming first, then past; each as published now, or as
// saved when it is no longer listed, with what changed since saving; add to the phone calendar from here. Articles:
// newest saved first, each readable offline from its saved copy, marked when no longer published. Remove (with
// undo) in both.

import type { CalendarEvent } from '../../models/events'
import { addToPhoneCalendar, explainCalendarPermission, phoneCalendarCheck } from '../../services/calendar'
import { content } from '../../services/content'
import { pageLife, type PageLife } from '../../behaviors/page-life'
import {
  ROUTES,
  markTab,
  openArticle,
  openEvent,
  setTitle,
  switchTab,
  toast,
} from '../../services/navigation'
import { restoreEvent, savedItems, unsaveEvent, type SavedEntry } from '../../services/saved-events'
import {
  restoreArticle,
  savedArticleEntries,
  unsaveArticle,
  type RemovedArticle,
} from '../../services/saved-articles'
import { currentLanguage } from '../../services/settings'
import { localOffsetMinutes } from '../../utils/dates'
import { articleCard, type ArticleCard } from '../../utils/article-view'
import { now } from '../../utils/clock'
import { strings, t } from '../../utils/i18n'
import { isPast, scheduleOf } from '../../utils/schedule'
import { changesLabel, eventRow, eventView, type EventRow } from '../../utils/event-view'
import { occurrenceFor } from '../../utils/occurrences'

const LABELS = [
  'upcoming',
  'past',
  'emptySaved',
  'emptySavedArticles',
  'browseEvents',
  'browseNews',
  'addToCalendar',
  'inCalendar',
  'remove',
  'undo',
  'removedToast',
] as const

export type Segment = 'events' | 'articles'

interface SavedRow extends EventRow {
  notice: string
  canAddToCalendar: boolean
  inCalendar: boolean
}

export interface SavedArticleRow extends ArticleCard {
  /** "No longer published", when the endpoint said so. */
  notice: string
}

interface Data {
  labels: Record<(typeof LABELS)[number], string>
  segment: Segment
  segments: Array<{ key: Segment; label: string }>
  /** Upcoming (soonest first), then past (latest first). */
  groups: Array<{ key: 'upcoming' | 'past'; title: string; muted: boolean; rows: SavedRow[] }>
  articles: SavedArticleRow[]
  /** What was just removed, while it can be put back ('' when nothing). */
  undoLabel: string
}

type Removed = { kind: 'event'; entry: SavedEntry } | { kind: 'article'; removed: RemovedArticle }

interface Fields extends PageLife {
  removed: Removed | undefined
  undoTimer: ReturnType<typeof setTimeout> | undefined
  shown: Map<string, CalendarEvent>
  /** Whether the reader picked a segment (else the page opens on one that has something). */
  picked: boolean
}

type Methods = {
  render(): void
  eventGroups(): Data['groups']
  articleRows(): SavedArticleRow[]
  offerUndo(removed: Removed, label: string): void
  onSegment(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: Segment }>): void
  onOpenEvent(e: WechatMiniprogram.BaseEvent<Record<string, never>, { uid: string; at?: string }>): void
  onOpenArticle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>): void
  onRemove(e: WechatMiniprogram.BaseEvent<Record<string, never>, { uid: string }>): void
  onRemoveArticle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>): void
  onUndo(): void
  onAddToCalendar(e: WechatMiniprogram.BaseEvent<Record<string, never>, { uid: string }>): Promise<void>
  onBrowse(): void
}

/** How long the undo stays offered. */
export const UNDO_MS = 6000

Component<Data, Record<string, never>, Methods, [typeof pageLife], Fields, true>({
  behaviors: [pageLife],

  data: {
    labels: strings(LABELS, 'en'),
    segment: 'events',
    segments: [],
    groups: [],
    articles: [],
    undoLabel: '',
  },

  methods: {
    onLoad() {
      this.removed = undefined
      this.undoTimer = undefined
      this.shown = new Map()
      this.picked = false
      // The published calendar tells what changed; without a network the cached or bundled one does.
      void content.events.refresh(this.scope).then(() => !this.scope.aborted && this.render())
    },

    onShow() {
      this.language = currentLanguage()
      setTitle(t('savedTitle', this.language))
      this.setData({ labels: strings(LABELS, this.language) })
      this.render()
      markTab(this, ROUTES.saved)
    },

    onUnload() {
      if (this.undoTimer !== undefined) clearTimeout(this.undoTimer)
    },

    render() {
      const groups = this.eventGroups()
      const articles = this.articleRows()
      const events = groups.reduce((n, g) => n + g.rows.length, 0)
      // Until the reader picks one, the page opens on events, or on articles when only articles are saved.
      const segment: Segment = this.picked
        ? this.data.segment
        : events === 0 && articles.length > 0
          ? 'articles'
          : 'events'
      const count = (label: string, n: number): string => (n > 0 ? `${label} · ${n}` : label)
      this.setData({
        segment,
        segments: [
          { key: 'events', label: count(t('savedEventsSegment', this.language), events) },
          { key: 'articles', label: count(t('savedArticles', this.language), articles.length) },
        ],
        groups,
        articles,
      })
    },

    eventGroups() {
      const published = content.events.peek()?.value.events ?? []
      const language = this.language
      const at = now()
      const rows: Array<{ row: SavedRow; past: boolean; start: number }> = []
      this.shown = new Map()
      const inPhoneCalendar = phoneCalendarCheck()
      for (const item of savedItems(published)) {
        if (!item.event) continue
        // A saved recurring event shows its next occurrence (or its last one).
        const event = occurrenceFor(item.event, at)
        this.shown.set(item.entry.uid, event)
        const view = eventView(event, language)
        const schedule = scheduleOf(event)
        rows.push({
          row: {
            ...eventRow(event, language),
            place: view.venues[0]?.name ?? '',
            notice: item.listed ? changesLabel(item.changes, language) : t('noLongerListed', language),
            canAddToCalendar: view.canAddToCalendar && !isPast(schedule, at),
            inCalendar: inPhoneCalendar(event),
          },
          past: isPast(schedule, at),
          start: schedule.kind === 'tba' ? Infinity : schedule.startMs,
        })
      }
      const upcoming = rows.filter((r) => !r.past).sort((a, b) => a.start - b.start)
      const past = rows.filter((r) => r.past).sort((a, b) => b.start - a.start)
      const groups: Data['groups'] = []
      if (upcoming.length > 0)
        groups.push({
          key: 'upcoming',
          title: t('upcoming', language),
          muted: false,
          rows: upcoming.map((r) => r.row),
        })
      if (past.length > 0)
        groups.push({ key: 'past', title: t('past', language), muted: true, rows: past.map((r) => r.row) })
      return groups
    },

    articleRows() {
      const language = this.language
      return savedArticleEntries()
        .slice()
        .sort((a, b) => b.savedAt - a.savedAt)
        .map((entry) => {
          const published = entry.published ?? undefined
          const card = articleCard({ ...entry, published }, language, localOffsetMinutes(published ?? now()))
          return { ...card, notice: entry.gone ? t('noLongerPublished', language) : '' }
        })
    },

    onSegment(e) {
      this.picked = true
      this.setData({ segment: e.currentTarget.dataset.key })
    },

    onOpenEvent(e) {
      openEvent(e.currentTarget.dataset.uid, e.currentTarget.dataset.at)
    },

    onOpenArticle(e) {
      openArticle(e.currentTarget.dataset.id)
    },

    offerUndo(removed, label) {
      this.removed = removed
      if (this.undoTimer !== undefined) clearTimeout(this.undoTimer)
      this.undoTimer = setTimeout(() => {
        this.removed = undefined
        this.setData({ undoLabel: '' })
      }, UNDO_MS)
      this.picked = true
      this.setData({ undoLabel: label })
      this.render()
    },

    onRemove(e) {
      const { result, removed } = unsaveEvent(e.currentTarget.dataset.uid)
      if (result !== 'ok') return toast(t('storageFull', this.language))
      if (removed) this.offerUndo({ kind: 'event', entry: removed }, t('removedToast', this.language))
    },

    onRemoveArticle(e) {
      const { result, removed } = unsaveArticle(e.currentTarget.dataset.id)
      if (result !== 'ok') return toast(t('storageFull', this.language))
      if (removed) this.offerUndo({ kind: 'article', removed }, t('removedToast', this.language))
      else this.render()
    },

    onUndo() {
      const removed = this.removed
      if (!removed) return
      const result = removed.kind === 'event' ? restoreEvent(removed.entry) : restoreArticle(removed.removed)
      if (result !== 'ok') return toast(t('storageFull', this.language))
      this.removed = undefined
      if (this.undoTimer !== undefined) clearTimeout(this.undoTimer)
      this.setData({ undoLabel: '' })
      this.render()
    },

    onAddToCalendar(e) {
      const event = this.shown.get(e.currentTarget.dataset.uid)
      if (!event) return Promise.resolve()
      return addToPhoneCalendar(event, this.language).then((outcome) => {
        if (outcome === 'added') {
          toast(t('addedToCalendar', this.language))
          this.render()
        } else if (outcome === 'denied') explainCalendarPermission(this.language)
        else if (outcome === 'failed') toast(t('calendarFailed', this.language))
      })
    },

    onBrowse() {
      switchTab(this.data.segment === 'articles' ? ROUTES.news : ROUTES.events)
    },
  },
})
