// My events: the saved events, upcoming first, then past; each as published now, or as saved when it is no longer
// listed, with what changed since saving. Remove (with undo) and add to the phone calendar from here.

import type { CalendarEvent } from '../../models/events'
import { addToPhoneCalendar, explainCalendarPermission, isInPhoneCalendar } from '../../services/calendar'
import { content } from '../../services/content'
import { pageLife, type PageLife } from '../../behaviors/page-life'
import { ROUTES, markTab, openEvent, setTitle, switchTab, toast } from '../../services/navigation'
import { restoreEvent, savedItems, unsaveEvent, type SavedEntry } from '../../services/saved-events'
import { currentLanguage } from '../../services/settings'
import { now } from '../../utils/clock'
import { strings, t } from '../../utils/i18n'
import { isPast, scheduleOf } from '../../utils/schedule'
import { changesLabel, eventView, type EventRow } from '../../utils/event-view'

const LABELS = [
  'upcoming',
  'past',
  'emptySaved',
  'browseEvents',
  'addToCalendar',
  'remove',
  'undo',
  'removedToast',
] as const

interface SavedRow extends EventRow {
  notice: string
  canAddToCalendar: boolean
  inCalendar: boolean
}

interface Data {
  labels: Record<(typeof LABELS)[number], string>
  state: 'ready' | 'empty'
  /** Upcoming (soonest first), then past (latest first). */
  groups: Array<{ key: 'upcoming' | 'past'; title: string; muted: boolean; rows: SavedRow[] }>
  /** The entry just removed, while it can be put back. */
  undoTitle: string
}

interface Fields extends PageLife {
  removed: SavedEntry | undefined
  undoTimer: ReturnType<typeof setTimeout> | undefined
  shown: Map<string, CalendarEvent>
}

type Methods = {
  render(): void
  onOpenEvent(e: WechatMiniprogram.BaseEvent<Record<string, never>, { uid: string }>): void
  onRemove(e: WechatMiniprogram.BaseEvent<Record<string, never>, { uid: string }>): void
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
    state: 'ready',
    groups: [],
    undoTitle: '',
  },

  methods: {
    onLoad() {
      this.removed = undefined
      this.undoTimer = undefined
      this.shown = new Map()
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
      const language = this.language
      const at = now()
      const rows: Array<{ row: SavedRow; past: boolean; start: number }> = []
      this.shown = new Map()
      for (const item of savedItems(published)) {
        if (!item.event) continue
        this.shown.set(item.entry.uid, item.event)
        const view = eventView(item.event, language)
        const schedule = scheduleOf(item.event)
        rows.push({
          row: {
            uid: view.uid,
            title: view.title,
            date: view.date,
            local: view.local,
            place: view.venues[0]?.name ?? '',
            badges: view.badges,
            domain: item.event.domains[0] ?? '',
            notice: item.listed ? changesLabel(item.changes, language) : t('noLongerListed', language),
            canAddToCalendar: view.canAddToCalendar && !isPast(schedule, at),
            inCalendar: isInPhoneCalendar(view.uid),
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
      this.setData({ state: rows.length === 0 ? 'empty' : 'ready', groups })
    },

    onOpenEvent(e) {
      openEvent(e.currentTarget.dataset.uid)
    },

    onRemove(e) {
      const uid = e.currentTarget.dataset.uid
      const { result, removed } = unsaveEvent(uid)
      if (result !== 'ok') return toast(t('storageFull', this.language))
      this.removed = removed
      if (this.undoTimer !== undefined) clearTimeout(this.undoTimer)
      this.undoTimer = setTimeout(() => {
        this.removed = undefined
        this.setData({ undoTitle: '' })
      }, UNDO_MS)
      const gone = this.shown.get(uid)
      this.setData({ undoTitle: gone ? eventView(gone, this.language).title : uid })
      this.render()
    },

    onUndo() {
      const entry = this.removed
      if (!entry) return
      if (restoreEvent(entry) !== 'ok') return toast(t('storageFull', this.language))
      this.removed = undefined
      if (this.undoTimer !== undefined) clearTimeout(this.undoTimer)
      this.setData({ undoTitle: '' })
      this.render()
    },

    async onAddToCalendar(e) {
      const event = this.shown.get(e.currentTarget.dataset.uid)
      if (!event) return
      const outcome = await addToPhoneCalendar(event, this.language)
      if (outcome === 'added') {
        toast(t('addedToCalendar', this.language))
        this.render()
      } else if (outcome === 'denied') explainCalendarPermission(this.language)
      else if (outcome === 'failed') toast(t('calendarFailed', this.language))
    },

    onBrowse() {
      switchTab(ROUTES.events)
    },
  },
})
