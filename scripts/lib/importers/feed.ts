// A JSON Feed (1.0 or 1.1, a file or a URL) turned into article sources, for a chamber that already publishes one:
// one folder per article, its language versions paired when the feed says so (our _bcecc.translations) or when ids
// differ only by a language suffix. Images stay where the feed has them (https addresses).

import { detectKind } from '../schema'
import { hasOwn, isReservedKey } from '../../../miniprogram/core/format'
import {
  ImportError,
  guessLanguage,
  htmlToMarkdown,
  newReport,
  slugify,
  toYamlWithNote,
  writeNew,
  type ImportReport,
} from './common'

/** The most items read from one feed. */
const MAX_ITEMS = 5000

type Json = Record<string, unknown>
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

function languageOf(tag: string | undefined, fallback: string): 'en' | 'zh' | undefined {
  const primary = tag?.toLowerCase().split(/[-_]/)[0]
  if (primary === 'en' || primary === 'zh') return primary
  if (tag === undefined) return guessLanguage(fallback)
  return undefined
}

/** An absolute http(s) address for a link of the feed, or undefined. */
function absolute(link: string | undefined, base: string | undefined): string | undefined {
  if (!link) return undefined
  try {
    const url = new URL(link, base)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}

/** Relative src and href attributes made absolute against the feed's address (our sources have no page to be relative to). */
function absoluteLinks(html: string, base: string | undefined): string {
  if (!base) return html
  return html.replace(
    /\b(src|href)=(["'])([^"'<>]{0,2048})\2/gi,
    (whole, name: string, quote: string, link: string) => {
      if (/^([a-z][a-z0-9+.-]*:|#)/i.test(link)) return whole
      const resolved = absolute(link, base)
      return resolved ? `${name}=${quote}${resolved}${quote}` : whole
    },
  )
}

export interface FeedOptions {
  root: string
  /** Where the feed came from: relative links resolve against it. */
  url?: string
}

/**
 * Slugs by item id: an item named by another's translations shares its slug, and so do ids that differ only by a
 * language suffix ("x-en", "x-zh"); other items with the same stem get a number.
 */
function slugsOf(
  items: readonly Json[],
  idOf: (item: Json) => string,
  languageOfItem: (item: Json) => 'en' | 'zh' | undefined,
): Map<string, string> {
  const slugs = new Map<string, string>()
  const languagesOf = new Map<string, Set<string>>()
  for (const item of items) {
    const id = idOf(item)
    const language = languageOfItem(item) ?? '?'
    let slug = slugs.get(id)
    if (!id || (slug && !languagesOf.get(slug)?.has(language))) {
      if (slug) languagesOf.get(slug)?.add(language)
      continue
    }
    const stem =
      slugify(id.replace(/[-_.](en|zh)(-[a-z]+)?$/i, '')) || slugify(text(item.title) ?? '') || 'article'
    slug = stem
    for (let n = 2; languagesOf.get(slug)?.has(language); n++) slug = `${stem}-${n}`
    const languages = languagesOf.get(slug) ?? new Set<string>()
    languagesOf.set(slug, languages.add(language))
    slugs.set(id, slug)
    const partners =
      isRecord(item._bcecc) && isRecord(item._bcecc.translations) ? item._bcecc.translations : {}
    for (const key of Object.keys(partners)) {
      const other = partners[key]
      if (isReservedKey(key) || !hasOwn(partners, key)) continue
      if ((typeof other === 'string' || typeof other === 'number') && !slugs.has(String(other)))
        slugs.set(String(other), slug)
    }
  }
  return slugs
}

/** An item's fields as an article's front matter, with its date, picture and original address as read. */
function frontMatterOf(
  item: Json,
  title: string,
  base: string | undefined,
): { fields: Json; date: string | undefined; image: string | undefined; external: string | undefined } {
  const extension = isRecord(item._bcecc) ? item._bcecc : {}
  const authors = Array.isArray(item.authors) ? item.authors : isRecord(item.author) ? [item.author] : []
  const author = authors
    .filter(isRecord)
    .map((a) => text(a.name))
    .find(Boolean)
  const image = absolute(text(item.image) ?? text(item.banner_image), base)
  const date = text(item.date_published) ?? text(item.date_modified)
  const related = Array.isArray(extension.related_events)
    ? extension.related_events.filter((u): u is string => typeof u === 'string')
    : []
  const officialAccount = text(extension.official_account_url)
  const domain = text(extension.domain)
  const external = absolute(text(item.external_url) ?? text(item.url), base)
  const fields: Json = {
    title,
    date: date ?? new Date().toISOString().slice(0, 10),
    ...(text(item.date_modified) && date !== text(item.date_modified)
      ? { updated: text(item.date_modified) }
      : {}),
    ...(text(item.summary) ? { summary: text(item.summary) } : {}),
    ...(domain === 'digital' || domain === 'climate' || domain === 'health' ? { domain } : {}),
    ...(Array.isArray(item.tags)
      ? { tags: item.tags.filter((t): t is string => typeof t === 'string') }
      : {}),
    ...(image?.startsWith('https:') ? { image } : {}),
    ...(related.length > 0 ? { events: related } : {}),
    ...(officialAccount && /^https:\/\/mp\.weixin\.qq\.com\//.test(officialAccount)
      ? { official_account_url: officialAccount }
      : {}),
    ...(author ? { author } : {}),
  }
  return { fields, date, image, external }
}

export async function importFeed(bytes: Buffer, source: string, options: FeedOptions): Promise<ImportReport> {
  const report = newReport()
  let feed: unknown
  try {
    feed = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''))
  } catch {
    throw new ImportError(`${source} is not JSON; expected a JSON Feed`)
  }
  if (!isRecord(feed) || detectKind(feed) !== 'feed' || !Array.isArray(feed.items))
    throw new ImportError(
      `${source} is not a JSON Feed; expected an object with "version": "https://jsonfeed.org/version/1.1" and items`,
    )
  const base = options.url ?? (typeof feed.feed_url === 'string' ? feed.feed_url : undefined)
  const feedLanguage = text(feed.language)
  const items = feed.items.filter(isRecord).slice(0, MAX_ITEMS)
  if (feed.items.length > MAX_ITEMS)
    report.notes.push(`${source}: only the first ${MAX_ITEMS} items were read`)

  const idOf = (item: Json): string => (typeof item.id === 'number' ? String(item.id) : (text(item.id) ?? ''))
  const languageOfItem = (item: Json): 'en' | 'zh' | undefined =>
    languageOf(
      text(item.language) ?? feedLanguage,
      `${text(item.title) ?? ''} ${text(item.content_text) ?? text(item.content_html) ?? ''}`,
    )
  const slugs = slugsOf(items, idOf, languageOfItem)
  const bySlugLanguage = new Set<string>()

  for (const item of items) {
    const id = idOf(item)
    const title = text(item.title) ?? text(item.summary)?.slice(0, 80) ?? id
    const html = text(item.content_html)
    const plain = text(item.content_text)
    if (!id || (!html && !plain)) {
      report.notes.push(`${source}: an item without ${id ? 'content' : 'an id'} was left out`)
      continue
    }
    const language = languageOfItem(item)
    if (!language) {
      report.notes.push(
        `${id}: in language ${text(item.language) ?? feedLanguage ?? '?'}; only en and zh are published, left out`,
      )
      continue
    }
    const slug = slugs.get(id) ?? slugify(id)
    if (bySlugLanguage.has(`${slug}/${language}`)) {
      report.notes.push(`${id}: a second ${language} item for ${slug}; left out`)
      continue
    }
    bySlugLanguage.add(`${slug}/${language}`)
    const body = html
      ? htmlToMarkdown(absoluteLinks(html, base)).replace(
          /\]\(bcecc:article\/([^)\s]+)\)/g,
          (_m, target: string) => `](article:${slugs.get(target) ?? slugify(target)})`,
        )
      : (plain ?? '')
          .split(/\n{2,}/)
          .map((p) => p.trim())
          .filter(Boolean)
          .join('\n\n')
    const { fields, date, image, external } = frontMatterOf(item, title, base)
    if (!date) report.notes.push(`${id}: no date_published; today's date was used`)
    if (image?.startsWith('http:'))
      report.notes.push(`${id}: its image is on http, which WeChat does not load; left out`)
    const source_ = external ? `\n\n[${language === 'zh' ? '原文' : 'Original article'}](${external})` : ''
    const head = toYamlWithNote(fields, [
      `Imported from ${source} (item ${id.slice(0, 80)}). Check it, then delete this line.`,
    ])
    const text_ = `---\n${head}---\n\n${body}${source_}\n`
    await writeNew(options.root, `articles/${slug}/index.${language}.md`, text_, report)
  }
  return report
}
