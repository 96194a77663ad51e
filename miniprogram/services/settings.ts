// The reader's settings, kept across launches and app updates: language and reading font size.

import type { UiLanguage } from '../core/localized'
import { KEYS, defineStore } from './storage'
import { wechatLanguage } from './system'

export type LanguagePreference = 'auto' | UiLanguage
export const FONT_SCALES = [0.9, 1, 1.15, 1.3] as const
export type FontScale = (typeof FONT_SCALES)[number]

export interface Settings {
  /** "auto" follows WeChat's language. */
  language: LanguagePreference
  fontScale: FontScale
}

const DEFAULTS: Settings = { language: 'auto', fontScale: 1 }

const store = defineStore<Settings>({
  key: KEYS.settings,
  version: 1,
  parse(data) {
    if (typeof data !== 'object' || data === null) return undefined
    const d = data as Partial<Settings>
    const language =
      d.language === 'en' || d.language === 'zh' || d.language === 'auto' ? d.language : undefined
    const fontScale = FONT_SCALES.find((s) => s === d.fontScale)
    if (!language || fontScale === undefined) return undefined
    return { language, fontScale }
  },
})

let session: Settings | undefined

export function readSettings(): Settings {
  session ??= store.read() ?? DEFAULTS
  return session
}

/** Forgets the settings read this session (tests). */
export function resetSettingsSession(): void {
  session = undefined
}

type Listener = (settings: Settings) => void
const listeners = new Set<Listener>()

/** Calls `listener` after each change of the settings; returns the function that stops it. */
export function onSettingsChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function updateSettings(change: Partial<Settings>): Settings {
  const next = { ...readSettings(), ...change }
  // Even when storage is full the change holds for this session.
  store.write(next)
  session = next
  for (const listener of listeners) listener(next)
  return next
}

/** The language to show the app in now. */
export function currentLanguage(): UiLanguage {
  const { language } = readSettings()
  return language === 'auto' ? wechatLanguage() : language
}
