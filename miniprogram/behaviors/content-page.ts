// The one load cycle of a content page (News, Events, Office): what is cached (or bundled) shows at once, the
// repository is asked for something newer, and then either the new content shows, or the kept content says why it
// was not updated (a toast too when the reader asked by pulling down), or an empty screen turns into the error
// state with a retry button. The page only says which resource it shows and how to draw it.

import { failureLabel, staleNotice, userMessage, type Loaded, type Resource } from '../services/content'
import { refreshFromPullDown, toast } from '../services/navigation'
import { t, type StringKey } from '../utils/i18n'
import { pageLife, type PageLife } from './page-life'

export interface ContentSource<T> {
  resource: Resource<T>
  /** Draws the content: the cached one first, then each newer one. Sets `state` ('ready', or 'empty'). */
  show(loaded: Loaded<T>): void
  /** What the empty screen says when the feed links to no such document. */
  unavailable: StringKey
  /** After every check, good or failed, with what is shown now (for a page's "updated at" line). */
  checked?(loaded: Loaded<T> | undefined): void
}

export type ContentState = 'loading' | 'ready' | 'empty' | 'error'

export interface ContentPageData {
  state: ContentState
  errorMessage: string
  /** Above kept content after a failed check: why it was not updated ('' when the last check was good). */
  stale: string
}

export interface ContentPage extends PageLife {
  contentSource: ContentSource<unknown>
  /** What is on screen, if anything. */
  shown: Loaded<unknown> | undefined
  /** Why the last check failed, while kept content shows. */
  staleWhy: StringKey | undefined
}

export type ContentPageMethods = {
  /** From onLoad: shows what there is at once, then checks for newer content. */
  loadContent<T>(source: ContentSource<T>): void
  /** Asks for newer content; `force` skips the freshness window (retry, pull-down). */
  refresh(force?: boolean): Promise<void>
  /** Writes the stale notice in the page's language (call from applyLanguage too). */
  setStale(why: StringKey | undefined): void
  onRetry(): void
  onPullDownRefresh(): void
}

export const contentPage = Behavior<
  ContentPageData,
  Record<string, never>,
  ContentPageMethods,
  [typeof pageLife],
  ContentPage
>({
  behaviors: [pageLife],

  data: { state: 'loading', errorMessage: '', stale: '' },

  methods: {
    loadContent<T>(source: ContentSource<T>) {
      this.contentSource = source as ContentSource<unknown>
      this.shown = undefined
      this.staleWhy = undefined
      const cached = source.resource.peek()
      if (cached) this.contentSource.show((this.shown = cached))
      void this.refresh(false)
    },

    async refresh(force = false) {
      const source = this.contentSource
      const outcome = await source.resource.refresh(this.scope, { force })
      if (this.scope.aborted) return
      if (outcome.kind === 'updated') source.show((this.shown = outcome.loaded))
      else if (outcome.loaded && outcome.kind === 'unchanged') this.shown = outcome.loaded
      if (outcome.kind === 'failed') {
        const message = userMessage(outcome.error)[this.language]
        if (this.shown) {
          if (force) toast(message)
          this.setStale(failureLabel(outcome.error))
        } else this.setData({ state: 'error', errorMessage: message })
      } else if (outcome.kind === 'unavailable') {
        if (!this.shown) this.setData({ state: 'error', errorMessage: t(source.unavailable, this.language) })
      } else {
        if (this.staleWhy) this.setStale(undefined)
        // Nothing to show and nothing new (a 304 for a cache that has gone): an empty screen says so, with a retry.
        if (!this.shown) this.setData({ state: 'error', errorMessage: t('errorFormat', this.language) })
      }
      source.checked?.(this.shown)
    },

    setStale(why: StringKey | undefined) {
      this.staleWhy = why
      this.setData({ stale: staleNotice(why, this.language) })
    },

    onRetry() {
      this.setData({ state: 'loading' })
      void this.refresh(true)
    },

    onPullDownRefresh() {
      refreshFromPullDown(() => this.refresh(true))
    },
  },
})
