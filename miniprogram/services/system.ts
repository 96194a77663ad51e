// What the WeChat client tells about itself: language, theme, base library version, launch scene. Read once.

import type { UiLanguage } from '../core/localized'

interface SystemFacts {
  language: string
  theme: 'light' | 'dark'
  sdkVersion: string
}

let facts: SystemFacts | undefined

function read(): SystemFacts {
  if (facts) return facts
  let info: { language?: string; theme?: string; SDKVersion?: string } = {}
  try {
    info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync()
  } catch {
    // Older clients without either: English, light, unknown version.
  }
  facts = {
    language: info.language ?? 'en',
    theme: info.theme === 'dark' ? 'dark' : 'light',
    sdkVersion: info.SDKVersion ?? '0.0.0',
  }
  return facts
}

/** WeChat's own language, as one of ours: Chinese for any zh variant, English otherwise. */
export function wechatLanguage(): UiLanguage {
  return /^zh/i.test(read().language) ? 'zh' : 'en'
}

/** Compares dotted versions: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** Whether the base library is at least `version`. */
export function baseLibraryAtLeast(version: string): boolean {
  return compareVersions(read().sdkVersion, version) >= 0
}

let window: { width: number; height: number } | undefined

/** The page's visible area in px (for lists that draw only what is near it); a phone's size if unknown. */
export function windowSize(): { width: number; height: number } {
  if (window) return window
  let info: { windowWidth?: number; windowHeight?: number } = {}
  try {
    info = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo() : wx.getSystemInfoSync()
  } catch {
    // Keep the default below.
  }
  const width = Number(info.windowWidth)
  const height = Number(info.windowHeight)
  window = {
    width: Number.isFinite(width) && width > 0 ? width : 375,
    height: Number.isFinite(height) && height > 0 ? height : 667,
  }
  return window
}

/** Forgets what was read (tests, and a language change in WeChat while the app runs). */
export function resetSystemFacts(): void {
  facts = undefined
  window = undefined
}
