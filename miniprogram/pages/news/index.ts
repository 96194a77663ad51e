// News: the newsletter's articles, newest first as the feed gives them. View state only; data from services.

import { getJson, HttpError } from '../../services/http'
import { feedUrl } from '../../services/env'
import { FeedFormatError, parseFeedPage, type ArticleSummary } from '../../models/feed'
import { formatDay, localOffsetMinutes } from '../../utils/dates'

type LoadState = 'loading' | 'ready' | 'empty' | 'error'

interface ArticleCard {
  id: string
  title: string
  summary: string
  meta: string
  domain: string
}

function card(article: ArticleSummary, language: 'en' | 'zh'): ArticleCard {
  const date =
    article.published === undefined
      ? ''
      : formatDay(article.published, language, localOffsetMinutes(article.published))
  return {
    id: article.id,
    title: article.title,
    summary: article.summary,
    meta: [date, article.language === 'zh' ? '中文' : article.language.toUpperCase()]
      .filter(Boolean)
      .join(' · '),
    domain: article.domain ?? '',
  }
}

function messageOf(error: unknown): string {
  if (error instanceof HttpError) return error.userMessage.en
  if (error instanceof FeedFormatError) return 'The content could not be read. Try again later.'
  return 'Something went wrong. Try again.'
}

Component({
  data: {
    state: 'loading' as LoadState,
    articles: [] as ArticleCard[],
    errorMessage: '',
  },

  methods: {
    onLoad() {
      void this.load()
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh())
    },

    onRetry() {
      this.setData({ state: 'loading' })
      void this.load()
    },

    async load(): Promise<void> {
      const url = feedUrl()
      try {
        const page = parseFeedPage(await getJson(url), url)
        const articles = page.articles.map((a) => card(a, 'en'))
        this.setData({ state: articles.length > 0 ? 'ready' : 'empty', articles, errorMessage: '' })
      } catch (error) {
        // Keep what is on screen; only an empty screen turns into the error state.
        if (this.data.articles.length > 0) {
          wx.showToast({ title: messageOf(error), icon: 'none' })
          this.setData({ state: 'ready' })
        } else {
          this.setData({ state: 'error', errorMessage: messageOf(error) })
        }
      }
    },
  },
})
