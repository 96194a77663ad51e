// News: the newsletter's articles in the reader's language, filtered by domain and searched. Shows cached (or
// bundled) content at once, then revalidates; more articles load as the reader scrolls. View state only.

import type { Article, FeedPage } from '../../models/feed'
import type { UiLanguage } from '../../models/localized'
import { content, failureLabel, userMessage, type Loaded } from '../../services/content'
import {
  markTab,
  openArticle,
  refreshFromPullDown,
  ROUTES,
  setTitle,
  takePendingNewsDomain,
  toast,
} from '../../services/navigation'
import { updateSettings } from '../../services/settings'
import { pageLife, type PageLife } from '../../behaviors/page-life'
import { formatTime, localOffsetMinutes } from '../../utils/dates'
import { now } from '../../utils/clock'
import { strings, t, type StringKey } from '../../utils/i18n'
import { toCard, visibleArticles, type ArticleCard } from './cards'
import { domainChips, type DomainFilter } from '../../utils/domains'

type LoadState = 'loading' | 'ready' | 'empty' | 'error'
type MoreState = 'idle' | 'loading' | 'failed' | 'end'

const LABELS = [
  'searchPlaceholder',
  'loadingMore',
  'noMore',
  'loadMoreFailed',
  'retry',
  'emptyNews',
  'noResults',
  'clearFilters',
  'switchLanguage',
  'switchLanguageLabel',
] as const
/** Cards drawn at a time: more are added as the reader scrolls, so the page stays light however long the feed. */
export const CARDS_PER_STEP = 20

interface Data {
  labels: Record<(typeof LABELS)[number], string>
  filters: Array<{ key: DomainFilter; label: string }>
  domain: DomainFilter
  query: string
  state: LoadState
  cards: ArticleCard[]
  errorMessage: string
  /** "Updated 09:12", or what is shown instead of fresh content. */
  status: string
  more: MoreState
}

interface Fields extends PageLife {
  /** Every article loaded, in feed order (the first page, then the pages after it). */
  articles: Article[]
  nextUrl: string | undefined
  /** The articles the filter and search let through, in order; the view has the first `data.cards.length`. */
  visible: Article[]
  loaded: Loaded<FeedPage> | undefined
}

type Methods = {
  applyLanguage(language: UiLanguage): void
  show(loaded: Loaded<FeedPage>): void
  render(): void
  appendCards(): void
  statusOf(loaded: Loaded<FeedPage>, failure?: StringKey): string
  refresh(force: boolean): Promise<void>
  loadMore(): Promise<void>
  onRetry(): void
  onFilter(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: DomainFilter }>): void
  onSearch(e: { detail: string }): void
  onClearSearch(): void
  onClearFilters(): void
  onOpenArticle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>): void
  onSwitchLanguage(): void
  onRetryMore(): void
}

Component<Data, Record<string, never>, Methods, [typeof pageLife], Fields, true>({
  behaviors: [pageLife],

  data: {
    labels: strings(LABELS, 'en'),
    filters: [],
    domain: 'all',
    query: '',
    state: 'loading',
    cards: [],
    errorMessage: '',
    status: '',
    more: 'idle',
  },

  methods: {
    onLoad() {
      this.articles = []
      this.visible = []
      this.nextUrl = undefined
      this.loaded = undefined
      this.applyLanguage(this.language)
      const shown = content.feed.peek()
      if (shown) this.show(shown)
      void this.refresh(false)
    },

    onShow() {
      const domain = takePendingNewsDomain()
      if (domain && domain !== this.data.domain) {
        this.setData({ domain, query: '' })
        this.render()
      }
      markTab(this, ROUTES.news)
    },

    onPullDownRefresh() {
      refreshFromPullDown(() => this.refresh(true))
    },

    onReachBottom() {
      if (this.data.cards.length < this.visible.length) this.appendCards()
      else if (this.data.more === 'idle') void this.loadMore()
    },

    applyLanguage(language: UiLanguage) {
      this.language = language
      setTitle(t('newsTitle', language))
      this.setData({
        labels: strings(LABELS, language),
        filters: domainChips(language),
      })
      if (this.loaded) {
        this.setData({ status: this.statusOf(this.loaded) })
        this.render()
      }
    },

    /** When the list was last checked, and why the last check failed if it did (the list stays). */
    statusOf(loaded: Loaded<FeedPage>, failure?: StringKey) {
      const shown =
        loaded.source === 'snapshot' || loaded.checkedAt === undefined
          ? t('offlineCopy', this.language)
          : t('updatedAt', this.language, {
              time: formatTime(loaded.checkedAt, localOffsetMinutes(loaded.checkedAt)),
            })
      return failure ? `${shown} · ${t(failure, this.language)}` : shown
    },

    show(loaded: Loaded<FeedPage>) {
      this.loaded = loaded
      this.articles = loaded.value.articles.slice()
      this.nextUrl = loaded.value.nextUrl
      this.setData({ status: this.statusOf(loaded), more: this.nextUrl ? 'idle' : 'end', errorMessage: '' })
      this.render()
    },

    /** The cards for the current articles, filter and search: replaced whole (a filter or search changed). */
    render() {
      this.visible = visibleArticles(this.articles, {
        language: this.language,
        domain: this.data.domain,
        query: this.data.query,
      })
      const cards = this.visible
        .slice(0, CARDS_PER_STEP)
        .map((a) => toCard(a, this.language, localOffsetMinutes(a.published ?? now())))
      const state: LoadState =
        this.articles.length === 0 && this.loaded ? 'empty' : this.loaded ? 'ready' : this.data.state
      this.setData({ cards, state })
    },

    /** The next cards after those on screen: only they travel to the view, as paths after the ones it has. */
    appendCards() {
      const from = this.data.cards.length
      const update: Record<string, unknown> = { more: this.nextUrl ? 'idle' : 'end' }
      this.visible.slice(from, from + CARDS_PER_STEP).forEach((article, i) => {
        update[`cards[${from + i}]`] = toCard(
          article,
          this.language,
          localOffsetMinutes(article.published ?? now()),
        )
      })
      this.setData(update)
    },

    async refresh(force: boolean) {
      const outcome = await content.feed.refresh(this.scope, content.urls().feed, { force })
      if (this.scope.aborted) return
      if (outcome.kind === 'updated') this.show(outcome.loaded)
      else if (outcome.kind === 'unchanged') {
        if (outcome.loaded) {
          this.loaded = outcome.loaded
          this.setData({ status: this.statusOf(outcome.loaded) })
        }
      } else {
        const message = userMessage(outcome.error)[this.language]
        // Keep what is on screen; only an empty screen turns into the error state.
        if (this.loaded) {
          if (force) toast(message)
          this.setData({ status: this.statusOf(this.loaded, failureLabel(outcome.error)) })
        } else {
          this.setData({ state: 'error', errorMessage: message })
        }
      }
    },

    async loadMore() {
      const url = this.nextUrl
      if (!url) return
      this.setData({ more: 'loading' })
      try {
        const page = await content.loadPage(this.scope, url)
        if (this.scope.aborted) return
        const known = new Set(this.articles.map((a) => a.id))
        this.articles.push(...page.articles.filter((a) => !known.has(a.id)))
        this.nextUrl = page.nextUrl && page.nextUrl !== url ? page.nextUrl : undefined
        this.visible = visibleArticles(this.articles, {
          language: this.language,
          domain: this.data.domain,
          query: this.data.query,
        })
        this.appendCards()
      } catch {
        if (!this.scope.aborted) this.setData({ more: 'failed' })
      }
    },

    onRetry() {
      this.setData({ state: 'loading' })
      void this.refresh(true)
    },

    onRetryMore() {
      void this.loadMore()
    },

    onFilter(e) {
      const domain = e.currentTarget.dataset.key
      if (domain === this.data.domain) return
      this.setData({ domain })
      this.render()
    },

    onSearch(e) {
      this.setData({ query: e.detail })
      this.render()
    },

    onClearSearch() {
      this.setData({ query: '' })
      this.render()
    },

    onClearFilters() {
      this.setData({ query: '', domain: 'all' })
      this.render()
    },

    onOpenArticle(e) {
      openArticle(e.currentTarget.dataset.id)
    },

    onSwitchLanguage() {
      updateSettings({ language: this.language === 'en' ? 'zh' : 'en' })
    },
  },
})
