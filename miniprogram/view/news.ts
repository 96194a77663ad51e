// What News shows of the loaded articles: one language version of each, a domain filter, a search. Pure.

import type { DomainFilter } from './domains'
import type { Article } from '../core/feed'
import type { UiLanguage } from '../core/localized'

/**
 * One version of each article: the reader's language where it exists, else the version there is. A version is
 * left out when its translation into the reader's language is loaded too.
 */
export function inLanguage(articles: readonly Article[], language: UiLanguage): Article[] {
  const ids = new Set(articles.map((a) => a.id))
  return articles.filter((a) => {
    if (a.language === language) return true
    const translation = a.translations[language]
    return translation === undefined || !ids.has(translation)
  })
}

/** Case-insensitive search in title, summary and tags; every word must match. */
export function matches(article: Article, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const haystack = `${article.title}\n${article.summary}\n${article.tags.join('\n')}`.toLowerCase()
  return words.every((w) => haystack.includes(w))
}

export function visibleArticles(
  articles: readonly Article[],
  options: { language: UiLanguage; domain: DomainFilter; query: string },
): Article[] {
  return inLanguage(articles, options.language).filter(
    (a) => (options.domain === 'all' || a.domain === options.domain) && matches(a, options.query),
  )
}
