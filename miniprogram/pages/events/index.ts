// Events: a month grid with dots on event days, and the agenda below it; filters by domain and type. Shows the
// cached (or bundled) calendar at once, then revalidates. "Now" comes from utils/clock.

import type { CalendarEvent, EventList } from '../../models/events'
import type { UiLanguage } from '../../models/localized'
import { content, failureLabel, staleNotice, userMessage, type Loaded } from '../../services/content'
import { markTab, openEvent, refreshFromPullDown, ROUTES, setTitle, toast } from '../../services/navigation'
import { pageLife, type PageLife } from '../../behaviors/page-life'
import { now } from '../../utils/clock'
import { strings, t, type StringKey } from '../../utils/i18n'
import { eventsView, type EventsView, type Month, type TypeFilter } from './view'
import { domainChips, type DomainFilter } from '../../utils/domains'

/** Agenda rows drawn at a time, so that a calendar of a thousand events stays light. */
export const ROWS_PER_STEP = 30

const LABELS = [
  'upcoming',
  'past',
  'hidePast',
  'nothingUpcoming',
  'dateTba',
  'retry',
  'noEventsFiltered',
  'previousMonth',
  'nextMonth',
  'eventsUnavailable',
  'showAllEvents',
] as const

interface Data {
  labels: Record<(typeof LABELS)[number], string>
  state: 'loading' | 'ready' | 'empty' | 'error'
  errorMessage: string
  /** Above kept content after a failed check: why it was not updated. */
  stale: string
  domains: Array<{ key: DomainFilter; label: string }>
  domain: DomainFilter
  type: TypeFilter
  showPast: boolean
  showPastLabel: string
  view: EventsView | null
}

interface Fields extends PageLife {
  events: CalendarEvent[]
  loaded: boolean
  /** Why the last check failed, while the kept content shows. */
  staleWhy: StringKey | undefined
  month: Month | undefined
  /** The day tapped in the grid (see dayKey), if any. */
  day: number | undefined
  limit: number
}

type Methods = {
  applyLanguage(language: UiLanguage): void
  show(loaded: Loaded<EventList>): void
  render(): void
  refresh(force: boolean): Promise<void>
  setStale(why: StringKey | undefined): void
  onRetry(): void
  onDomain(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: DomainFilter }>): void
  onType(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: TypeFilter }>): void
  onPrevMonth(): void
  onNextMonth(): void
  onDay(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: number; events: boolean }>): void
  onShowAll(): void
  onTogglePast(): void
  onOpenEvent(e: WechatMiniprogram.BaseEvent<Record<string, never>, { uid: string }>): void
}

Component<Data, Record<string, never>, Methods, [typeof pageLife], Fields, true>({
  behaviors: [pageLife],

  data: {
    labels: strings(LABELS, 'en'),
    state: 'loading',
    errorMessage: '',
    stale: '',
    domains: [],
    domain: 'all',
    type: 'all',
    showPast: false,
    showPastLabel: '',
    view: null,
  },

  methods: {
    onLoad() {
      this.events = []
      this.loaded = false
      this.month = undefined
      this.day = undefined
      this.limit = ROWS_PER_STEP
      this.applyLanguage(this.language)
      const shown = content.events.peek()
      if (shown) this.show(shown)
      void this.refresh(false)
    },

    onShow() {
      markTab(this, ROUTES.events)
    },

    onPullDownRefresh() {
      refreshFromPullDown(() => this.refresh(true))
    },

    onReachBottom() {
      if (!this.data.view?.more) return
      this.limit += ROWS_PER_STEP
      this.render()
    },

    applyLanguage(language: UiLanguage) {
      this.language = language
      setTitle(t('eventsTitle', language))
      this.setData({
        labels: strings(LABELS, language),
        domains: domainChips(language),
        stale: staleNotice(this.staleWhy, language),
      })
      if (this.loaded) this.render()
    },

    show(loaded: Loaded<EventList>) {
      this.events = loaded.value.events
      this.loaded = true
      this.render()
    },

    render() {
      const view = eventsView({
        events: this.events,
        now: now(),
        language: this.language,
        domain: this.data.domain,
        type: this.data.type,
        ...(this.month ? { month: this.month } : {}),
        ...(this.day !== undefined ? { day: this.day } : {}),
        showPast: this.data.showPast,
        limit: this.limit,
      })
      this.setData({
        view,
        state: this.events.length === 0 ? 'empty' : 'ready',
        showPastLabel: t(this.data.showPast ? 'hidePast' : 'showPast', this.language, {
          count: String(view.pastCount),
        }),
      })
    },

    async refresh(force: boolean) {
      const url = content.urls().events
      if (!url) {
        if (!this.loaded)
          this.setData({ state: 'error', errorMessage: t('eventsUnavailable', this.language) })
        return
      }
      const outcome = await content.events.refresh(this.scope, url, { force })
      if (this.scope.aborted) return
      if (outcome.kind !== 'failed' && this.staleWhy) this.setStale(undefined)
      if (outcome.kind === 'updated') this.show(outcome.loaded)
      else if (outcome.kind === 'failed') {
        const message = userMessage(outcome.error)[this.language]
        if (this.loaded) {
          if (force) toast(message)
          this.setStale(failureLabel(outcome.error))
        } else this.setData({ state: 'error', errorMessage: message })
      }
    },

    setStale(why: StringKey | undefined) {
      this.staleWhy = why
      this.setData({ stale: staleNotice(why, this.language) })
    },

    onRetry() {
      this.setData({ state: 'loading' })
      void this.refresh(true)
    },

    onDomain(e) {
      this.setData({ domain: e.currentTarget.dataset.key })
      this.month = undefined
      this.day = undefined
      this.limit = ROWS_PER_STEP
      this.render()
    },

    onType(e) {
      this.setData({ type: e.currentTarget.dataset.key })
      this.month = undefined
      this.day = undefined
      this.limit = ROWS_PER_STEP
      this.render()
    },

    onPrevMonth() {
      const m = this.data.view?.month
      if (!m || !this.data.view?.canPrev) return
      this.month = m.month === 1 ? { year: m.year - 1, month: 12 } : { year: m.year, month: m.month - 1 }
      this.day = undefined
      this.render()
    },

    onNextMonth() {
      const m = this.data.view?.month
      if (!m || !this.data.view?.canNext) return
      this.month = m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 }
      this.day = undefined
      this.render()
    },

    // A day with events narrows the agenda to them; tapping it again (or "Show all") widens it back.
    onDay(e) {
      const { key, events } = e.currentTarget.dataset
      if (!events) return
      this.day = this.day === Number(key) ? undefined : Number(key)
      this.limit = ROWS_PER_STEP
      this.render()
    },

    onShowAll() {
      this.day = undefined
      this.limit = ROWS_PER_STEP
      this.render()
    },

    onTogglePast() {
      this.setData({ showPast: !this.data.showPast })
      this.render()
    },

    onOpenEvent(e) {
      openEvent(e.currentTarget.dataset.uid)
    },
  },
})
