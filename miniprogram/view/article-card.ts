// How an article is presented in a list, in one language, wherever it appears: News cards and saved articles. One
// module that pages import, so that no page imports another. Pure.

import { isDomain } from '../core/format'
import type { UiLanguage } from '../core/localized'
import { formatDay } from '../core/dates'
import { t } from '../core/i18n'

export interface ArticleCard {
  id: string
  title: string
  summary: string
  /** Its date, and its language when it is not the reader's ("24 Jan 2022 · 中文"). */
  meta: string
  domain: string
  domainLabel: string
  cover: string
}

/** What a card needs of an article: a published Article, or what the saved list keeps of one. */
export interface CardSource {
  id: string
  title: string
  summary: string
  language: string
  domain?: string
  published?: number
  image?: string
}

export function articleCard(article: CardSource, language: UiLanguage, offsetMinutes: number): ArticleCard {
  const date = article.published === undefined ? '' : formatDay(article.published, language, offsetMinutes)
  const domain = isDomain(article.domain) ? article.domain : undefined
  return {
    id: article.id,
    title: article.title,
    summary: article.summary,
    meta: [date, article.language === language ? '' : article.language === 'zh' ? '中文' : 'English']
      .filter(Boolean)
      .join(' · '),
    domain: domain ?? '',
    domainLabel: domain ? t(domain, language) : '',
    cover: article.image ?? '',
  }
}

/**
 * About how tall a News card is, in px for a window `width` px wide, before it is drawn and measured (the list uses
 * it for chunks it never drew). Follows pages/news/index.wxss: a 280rpx cover, a padded body, title and summary lines.
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
