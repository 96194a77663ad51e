// News: the newsletter's articles in the reader's language, filtered by domain and searched. Shows cached (or
// bundled) content at once, then revalidates (behaviors/content-page); more articles load as the reader scrolls,
// and only the cards near the screen are drawn (behaviors/windowed-list). View state only.

import type { Article, FeedPage } from '../../core/feed'
import type { UiLanguage } from '../../core/localized'
import { content, type Loaded } from '../../services/content'
import { markTab, openArticle, ROUTES, setTitle, takePendingNewsDomain } from '../../services/navigation'
import { updateSettings } from '../../services/settings'
import { windowSize } from '../../services/system'
import { ListPage, listPageData, type ListPageData, type ListPageFields } from '../../behaviors/list-page'
import { appendAll } from '../../core/arrays'
import { now } from '../../core/clock'
import { strings, t } from '../../core/i18n'
import { newsCards, newsStatus } from '../../view/news'
import { cardHeight, type ArticleCard } from '../../view/article-card'
import { domainChips, type DomainFilter } from '../../view/domains'

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
/** Cards per chunk of the list: it grows by one chunk as the reader nears its end. */
export const CARDS_PER_CHUNK = 10

interface Data extends ListPageData {
  labels: Record<(typeof LABELS)[number], string>
  filters: Array<{ key: DomainFilter; label: string }>
  domain: DomainFilter
  query: string
  /** "Updated 09:12", or what is shown instead of fresh content, and why the last check failed if it did. */
  status: string
  more: MoreState
}

interface Fields extends ListPageFields {
  /** Every article loaded, in feed order (the first page, then the pages after it). */
  articles: Article[]
  nextUrl: string | undefined
  /** The cards of the articles the filter and search let through, in order (the list draws some of them). */
  cards: ArticleCard[]
}

type Methods = {
  applyLanguage(language: UiLanguage): void
  show(loaded: Loaded<FeedPage>): void
  render(keep?: boolean): void
  cardsOf(articles: readonly Article[]): ArticleCard[]
  statusLine(): string
  moreState(): MoreState
  loadMore(): Promise<void>
  onFilter(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: DomainFilter }>): void
  onSearch(e: { detail: string }): void
  onClearSearch(): void
  onClearFilters(): void
  onOpenArticle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>): void
  onSwitchLanguage(): void
  onRetryMore(): void
}

ListPage<Data, Methods, Fields>({
  data: {
    ...listPageData(),
    labels: strings(LABELS, 'en'),
    filters: [],
    domain: 'all',
    query: '',
    status: '',
    more: 'idle',
  },

  methods: {
    onLoad() {
      this.articles = []
      this.cards = []
      this.nextUrl = undefined
      const width = windowSize().width
      this.setupList<ArticleCard, ArticleCard>({
        chunkSize: CARDS_PER_CHUNK,
        estimate: (card) => cardHeight(card, width),
      })
      this.firstScreen(() => {
        this.applyLanguage(this.language)
        this.loadContent({
          resource: content.feed,
          show: (loaded) => this.show(loaded),
          unavailable: 'errorFormat',
          checked: () => this.setData({ status: this.statusLine() }),
        })
      })
    },

    onShow() {
      const domain = takePendingNewsDomain()
      if (domain && domain !== this.data.domain) {
        this.setData({ domain, query: '' })
        this.render()
      }
      markTab(this, ROUTES.news)
    },

    onReachBottom() {
      if (!this.growList({ more: this.moreState() }) && this.data.more === 'idle') void this.loadMore()
    },

    applyLanguage(language: UiLanguage) {
      this.language = language
      setTitle(t('newsTitle', language))
      this.stage({
        labels: strings(LABELS, language),
        filters: domainChips(language),
      })
      if (this.shown) {
        this.stage({ status: this.statusLine() })
        this.render(true)
      }
    },

    statusLine() {
      return newsStatus(this.shown, this.staleWhy, this.language)
    },

    show(loaded: Loaded<FeedPage>) {
      this.articles = loaded.value.articles.slice()
      this.nextUrl = loaded.value.nextUrl
      this.stage({ status: this.statusLine(), errorMessage: '' })
      this.render(true)
    },

    /** "Loading more" below the list: idle while the feed has more pages, or the end. */
    moreState() {
      return this.nextUrl ? 'idle' : 'end'
    },

    cardsOf(articles) {
      return newsCards(
        articles,
        { language: this.language, domain: this.data.domain, query: this.data.query },
        now(),
      )
    },

    /**
     * The list for the current articles, filter and search, replaced whole. With `keep` (new content, another
     * language) it stays as long as it was, so a reader down the list stays where they were.
     */
    render(keep = false) {
      this.cards = this.cardsOf(this.articles)
      const state = !this.shown ? this.data.state : this.articles.length === 0 ? 'empty' : 'ready'
      this.showList(this.cards, { keep, extra: { ...this.takeStaged(), state, more: this.moreState() } })
    },

    loadMore() {
      const url = this.nextUrl
      if (!url) return Promise.resolve()
      this.setData({ more: 'loading' })
      return content
        .loadPage(this.scope, url)
        .then((page) => {
          if (this.scope.aborted) return
          const known = new Set(this.articles.map((a) => a.id))
          appendAll(
            this.articles,
            page.articles.filter((a) => !known.has(a.id)),
          )
          this.nextUrl = page.nextUrl && page.nextUrl !== url ? page.nextUrl : undefined
          const before = this.cards
          this.cards = this.cardsOf(this.articles)
          // A translation among the new articles can take an earlier card's place: then the list is redrawn.
          if (before.every((card, i) => this.cards[i]?.id === card.id))
            this.extendList(this.cards, { more: this.moreState() })
          else this.render(true)
        })
        .catch(() => {
          if (!this.scope.aborted) this.setData({ more: 'failed' })
        })
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
