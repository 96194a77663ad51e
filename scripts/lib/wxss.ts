// WXSS as browser CSS, for pictures and previews of the app's pages outside WeChat.

// Built-in tags as simulate renders them (wx-view, wx-text, …).
const TAGS = [
  'view',
  'text',
  'image',
  'button',
  'input',
  'scroll-view',
  'rich-text',
  'navigator',
  'icon',
  'swiper',
  'swiper-item',
  'label',
  'textarea',
  'official-account',
]
const TAG = new RegExp(`(^|[\\s,>+~(])(${TAGS.join('|')})(?=$|[\\s,.:\\[>+~)#])`, 'g')

/** WXSS → CSS: rpx at a 375 px screen, tag selectors for simulate's wx-* tags, page → body, :host → the host tag. */
export function toBrowserCss(wxss: string, host: string): string {
  const withPx = wxss.replace(/(-?\d*\.?\d+)rpx/g, (_m, n: string) => `${Number(n) / 2}px`)
  // Selectors are what stands before a "{" and is not an at-rule.
  return withPx.replace(
    /(^|[{};])(\s*)([^{};@]+)\{/g,
    (_m, before: string, space: string, selector: string) => {
      const converted = selector
        .replace(/(^|[\s,>+~])page(?=$|[\s,.:[>+~])/g, '$1body')
        .replace(/:host/g, host || 'main')
        .replace(TAG, (_t, lead: string, tag: string) => `${lead}wx-${tag}`)
      return `${before}${space}${converted}{`
    },
  )
}
