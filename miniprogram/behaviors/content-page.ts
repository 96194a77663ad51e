// The one load cycle of a content page (News, Events, Office): what is cached (or bundled) shows at once, the
// repository is asked for something newer, and then either the new content shows, or the kept content says why it
// was not updated (a toast too when the reader asked by pulling down), or an empty screen turns into the error
// state with a retry button. The page only says which resource it shows and how to draw it.

import {
  failureLabel,
  staleNotice,
  userMessage,
  type Loaded,
  type RefreshOutcome,
  type Resource,
} from '../services/content'
import { onFullDecoder } from '../core/entities'
import { reportRecovered } from '../services/app-health'
import { refreshFromPullDown, toast } from '../services/navigation'
import { t, type StringKey } from '../core/i18n'
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

/** A content page's first data: loading, nothing wrong yet. Pages spread it into their own `data`. */
export function contentPageData(): ContentPageData {
  return { state: 'loading', errorMessage: '', stale: '' }
}

export interface ContentPage extends PageLife {
  /** Data gathered for the first screen (while onLoad runs), sent in one setData with the first content. */
  staged: Record<string, unknown> | undefined
  contentSource: ContentSource<unknown>
  /** What is on screen, if anything. */
  shown: Loaded<unknown> | undefined
  /** Why the last check failed, while kept content shows. */
  staleWhy: StringKey | undefined
}

export type ContentPageMethods = {
  /**
   * From onLoad, around all of it: the data the page sets while it loads (labels, the cached content) travels in one
   * setData, so that the first screen already has the content (no skeleton, no second render of the same).
   */
  firstScreen(load: () => void): void
  /** setData, or gathered into the first screen's while onLoad runs. */
  stage(data: Record<string, unknown>): void
  /** What was gathered for the first screen, to send with the content's own setData; then nothing more is. */
  takeStaged(): Record<string, unknown>
  /** From onLoad: shows what there is at once, then checks for newer content. */
  loadContent<T>(source: ContentSource<T>): void
  /** Asks for newer content; `force` skips the freshness window (retry, pull-down). */
  refresh(force?: boolean): Promise<void>
  /** Puts what a check found on the screen: the new version, a notice over what is kept, or the error state. */
  settle(source: ContentSource<unknown>, outcome: RefreshOutcome<unknown>, force: boolean): void
  /** Writes the stale notice in the page's language (call from applyLanguage too). */
  setStale(why: StringKey | undefined): void
  /**
   * Draws `loaded`; if drawing it throws (a document no test foresaw), that document is discarded and refused from
   * then on, and the page keeps what it showed before, or falls back to the bundled snapshot, and says so.
   */
  showSafely(loaded: Loaded<unknown>): boolean
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

  data: contentPageData(),

  methods: {
    firstScreen(load) {
      this.staged = {}
      try {
        load()
      } finally {
        const rest = this.takeStaged()
        if (Object.keys(rest).length > 0) this.setData(rest)
      }
    },

    stage(data) {
      if (this.staged) Object.assign(this.staged, data)
      else this.setData(data)
    },

    takeStaged() {
      const staged = this.staged ?? {}
      this.staged = undefined
      return staged
    },

    loadContent<T>(source: ContentSource<T>) {
      this.contentSource = source as ContentSource<unknown>
      this.shown = undefined
      this.staleWhy = undefined
      // A rare character reference was drawn as written until its table arrived: draw the content again with it.
      onFullDecoder(() => {
        const again = this.scope.aborted || !this.shown ? undefined : source.resource.peek()
        if (again) this.showSafely(again)
      })
      const cached = source.resource.peek()
      if (cached) this.showSafely(cached)
      void this.refresh(false)
    },

    refresh(force = false) {
      const source = this.contentSource
      return source.resource
        .refresh(this.scope, { force })
        .then((outcome) => this.settle(source, outcome, force))
    },

    settle(source, outcome, force) {
      if (this.scope.aborted) return
      switch (outcome.kind) {
        case 'updated':
          // A version that cannot be drawn says so itself (showSafely); one that can clears an old notice.
          if (this.showSafely(outcome.loaded) && this.staleWhy) this.setStale(undefined)
          break
        case 'failed': {
          const message = userMessage(outcome.error)[this.language]
          if (this.shown) {
            if (force) toast(message)
            this.setStale(failureLabel(outcome.error))
          } else this.setData({ state: 'error', errorMessage: message })
          break
        }
        case 'unavailable':
          if (!this.shown)
            this.setData({ state: 'error', errorMessage: t(source.unavailable, this.language) })
          break
        case 'unchanged':
          if (outcome.loaded) this.shown = outcome.loaded
          if (this.staleWhy) this.setStale(undefined)
          // Nothing to show and nothing new (a 304 for a cache that has gone): an empty screen says so, with a retry.
          if (!this.shown) this.setData({ state: 'error', errorMessage: t('errorFormat', this.language) })
          break
      }
      source.checked?.(this.shown)
    },

    showSafely(loaded) {
      const source = this.contentSource
      const before = this.shown
      try {
        // Set first: a page's show() reads what is shown (its status line).
        this.shown = loaded
        source.show(loaded)
        return true
      } catch (error) {
        this.shown = before
        reportRecovered('content could not be shown', error)
      }
      if (loaded.source !== 'snapshot') {
        source.resource.discard()
        // What was on screen stays (the previous good version); else the bundled snapshot.
        if (this.shown) {
          this.setStale('failShow')
          return false
        }
        const fallback = source.resource.peek()
        if (fallback && fallback.source === 'snapshot') {
          try {
            this.shown = fallback
            source.show(fallback)
            this.setStale('failShow')
            return false
          } catch (error) {
            this.shown = undefined
            reportRecovered('the bundled content could not be shown', error)
          }
        }
      }
      this.setData({ state: 'error', errorMessage: t('errorFormat', this.language) })
      return false
    },

    setStale(why: StringKey | undefined) {
      this.staleWhy = why
      this.stage({ stale: staleNotice(why, this.language) })
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
