// Event: one event, its dates in its own time zone (and the reader's), venue and map, organiser, registration;
// save it, put it in the phone calendar, share it. Opens by uid, also on a cold start from a shared link.

import type { CalendarEvent } from '../../core/events'
import { copyLink, openMap } from '../../services/actions'
import { addToPhoneCalendar, explainCalendarPermission, isInPhoneCalendar } from '../../services/calendar'
import { content } from '../../services/content'
import { pageLife, type PageLife } from '../../behaviors/page-life'
import { eventPath, setTitle, toast } from '../../services/navigation'
import { acknowledge, saveEvent, savedItems, unsaveEvent } from '../../services/saved-events'
import { eventDetails } from '../../core/events'
import { pick } from '../../core/localized'
import { linkId } from '../../core/url'
import { now } from '../../core/clock'
import { strings, t } from '../../core/i18n'
import { occurrenceFor } from '../../core/occurrences'
import { changesLabel, eventView, type EventView } from '../../view/event'

const LABELS = [
  'save',
  'savedLabel',
  'addToCalendar',
  'inCalendar',
  'noDateForCalendar',
  'venue',
  'organiser',
  'attendance',
  'eventLinks',
  'copyLink',
  'map',
  'eventMissing',
] as const

interface Data {
  labels: Record<(typeof LABELS)[number], string>
  state: 'loading' | 'ready' | 'missing'
  event: EventView | null
  saved: boolean
  inCalendar: boolean
  /** "No longer listed", "Changed since you saved it: date". */
  notice: string
}

interface Fields extends PageLife {
  uid: string
  /** The occurrence asked for, for a recurring event ('' for none: the next one is shown). */
  at: string
  /** The event shown: for a recurring event, one occurrence of it. */
  model: CalendarEvent | undefined
}

type Methods = {
  load(): Promise<void>
  show(event: CalendarEvent, listed: boolean): void
  onToggleSave(): void
  onAddToCalendar(): Promise<void>
  onOpenMap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>): void
  onCopyLink(e: WechatMiniprogram.BaseEvent<Record<string, never>, { href: string }>): void
}

Component<Data, Record<string, never>, Methods, [typeof pageLife], Fields, true>({
  behaviors: [pageLife],

  data: {
    labels: strings(LABELS, 'en'),
    state: 'loading',
    event: null,
    saved: false,
    inCalendar: false,
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.uid = linkId(query.uid)
      this.at = linkId(query.at)
      this.model = undefined
      setTitle(t('eventTitle', this.language))
      this.setData({ labels: strings(LABELS, this.language) })
      void this.load()
    },

    onShareAppMessage() {
      return {
        title: this.data.event?.title ?? t('appName', this.language),
        path: eventPath(this.uid, this.model?.recurrenceId),
      }
    },

    onShareTimeline() {
      return {
        title: this.data.event?.title ?? t('appName', this.language),
        query: eventPath(this.uid, this.model?.recurrenceId).split('?')[1] ?? '',
      }
    },

    load() {
      if (!this.uid) {
        this.setData({ state: 'missing' })
        return Promise.resolve()
      }
      return content
        .getEvent(this.scope, this.uid)
        .then(({ event }) => {
          if (!this.scope.aborted) this.show(event, true)
        })
        .catch(() => {
          if (this.scope.aborted) return
          // Gone from the endpoint (or unreachable): a saved event still shows, as it was saved.
          const saved = savedItems([]).find((item) => item.entry.uid === this.uid)
          if (saved?.event) this.show(saved.event, false)
          else this.setData({ state: 'missing' })
        })
    },

    show(series: CalendarEvent, listed: boolean) {
      // A recurring event shows the occurrence the link names, else its next one.
      const event = occurrenceFor(series, now(), this.at)
      this.model = event
      // One read of the saved list: whether it is saved, and what changed since.
      const item = savedItems([event]).find((i) => i.entry.uid === event.uid)
      const saved = item !== undefined
      let notice = ''
      if (saved && !listed) notice = t('noLongerListed', this.language)
      else if (item) {
        notice = changesLabel(item.changes, this.language)
        // Seen now: the change is no longer news next time.
        acknowledge(event)
      }
      this.setData({
        state: 'ready',
        event: eventView(event, this.language),
        saved,
        notice,
        inCalendar: isInPhoneCalendar(event),
      })
    },

    onToggleSave() {
      const event = this.model
      if (!event) return
      if (this.data.saved) {
        const { result } = unsaveEvent(event.uid)
        if (result !== 'ok') return toast(t('storageFull', this.language))
        this.setData({ saved: false })
        toast(t('removedToast', this.language))
      } else {
        if (saveEvent(event) !== 'ok') return toast(t('storageFull', this.language))
        this.setData({ saved: true })
        toast(t('savedToast', this.language))
      }
    },

    onAddToCalendar() {
      const event = this.model
      if (!event) return Promise.resolve()
      return addToPhoneCalendar(event, this.language).then((outcome) => {
        if (outcome === 'added') {
          this.setData({ inCalendar: true })
          toast(t('addedToCalendar', this.language))
        } else if (outcome === 'denied') explainCalendarPermission(this.language)
        else if (outcome === 'failed') toast(t('calendarFailed', this.language))
        else if (outcome === 'unavailable') toast(t('noDateForCalendar', this.language))
        // A cancel is the reader's choice: nothing to say, nothing recorded.
      })
    },

    onOpenMap(e) {
      const event = this.model
      const location = event
        ? eventDetails(event).locations.find((l) => l.id === e.currentTarget.dataset.id)
        : undefined
      if (!location || location.latitude === undefined || location.longitude === undefined) return
      openMap(
        {
          latitude: location.latitude,
          longitude: location.longitude,
          name: pick(location.name, this.language),
          address: pick(location.description, this.language),
        },
        this.language,
      )
    },

    onCopyLink(e) {
      copyLink(e.currentTarget.dataset.href, this.language)
    },
  },
})
