// A short date label for an event, in its own terms (the event's calendar days; month only when only the month is
// known). Pure; full time-zone work comes with the events pages.

import type { CalendarEvent } from '../models/events'
import type { UiLanguage } from '../models/localized'
import { t } from './i18n'

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTHS_EN_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

function addDays(
  year: number,
  month: number,
  day: number,
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + days))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

export function eventDateLabel(event: CalendarEvent, language: UiLanguage): string {
  const start = event.start
  if (!start) return t('dateTba', language)
  if (event.datePrecision === 'month') {
    return language === 'zh'
      ? `${start.year}年${start.month}月`
      : `${MONTHS_EN_LONG[start.month - 1] ?? ''} ${start.year}`
  }
  // The last day the event runs on: an all-day P4D event from the 7th ends on the 10th.
  const extraDays = Math.max(0, event.duration.days - (event.allDay && event.duration.seconds === 0 ? 1 : 0))
  const end = addDays(start.year, start.month, start.day, extraDays)
  if (language === 'zh') {
    const from = `${start.year}年${start.month}月${start.day}日`
    if (extraDays === 0) return from
    return end.year !== start.year
      ? `${from}至${end.year}年${end.month}月${end.day}日`
      : end.month !== start.month
        ? `${from}至${end.month}月${end.day}日`
        : `${from}至${end.day}日`
  }
  const month = (m: number): string => MONTHS_EN[m - 1] ?? ''
  if (extraDays === 0) return `${start.day} ${month(start.month)} ${start.year}`
  if (end.year !== start.year)
    return `${start.day} ${month(start.month)} ${start.year} – ${end.day} ${month(end.month)} ${end.year}`
  if (end.month !== start.month)
    return `${start.day} ${month(start.month)} – ${end.day} ${month(end.month)} ${start.year}`
  return `${start.day}–${end.day} ${month(start.month)} ${start.year}`
}
