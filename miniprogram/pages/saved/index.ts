// Saved: what the reader kept, in two segments. Events: upcoming first, then past; each as published now, or as
// saved when it is no longer listed, with what changed since saving; add to the phone calendar from here. Articles:
// newest saved first, each readable offline from its saved copy, marked when no longer published. Remove (with
// undo) in both.

import type { CalendarEvent } from '../../core/events'
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
import { now } from '../../core/clock'
import { strings, t } from '../../core/i18n'
import {
  savedArticleRows,
  savedEventGroups,
  savedSegments,
  type SavedArticleRow,
  type SavedGroup,
  type Segment,
} from '../../view/saved'

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

export type { Segment, SavedArticleRow } from '../../view/saved'

interface Data {
  labels: Record<(typeof LABELS)[number], string>
  segment: Segment
  segments: Array<{ key: Segment; label: string }>
  /** Upcoming (soonest first), then past (latest first). */
  groups: SavedGroup[]
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
      const published = content.events.peek()?.value.events ?? []
      const items = savedItems(published).map(({ entry, event, listed, changes }) => ({
        uid: entry.uid,
        event,
        listed,
        changes,
      }))
      const at = now()
      const { groups, shown } = savedEventGroups(items, this.language, at, phoneCalendarCheck())
      this.shown = shown
      const articles = savedArticleRows(savedArticleEntries(), this.language, at)
      const events = groups.reduce((n, g) => n + g.rows.length, 0)
      this.setData({
        ...savedSegments(events, articles.length, this.language, this.picked ? this.data.segment : undefined),
        groups,
        articles,
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
