// What News shows of the loaded articles: one language version of each, a domain filter, a search. Pure.

import type { DomainFilter } from '../../utils/domains'
import type { Article } from '../../models/feed'
import type { UiLanguage } from '../../models/localized'
import { formatDay } from '../../utils/dates'
import { t } from '../../utils/i18n'

export interface ArticleCard {
  id: string
  title: string
  summary: string
  meta: string
  domain: string
  domainLabel: string
  cover: string
}

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

export function toCard(article: Article, language: UiLanguage, offsetMinutes: number): ArticleCard {
  const date = article.published === undefined ? '' : formatDay(article.published, language, offsetMinutes)
  const domainLabel = article.domain ? t(article.domain, language) : ''
  return {
    id: article.id,
    title: article.title,
    summary: article.summary,
    meta: [date, article.language === language ? '' : article.language === 'zh' ? '中文' : 'English']
      .filter(Boolean)
      .join(' · '),
    domain: article.domain ?? '',
    domainLabel,
    cover: article.image ?? '',
  }
}

/**
 * About how tall a card is, in px for a window `width` px wide, before it is drawn and measured (the list uses it
 * for chunks it never drew). Follows index.wxss: a 280rpx cover, a padded body, title and summary lines.
 */
export function cardHeight(card: ArticleCard, width: number): number {
  const rpx = width / 750
  const perLine = Math.max(10, Math.floor((width - 64) / 9))
  const lines = (text: string, max: number): number => Math.min(max, Math.ceil(text.length / perLine))
  let height = 64 * rpx + 24 + lines(card.title, 4) * 25
  if (card.cover) height += 280 * rpx
  if (card.domainLabel) height += 24
  if (card.summary) height += 8 + lines(card.summary, 6) * 20
  if (card.meta) height += 26
  return Math.round(height)
}
