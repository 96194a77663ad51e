// Date formatting for views. Pure.

/** 17 Jan 2022 / 2022年1月17日, in the reader's calendar day for the given UTC offset (minutes east). */
export function formatDay(epochMs: number, language: 'en' | 'zh', offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000)
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()]
  if (language === 'zh') return `${y}年${m + 1}月${day}日`
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  return `${day} ${months[m] ?? ''} ${y}`
}

/** The device's UTC offset at a given moment, in minutes east of UTC. */
export function localOffsetMinutes(epochMs: number): number {
  return -new Date(epochMs).getTimezoneOffset()
}

/** 09:05 in the given UTC offset (minutes east). */
export function formatTime(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000)
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}
