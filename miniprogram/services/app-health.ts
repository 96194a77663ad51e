// Keeping the app itself current and its failures visible: a new version is offered when WeChat has downloaded
// it, and uncaught errors go to WeChat's realtime log (the console in DevTools) instead of vanishing.

import { t } from '../core/i18n'
import { currentLanguage } from './settings'

/** Offers to restart when WeChat has a newer version of the mini program ready (saved data survives it). */
export function watchForUpdates(): void {
  if (typeof wx.getUpdateManager !== 'function') return
  const manager = wx.getUpdateManager()
  manager.onUpdateReady(() => {
    const language = currentLanguage()
    wx.showModal({
      title: t('updateReadyTitle', language),
      content: t('updateReadyText', language),
      confirmText: t('restart', language),
      cancelText: t('notNow', language),
      success: (res) => {
        if (res.confirm) manager.applyUpdate()
      },
    })
  })
}

/** Logs an error the app recovered from (a document that could not be drawn), for the realtime log. */
export function reportRecovered(kind: string, detail: unknown): void {
  log(kind, detail)
}

function log(kind: string, detail: unknown): void {
  const text = detail instanceof Error ? `${detail.name}: ${detail.message}` : String(detail)
  const realtime = typeof wx.getRealtimeLogManager === 'function' ? wx.getRealtimeLogManager() : undefined
  // Realtime log entries are limited to 5 KB.
  if (realtime) realtime.error(kind, text.slice(0, 4000))
  else console.error(kind, text)
}

/** Sends uncaught errors and unhandled promise rejections to the log. */
export function reportUncaught(): void {
  if (typeof wx.onError === 'function') wx.onError((message) => log('error', message))
  if (typeof wx.onUnhandledRejection === 'function')
    wx.onUnhandledRejection((res) => log('unhandled rejection', res.reason))
}
