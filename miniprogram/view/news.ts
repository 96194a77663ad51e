// The News screen's presenter: one language version of each loaded article, a domain filter, a search, the cards,
// and the status line. Pure.

import { formatTime, localOffsetMinutes } from '../core/dates'
import type { Article } from '../core/feed'
import { t, type StringKey } from '../core/i18n'
import type { UiLanguage } from '../core/localized'
import { articleCard, type ArticleCard } from './article-card'
import type { DomainFilter } from './domains'

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

/** The cards of the articles the reader sees (language, domain, search), each dated in the reader's time zone. */
export function newsCards(
  articles: readonly Article[],
  options: { language: UiLanguage; domain: DomainFilter; query: string },
  at: number,
): ArticleCard[] {
  return visibleArticles(articles, options).map((a) =>
    articleCard(a, options.language, localOffsetMinutes(a.published ?? at)),
  )
}

/**
 * The status line above the cards: when the list was last checked (or that it is the copy bundled with the app),
 * and why the last check failed if it did (the list stays).
 */
export function newsStatus(
  shown: { source: string; checkedAt?: number } | undefined,
  staleWhy: StringKey | undefined,
  language: UiLanguage,
): string {
  if (!shown) return ''
  const when =
    shown.source === 'snapshot' || shown.checkedAt === undefined
      ? t('offlineCopy', language)
      : t('updatedAt', language, { time: formatTime(shown.checkedAt, localOffsetMinutes(shown.checkedAt)) })
  return staleWhy ? `${when} · ${t(staleWhy, language)}` : when
}
