// How the reader can follow the BCECC official account here: WeChat's <official-account> card where the launch
// scene allows it, else a button that opens the account's profile (base library 3.7.10), else its QR code.

import { baseLibraryAtLeast } from './system'

export type FollowMode = 'card' | 'profile' | 'qr'

/** Scenes in which <official-account> shows (WeChat: scanning codes, and opening from the account). */
export const CARD_SCENES: readonly number[] = [1011, 1017, 1025, 1047, 1124]
/** Moments' single-page mode: no official-account, no navigation. */
export const SINGLE_PAGE_SCENE = 1154

export function launchScene(): number {
  try {
    return wx.getLaunchOptionsSync().scene
  } catch {
    return 0
  }
}

export function followMode(scene = launchScene()): FollowMode {
  if (CARD_SCENES.includes(scene)) return 'card'
  if (typeof wx.openOfficialAccountProfile === 'function' && baseLibraryAtLeast('3.7.10')) return 'profile'
  return 'qr'
}

/** Opens the account's profile; resolves false when WeChat refused (the caller then shows the QR code). */
export function openProfile(username: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof wx.openOfficialAccountProfile !== 'function') {
      resolve(false)
      return
    }
    wx.openOfficialAccountProfile({ username, success: () => resolve(true), fail: () => resolve(false) })
  })
}
