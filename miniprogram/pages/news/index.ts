// News: the newsletter's articles. Shows cached (or bundled) content at once, then revalidates. View state only.

import type { Article, FeedPage } from '../../models/feed'
import { content, userMessage, type Loaded } from '../../services/content'
import { createRequestScope, type RequestScope } from '../../services/http'
import { formatDay, formatTime, localOffsetMinutes } from '../../utils/dates'

type LoadState = 'loading' | 'ready' | 'empty' | 'error'

interface ArticleCard {
  id: string
  title: string
  summary: string
  meta: string
  domain: string
}

interface Data {
  state: LoadState
  articles: ArticleCard[]
  errorMessage: string
  /** "Updated 09:12", or what is shown instead of fresh content. */
  status: string
}

interface Fields {
  scope: RequestScope
}

type Methods = {
  show(loaded: Loaded<FeedPage>): void
  refresh(force: boolean): Promise<void>
  onRetry(): void
}

function card(article: Article): ArticleCard {
  const date =
    article.published === undefined
      ? ''
      : formatDay(article.published, 'en', localOffsetMinutes(article.published))
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

function statusOf(loaded: Loaded<FeedPage>): string {
  if (loaded.source === 'snapshot' || loaded.checkedAt === undefined)
    return 'Offline copy bundled with the app'
  return `Updated ${formatTime(loaded.checkedAt, localOffsetMinutes(loaded.checkedAt))}`
}

Component<Data, Record<string, never>, Methods, [], Fields, true>({
  data: {
    state: 'loading',
    articles: [],
    errorMessage: '',
    status: '',
  },

  methods: {
    onLoad() {
      this.scope = createRequestScope()
      const shown = content.feed.peek()
      if (shown) this.show(shown)
      void this.refresh(false)
    },

    onUnload() {
      this.scope.abort()
    },

    onPullDownRefresh() {
      void this.refresh(true).then(() => wx.stopPullDownRefresh())
    },

    onRetry() {
      this.setData({ state: 'loading' })
      void this.refresh(true)
    },

    show(loaded: Loaded<FeedPage>) {
      const articles = loaded.value.articles.map(card)
      this.setData({
        state: articles.length > 0 ? 'ready' : 'empty',
        articles,
        errorMessage: '',
        status: statusOf(loaded),
      })
    },

    async refresh(force: boolean) {
      const outcome = await content.feed.refresh(this.scope, content.urls().feed, { force })
      if (this.scope.aborted) return
      if (outcome.kind === 'updated') this.show(outcome.loaded)
      else if (outcome.kind === 'unchanged') {
        if (outcome.loaded) this.setData({ status: statusOf(outcome.loaded) })
      } else {
        const message = userMessage(outcome.error).en
        // Keep what is on screen; only an empty screen turns into the error state.
        if (this.data.articles.length > 0) {
          if (force) wx.showToast({ title: message, icon: 'none' })
          this.setData({ status: `${this.data.status} · offline` })
        } else {
          this.setData({ state: 'error', errorMessage: message })
        }
      }
    },
  },
})
