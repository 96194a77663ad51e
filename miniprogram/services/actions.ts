// The user actions that leave the app or reach the phone: calling, copying, maps, image preview, official-account
// articles and profiles. Each reports what happened in the reader's language; none fails silently.

import type { UiLanguage } from '../core/localized'
import { t } from '../core/i18n'
import { baseLibraryAtLeast } from './system'

function say(
  key: 'copied' | 'linkCopied' | 'callFailed' | 'mapFailed',
  language: UiLanguage,
  what = '',
): string {
  return t(key, language, { what })
}

function toast(title: string): void {
  wx.showToast({ title, icon: 'none' })
}

export function call(phone: string, language: UiLanguage): void {
  wx.makePhoneCall({
    phoneNumber: phone.replace(/[^\d+]/g, ''),
    fail: (err) => {
      // Cancelling the dialog is not a failure worth telling.
      if (!/cancel/i.test(err.errMsg)) toast(say('callFailed', language))
    },
  })
}

/** Copies `text`; the toast names what was copied ("Email copied"). */
export function copy(text: string, what: string, language: UiLanguage): void {
  wx.setClipboardData({
    data: text,
    success: () => toast(say('copied', language, what)),
  })
}

/** Copies a link the app cannot open itself, and says so. */
export function copyLink(url: string, language: UiLanguage): void {
  wx.setClipboardData({ data: url, success: () => toast(say('linkCopied', language)) })
}

/** Opens WeChat's map at GCJ-02 coordinates. */
export function openMap(
  place: { latitude: number; longitude: number; name: string; address: string },
  language: UiLanguage,
): void {
  wx.openLocation({
    latitude: place.latitude,
    longitude: place.longitude,
    name: place.name,
    address: place.address,
    scale: 16,
    fail: (err) => {
      if (!/cancel/i.test(err.errMsg)) toast(say('mapFailed', language))
    },
  })
}

export function previewImages(current: string, urls: string[]): void {
  wx.previewImage({ current, urls })
}

/** Opens an official-account article inside WeChat where the base library can (3.4.8), else copies its link. */
export function openOfficialAccountArticle(url: string, language: UiLanguage): void {
  if (typeof wx.openOfficialAccountArticle === 'function' && baseLibraryAtLeast('3.4.8')) {
    wx.openOfficialAccountArticle({ url, fail: () => copyLink(url, language) })
  } else {
    copyLink(url, language)
  }
}
