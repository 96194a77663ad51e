// Adding an event to the phone's calendar (wx.addPhoneCalendar, base library 2.15.0, from a tap only): unix
// seconds, all-day events as all-day, an alarm a day before. A refusal of the permission is explained with a way
// to the settings; a cancel is not taken for an addition.

import { hasOwn } from '../core/format'
import { eventDetails, type CalendarEvent } from '../core/events'
import { pick, type UiLanguage } from '../core/localized'
import { now } from '../core/clock'
import { t } from '../core/i18n'
import { scheduleOf } from '../core/schedule'
import { KEYS, defineStore } from './storage'

export type CalendarOutcome = 'added' | 'cancelled' | 'denied' | 'unavailable' | 'failed'

const DAY_SECONDS = 86_400
// endTime is unix seconds too; the typings (and the older documentation) give it as a string, so it goes as one.

/** The wx.addPhoneCalendar options for an event, or undefined when it has no days to put in a calendar. */
export function calendarEntry(
  event: CalendarEvent,
  language: UiLanguage,
): WechatMiniprogram.AddPhoneCalendarOption | undefined {
  const schedule = scheduleOf(event)
  const details = eventDetails(event)
  const link = details.links.find((l) => l.rel === 'registration' || l.id === 'register') ?? details.links[0]
  const description = [pick(details.description, language), link?.href ?? '']
    .filter(Boolean)
    .join('\n\n')
    .slice(0, 500)
  const location = [pick(event.place, language), pick(details.locations[0]?.description, language)]
    .filter(Boolean)
    .join(', ')
  const base = {
    title: pick(event.title, language),
    description,
    location,
    alarm: true,
    alarmOffset: DAY_SECONDS,
  }
  if (schedule.kind === 'days') {
    // All-day entries are dates: midnight on the phone's own calendar days.
    const midnight = (d: { year: number; month: number; day: number }): number =>
      Math.floor(new Date(d.year, d.month - 1, d.day).getTime() / 1000)
    return {
      ...base,
      allDay: true,
      startTime: midnight(schedule.first),
      endTime: String(midnight(schedule.last)),
    }
  }
  if (schedule.kind === 'timed') {
    return {
      ...base,
      allDay: false,
      startTime: Math.floor(schedule.startMs / 1000),
      endTime: String(Math.floor(schedule.endMs / 1000)),
    }
  }
  return undefined
}

/** The events the reader put in the phone calendar (key → when), so that the app can say so later. */
const additions = defineStore<Record<string, number>>({
  key: KEYS.calendarAdditions,
  version: 1,
  parse: (data) =>
    typeof data === 'object' && data !== null && Object.values(data).every((v) => typeof v === 'number')
      ? (data as Record<string, number>)
      : undefined,
})

/** An event's key among the additions: its uid, and for one occurrence of a recurring event its start too. */
const additionKey = (event: CalendarEvent): string =>
  event.recurrenceId ? `${event.uid}@${event.recurrenceId}` : event.uid

/** Whether the reader put an event (an occurrence) in the phone calendar from the app; storage is read once. */
export function phoneCalendarCheck(): (event: CalendarEvent) => boolean {
  const added = additions.read()
  return (event) => added !== undefined && hasOwn(added, additionKey(event))
}

export function isInPhoneCalendar(event: CalendarEvent): boolean {
  return phoneCalendarCheck()(event)
}

/** Adds the event to the phone calendar; only a confirmed addition is remembered (a cancel is not one). */
export function addToPhoneCalendar(event: CalendarEvent, language: UiLanguage): Promise<CalendarOutcome> {
  return askPhoneCalendar(event, language).then((outcome) => {
    if (outcome === 'added') additions.write({ ...additions.read(), [additionKey(event)]: now() })
    return outcome
  })
}

function askPhoneCalendar(event: CalendarEvent, language: UiLanguage): Promise<CalendarOutcome> {
  return new Promise((resolve) => {
    const entry = calendarEntry(event, language)
    if (!entry || typeof wx.addPhoneCalendar !== 'function') {
      resolve('unavailable')
      return
    }
    wx.addPhoneCalendar({
      ...entry,
      success: () => resolve('added'),
      fail: (err) => {
        const message = err.errMsg
        resolve(
          /auth|deny|denied|permission/i.test(message)
            ? 'denied'
            : /cancel/i.test(message)
              ? 'cancelled'
              : 'failed',
        )
      },
    })
  })
}

/** Says why the calendar was refused and offers the settings where the permission can be given. */
export function explainCalendarPermission(language: UiLanguage): void {
  wx.showModal({
    title: t('calendarDeniedTitle', language),
    content: t('calendarDeniedText', language),
    confirmText: t('openSettings', language),
    cancelText: t('notNow', language),
    success: (res) => {
      if (res.confirm) wx.openSetting({})
    },
  })
}
