// Text in several languages, and choosing the reader's language with a fallback. Pure.

/** Language tag → text; never empty. */
export type Localized = Readonly<Record<string, string>>

export type UiLanguage = 'en' | 'zh'

const primaries = new Map<string, string>()

/** The primary subtag in lower case: "zh-Hans" → "zh", "EN" → "en". */
export function primaryLanguage(tag: string): string {
  let primary = primaries.get(tag)
  if (primary === undefined) {
    primary = (tag.split(/[-_]/)[0] ?? tag).toLowerCase()
    if (primaries.size < 200) primaries.set(tag, primary)
  }
  return primary
}

/** A Localized from a string (in `fallbackLanguage`) or a language map; undefined when it holds no text. */
export function toLocalized(value: unknown, fallbackLanguage: string): Localized | undefined {
  if (typeof value === 'string') {
    const text = value.trim()
    return text ? { [primaryLanguage(fallbackLanguage)]: text } : undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const out: Record<string, string> = {}
  for (const [tag, text] of Object.entries(value as Record<string, unknown>)) {
    if (typeof text === 'string' && text.trim()) out[primaryLanguage(tag)] ??= text.trim()
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** The text in `language`, else English, else Chinese, else whatever there is. */
export function pick(text: Localized | undefined, language: string): string {
  if (!text) return ''
  const wanted = primaryLanguage(language)
  return text[wanted] ?? text.en ?? text.zh ?? Object.values(text)[0] ?? ''
}

/** Adds one language's text to a Localized (used by JSCalendar localizations). */
export function withText(
  text: Localized | undefined,
  language: string,
  value: unknown,
): Localized | undefined {
  if (typeof value !== 'string' || !value.trim()) return text
  return { ...text, [primaryLanguage(language)]: value.trim() }
}
