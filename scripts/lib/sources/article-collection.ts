// articles/<slug>/index.<en|zh>.md as a collection: each file parsed in the site's time zone (drafts checked, never
// published), the two languages of a slug paired, then rendered into feed items once every slug, event and image
// is known, newest first.

import { isPathSafeId } from '../../../miniprogram/core/format'
import {
  SLUG,
  localImagePath,
  parseArticle,
  renderArticle,
  type ArticleSource,
  type RenderContext,
} from './articles'
import { reviewImportNote, type Collection } from './collection'
import type { Language } from './fields'
import type { SourceFolder } from './folder'
import type { PublishedImages } from './image-collection'
import type { Site } from './office'

export const ARTICLE_PATH = /^articles\/([^/]+)\/index\.([a-z]{2}(?:-[a-z0-9]+)*)\.md$/i

export interface ParsedArticles {
  published: ArticleSource[]
  drafts: ArticleSource[]
}

export interface RenderedArticles {
  /** Feed items, newest first, with the file each came from. */
  items: Array<{ item: Record<string, unknown>; file: string }>
  /** Article id → bytes of its images, largest first. */
  imageBytes: Array<{ id: string; bytes: number }>
}

export const articles: Collection<
  ParsedArticles,
  { events: ReadonlySet<string>; images: PublishedImages; site: Site | undefined },
  RenderedArticles
> & { images(parsed: ParsedArticles): Map<string, string[]> } = {
  name: 'articles',
  document: 'feed',
  owns: (path) => path.startsWith('articles/') && path.toLowerCase().endsWith('.md'),
  parse(folder, site) {
    const parsed: ParsedArticles = { published: [], drafts: [] }
    const bySlug = new Map<string, Map<Language, ArticleSource>>()
    const unreadable = new Set<string>()
    const timeZone = site?.timeZone ?? 'Asia/Shanghai'
    for (const [name, text] of folder.texts) {
      if (!this.owns(name)) continue
      const article = readOne(folder, name, text, timeZone)
      if (article === 'skipped') continue
      if (article.source === undefined) {
        // Its problems say why; the other language is not "alone" because of it.
        unreadable.add(`${article.slug}/${article.language}`)
        continue
      }
      const source = article.source
      source.file.reportTo(folder.problems)
      if (source.draft && !folder.options.includeDrafts) {
        parsed.drafts.push(source)
        continue
      }
      reviewImportNote(folder, name, text)
      parsed.published.push(source)
      const pair = bySlug.get(source.slug) ?? new Map<Language, ArticleSource>()
      bySlug.set(source.slug, pair)
      if (pair.has(source.language))
        folder.fileProblem(
          name,
          `is a second ${source.language} version of ${source.slug}; expected one file per language`,
        )
      pair.set(source.language, source)
    }
    warnAlone(bySlug, unreadable)
    return parsed
  },
  images(parsed) {
    // Who uses each image, so that a message about one names the articles to look at.
    const users = new Map<string, string[]>()
    for (const article of [...parsed.published, ...parsed.drafts])
      for (const src of [article.image?.target, ...article.images.map((use) => use.target)]) {
        const path = src === undefined ? undefined : localImagePath(src)
        if (path === undefined) continue
        const list = users.get(path) ?? []
        if (!list.includes(article.file.name)) list.push(article.file.name)
        users.set(path, list)
      }
    return users
  },
  render(parsed, { events, images, site }) {
    const languages = (list: ArticleSource[]): Map<string, Set<Language>> => {
      const out = new Map<string, Set<Language>>()
      for (const a of list) out.set(a.slug, (out.get(a.slug) ?? new Set<Language>()).add(a.language))
      return out
    }
    const context: RenderContext = { articles: languages(parsed.published), events, image: images.article }
    // A draft may link to another draft; it is checked, then left out.
    const draftContext: RenderContext = {
      ...context,
      articles: languages([...parsed.published, ...parsed.drafts]),
      image: images.draft,
    }
    for (const draft of parsed.drafts) renderArticle(draft, draftContext)
    const rendered: RenderedArticles = { items: [], imageBytes: [] }
    const budget = site?.imageBudgetBytes ?? 400 * 1024
    for (const article of parsed.published) {
      const { item, imageBytes } = renderArticle(article, context)
      rendered.items.push({ item, file: article.file.name })
      rendered.imageBytes.push({ id: article.id, bytes: imageBytes })
      if (imageBytes > budget)
        article.file.reportAtLine(
          'warning',
          1,
          1,
          `has ${Math.round(imageBytes / 1024)} KB of images; expected at most ${Math.round(budget / 1024)} KB (image_budget_kb in site.yaml): fewer or smaller images load faster on a phone`,
        )
    }
    rendered.imageBytes.sort((a, b) => b.bytes - a.bytes || (a.id < b.id ? -1 : 1))
    // Newest first, as a feed is read; ties by id, so the order never depends on the file system.
    rendered.items.sort((a, b) => {
      const da = Date.parse(String(a.item.date_published))
      const db = Date.parse(String(b.item.date_published))
      return db - da || (String(a.item.id) < String(b.item.id) ? -1 : 1)
    })
    return rendered
  },
}

/** One article file: its parse (undefined when unreadable), or 'skipped' when its place or name is wrong (said). */
function readOne(
  folder: SourceFolder,
  name: string,
  text: string,
  timeZone: string,
): { slug: string; language: Language; source: ArticleSource | undefined } | 'skipped' {
  const match = ARTICLE_PATH.exec(name)
  if (!match) {
    folder.fileProblem(
      name,
      'is not where articles go; expected articles/<slug>/index.en.md or articles/<slug>/index.zh.md',
    )
    return 'skipped'
  }
  const [, slug = '', tag = ''] = match
  const language = tag.toLowerCase().split('-')[0]
  if (!SLUG.test(slug) || !isPathSafeId(`${slug}-en`)) {
    folder.fileProblem(
      name,
      `is in a folder named "${slug}"; expected a slug of lower-case letters, digits and hyphens, such as climate-tech-2026`,
    )
    return 'skipped'
  }
  if (language !== 'en' && language !== 'zh') {
    folder.fileProblem(
      name,
      `is in language "${tag}"; expected index.en.md (English) or index.zh.md (Chinese)`,
    )
    return 'skipped'
  }
  const source = folder.parsedOnce(name, `${timeZone}\n${text}`, (sink) =>
    parseArticle(folder.display(name), text, slug, language, timeZone, sink),
  )
  return { slug, language, source }
}

/** An article in one language only: readers of the other see it in this one (to review before publishing). */
function warnAlone(bySlug: Map<string, Map<Language, ArticleSource>>, unreadable: ReadonlySet<string>): void {
  for (const [slug, pair] of bySlug) {
    for (const [language, other] of [
      ['en', 'zh'],
      ['zh', 'en'],
    ] as const) {
      const only = pair.get(language)
      const otherName = other === 'zh' ? 'Chinese' : 'English'
      if (only && !pair.has(other) && !unreadable.has(`${slug}/${other}`))
        only.file.reportAtLine(
          'warning',
          1,
          1,
          `has no ${otherName} version (articles/${slug}/index.${other}.md); readers of ${otherName} see this one (to review before publishing)`,
          true,
        )
    }
  }
}
