// Events: a month grid with dots on event days, and the agenda below it; filters by domain and type. Shows the
// cached (or bundled) calendar at once, then revalidates (behaviors/content-page); only the agenda lines near the
// screen are drawn (behaviors/windowed-list). "Now" comes from core/clock.

import type { CalendarEvent, EventList } from '../../core/events'
import type { UiLanguage } from '../../core/localized'
import { content, type Loaded } from '../../services/content'
import { markTab, openEvent, ROUTES, setTitle } from '../../services/navigation'
import { windowSize } from '../../services/system'
import { ListPage, listPageData, type ListPageData, type ListPageFields } from '../../behaviors/list-page'
import { now } from '../../core/clock'
import { strings, t } from '../../core/i18n'
import {
  eventsView,
  lineHeight,
  presentLine,
  type AgendaEntry,
  type AgendaLine,
  type EventsView,
  type Month,
  type TypeFilter,
} from '../../view/events'
import { domainChips, type DomainFilter } from '../../view/domains'

/** Agenda lines per chunk of the list: it grows by one chunk as the reader nears its end. */
export const LINES_PER_CHUNK = 12

const LABELS = [
  'upcoming',
  'past',
  'nothingUpcoming',
  'retry',
  'noEventsFiltered',
  'previousMonth',
  'nextMonth',
  'eventsUnavailable',
  'showAllEvents',
] as const

interface Data extends ListPageData {
  labels: Record<(typeof LABELS)[number], string>
  domains: Array<{ key: DomainFilter; label: string }>
  domain: DomainFilter
  type: TypeFilter
  showPast: boolean
  /** The grid, filters and headings; the agenda's lines are in `chunks`. */
  view: Omit<EventsView, 'agenda'> | null
}

interface Fields extends ListPageFields {
  events: CalendarEvent[]
  month: Month | undefined
  /** The day tapped in the grid (see dayKey), if any. */
  day: number | undefined
}

/** What a render does to the agenda: a new one from its start, the same one changed in place, or none. */
type ListChange = 'new' | 'keep' | 'none'

type Methods = {
  applyLanguage(language: UiLanguage): void
  show(loaded: Loaded<EventList>): void
  render(list?: ListChange): void
  onDomain(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: DomainFilter }>): void
  onType(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: TypeFilter }>): void
  leaveDay(): ListChange
  onPrevMonth(): void
  onNextMonth(): void
  onDay(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: number; events: boolean }>): void
  onShowAll(): void
  onTogglePast(): void
  onOpenEvent(e: WechatMiniprogram.BaseEvent<Record<string, never>, { uid: string; at?: string }>): void
}

ListPage<Data, Methods, Fields>({
  data: {
    ...listPageData(),
    labels: strings(LABELS, 'en'),
    domains: [],
    domain: 'all',
    type: 'all',
    showPast: false,
    view: null,
  },

  methods: {
    onLoad() {
      this.events = []
      this.month = undefined
      this.day = undefined
      const width = windowSize().width
      this.setupList<AgendaEntry, AgendaLine>({
        chunkSize: LINES_PER_CHUNK,
        present: (entry) => presentLine(entry, this.language),
        estimate: (line) => lineHeight(line, width),
      })
      this.firstScreen(() => {
        this.applyLanguage(this.language)
        this.loadContent({
          resource: content.events,
          show: (loaded) => this.show(loaded),
          unavailable: 'eventsUnavailable',
        })
      })
    },

    onShow() {
      markTab(this, ROUTES.events)
    },

    onReachBottom() {
      this.growList()
    },

    applyLanguage(language: UiLanguage) {
      this.language = language
      setTitle(t('eventsTitle', language))
      this.stage({ labels: strings(LABELS, language), domains: domainChips(language) })
      // A notice in the old language is written again; none at all needs no setData.
      if (this.staleWhy) this.setStale(this.staleWhy)
      if (this.shown) this.render('keep')
    },

    show(loaded: Loaded<EventList>) {
      this.events = loaded.value.events
      this.render('keep')
    },

    /** The grid and the agenda for the current filters, month and day. */
    render(list: ListChange = 'new') {
      const { agenda, ...view } = eventsView({
        events: this.events,
        now: now(),
        language: this.language,
        domain: this.data.domain,
        type: this.data.type,
        ...(this.month ? { month: this.month } : {}),
        ...(this.day !== undefined ? { day: this.day } : {}),
        showPast: this.data.showPast,
      })
      const extra: Record<string, unknown> = {
        ...this.takeStaged(),
        view,
        state: this.events.length === 0 ? 'empty' : 'ready',
      }
      if (list === 'none') this.setData(extra)
      else this.showList(agenda, { keep: list === 'keep', extra })
    },

    onDomain(e) {
      this.setData({ domain: e.currentTarget.dataset.key })
      this.month = undefined
      this.day = undefined
      this.render()
    },

    onType(e) {
      this.setData({ type: e.currentTarget.dataset.key })
      this.month = undefined
      this.day = undefined
      this.render()
    },

    /** Another month: a tapped day no longer applies (the agenda widens back), else the agenda stays as it is. */
    leaveDay() {
      if (this.day === undefined) return 'none'
      this.day = undefined
      return 'new'
    },

    onPrevMonth() {
      const m = this.data.view?.month
      if (!m || !this.data.view?.canPrev) return
      this.month = m.month === 1 ? { year: m.year - 1, month: 12 } : { year: m.year, month: m.month - 1 }
      this.render(this.leaveDay())
    },

    onNextMonth() {
      const m = this.data.view?.month
      if (!m || !this.data.view?.canNext) return
      this.month = m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 }
      this.render(this.leaveDay())
    },

    // A day with events narrows the agenda to them; tapping it again (or "Show all") widens it back.
    onDay(e) {
      const { key, events } = e.currentTarget.dataset
      if (!events) return
      this.day = this.day === Number(key) ? undefined : Number(key)
      this.render()
    },

    onShowAll() {
      this.day = undefined
      this.render()
    },

    onTogglePast() {
      this.setData({ showPast: !this.data.showPast })
      this.render('keep')
    },

    onOpenEvent(e) {
      openEvent(e.currentTarget.dataset.uid, e.currentTarget.dataset.at)
    },
  },
})
