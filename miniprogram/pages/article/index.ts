// Article: one newsletter article, drawn block by block (long articles a part at a time), with its related
// events, the official-account version, sharing to chats and Moments, and a reading size that persists.

import { ContentFormatError } from '../../core/errors'
import type { Article } from '../../core/feed'
import { expandTemplate } from '../../core/format'
import { installFullDecoder } from '../../core/entities'
import { linkId } from '../../core/url'
import { copyLink, openOfficialAccountArticle, previewImages } from '../../services/actions'
import { content, userMessage } from '../../services/content'
import { SINGLE_PAGE_SCENE, launchScene } from '../../services/follow'
import { HttpError } from '../../services/http'
import { pageLife, type PageLife } from '../../behaviors/page-life'
import { openArticle, openEvent, scrollToElement, setTitle, toast } from '../../services/navigation'
import {
  followPublished,
  isArticleSaved,
  markArticleGone,
  saveArticle,
  savedArticle,
  unsaveArticle,
} from '../../services/saved-articles'
import { FONT_SCALES, readSettings, updateSettings, type FontScale } from '../../services/settings'
import { strings, t } from '../../core/i18n'
import { now } from '../../core/clock'
import { decodeHTML, decodeHTMLAttribute } from './lib/entities'

// This subpackage carries the full table of character references: an article's body decodes every one of them.
installFullDecoder({ decodeHTML, decodeHTMLAttribute })
import { articleView, type ArticleScreen, type Block } from './view'

/** Blocks drawn at a time: a long article grows as the reader scrolls, so the page stays light. */
export const BLOCKS_PER_STEP = 40

const LABELS = [
  'readInOfficialAccount',
  'relatedEvents',
  'fontSmaller',
  'fontLarger',
  'articleMissing',
  'retry',
  'followTitle',
  'followHint',
  'followButton',
  'followQrHint',
  'save',
  'savedLabel',
] as const

/** The article's own fields (title, cover, related events, …) come from its presenter (view.ts). */
interface Data extends ArticleScreen {
  labels: Record<(typeof LABELS)[number], string>
  state: 'loading' | 'ready' | 'missing' | 'error'
  errorMessage: string
  blocks: Block[]
  hasMoreBlocks: boolean
  fontScale: FontScale
  canSmaller: boolean
  canLarger: boolean
  saved: boolean
  /** Above a saved copy shown instead of the published article: why. */
  notice: string
}

interface Fields extends PageLife {
  id: string
  article: Article | undefined
  allBlocks: Block[]
  /** Where the article's `#…` links lead: the page element of each id. */
  anchors: Map<string, { block: number; element: string }>
  images: string[]
  singlePage: boolean
}

type Methods = {
  load(): Promise<void>
  show(article: Article): void
  onRetry(): void
  onTapRun(e: WechatMiniprogram.BaseEvent<Record<string, never>, { href: string }>): void
  showBlocksTo(index: number, done: () => void): void
  onTapImage(e: WechatMiniprogram.BaseEvent<Record<string, never>, { src: string }>): void
  onFontSmaller(): void
  onFontLarger(): void
  setFontScale(scale: FontScale): void
  onOpenOfficialAccount(): void
  onOpenTranslation(): void
  onOpenEvent(e: WechatMiniprogram.BaseEvent<Record<string, never>, { uid: string }>): void
  onToggleSave(): void
}

function fontFlags(scale: FontScale): { fontScale: FontScale; canSmaller: boolean; canLarger: boolean } {
  const index = FONT_SCALES.indexOf(scale)
  return { fontScale: scale, canSmaller: index > 0, canLarger: index < FONT_SCALES.length - 1 }
}

Component<Data, Record<string, never>, Methods, [typeof pageLife], Fields, true>({
  behaviors: [pageLife],

  data: {
    labels: strings(LABELS, 'en'),
    state: 'loading',
    errorMessage: '',
    title: '',
    meta: '',
    domain: '',
    domainLabel: '',
    cover: '',
    coverStyle: '',
    blocks: [],
    hasMoreBlocks: false,
    fontScale: 1,
    canSmaller: true,
    canLarger: true,
    officialAccountUrl: '',
    translationId: '',
    translationLabel: '',
    related: [],
    saved: false,
    notice: '',
    account: null,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.id = linkId(query.id)
      this.article = undefined
      this.allBlocks = []
      this.anchors = new Map()
      this.images = []
      this.singlePage = launchScene() === SINGLE_PAGE_SCENE
      setTitle(t('articleTitle', this.language))
      this.setData({ labels: strings(LABELS, this.language), ...fontFlags(readSettings().fontScale) })
      void this.load()
    },

    onReachBottom() {
      this.showBlocksTo(this.data.blocks.length + BLOCKS_PER_STEP - 1, () => undefined)
    },

    /** Draws the blocks up to `index` (a step at a time, as scrolling does), then calls `done`. */
    showBlocksTo(index, done) {
      const shown = this.data.blocks.length
      const end = Math.min(
        this.allBlocks.length,
        shown + Math.ceil((index + 1 - shown) / BLOCKS_PER_STEP) * BLOCKS_PER_STEP,
      )
      if (end <= shown) {
        done()
        return
      }
      // Only the next blocks travel to the view, as paths after the ones it has.
      const update: Record<string, unknown> = {}
      this.allBlocks.slice(shown, end).forEach((block, i) => {
        update[`blocks[${shown + i}]`] = block
      })
      update.hasMoreBlocks = end < this.allBlocks.length
      this.setData(update, done)
    },

    onShareAppMessage() {
      return {
        title: this.data.title || t('appName', this.language),
        path: `/pages/article/index?id=${encodeURIComponent(this.id)}`,
      }
    },

    onShareTimeline() {
      return {
        title: this.data.title || t('appName', this.language),
        query: `id=${encodeURIComponent(this.id)}`,
      }
    },

    load() {
      if (!this.id) {
        this.setData({ state: 'missing' })
        return Promise.resolve()
      }
      const id = this.id
      const known = content.peekArticle(id)
      if (known) {
        this.show(known.article)
        followPublished(known.article)
        return Promise.resolve()
      }
      // Not at hand: a saved copy shows at once while the endpoint is asked (a slow network keeps no one waiting).
      const copy = savedArticle(id)
      if (copy) this.show(copy)
      return content
        .getArticle(this.scope, id)
        .then(({ article }) => {
          if (this.scope.aborted) return
          this.show(article)
          followPublished(article)
        })
        .catch((error: unknown) => {
          if (this.scope.aborted) return
          // Not found, or not an article: gone for good. Anything else (offline, a server error) may pass: retry.
          const missing =
            (error instanceof HttpError && error.status === 404) || error instanceof ContentFormatError
          // A saved copy stays, saying why it is not the published one.
          const excerpt = copy ?? (missing ? undefined : content.snapshotExcerpt(id))
          if (!copy && excerpt) {
            // A first launch on a poor network: the summary bundled with the app, until the article loads.
            this.show(excerpt)
            this.setData({ notice: t('excerptOnly', this.language) })
            return
          }
          if (copy) {
            if (missing) markArticleGone(id, true)
            this.setData({ notice: t(missing ? 'noLongerPublished' : 'savedCopy', this.language) })
            return
          }
          this.setData({
            state: missing ? 'missing' : 'error',
            errorMessage: missing
              ? t('articleMissing', this.language)
              : userMessage(error instanceof HttpError ? error : new ContentFormatError(String(error)))[
                  this.language
                ],
          })
        })
    },

    show(article: Article) {
      this.article = article
      const { blocks, anchors, images, screen } = articleView(article, this.language, {
        base: content.urls().feed,
        events: content.events.peek()?.value.events ?? [],
        office: content.office.peek()?.value,
        at: now(),
      })
      this.anchors = anchors
      this.allBlocks = blocks
      this.images = images
      this.setData({
        ...screen,
        state: 'ready',
        saved: isArticleSaved(article.id),
        notice: '',
        blocks: blocks.slice(0, BLOCKS_PER_STEP),
        hasMoreBlocks: blocks.length > BLOCKS_PER_STEP,
        translationId: this.singlePage ? '' : screen.translationId,
      })
    },

    onRetry() {
      this.setData({ state: 'loading' })
      void this.load()
    },

    onTapRun(e) {
      const href = e.currentTarget.dataset.href
      if (!href) return
      // A place in this article (a footnote and its way back): scroll there when it exists, else nothing.
      if (href.startsWith('#')) {
        const target = this.anchors.get(href.slice(1))
        if (target) this.showBlocksTo(target.block, () => scrollToElement(`#${target.element}`))
        return
      }
      const eventUid = linkId(/^bcecc:event\/(.+)$/.exec(href)?.[1])
      if (eventUid && !this.singlePage) {
        openEvent(eventUid)
        return
      }
      const internal = /^bcecc:article\/(.+)$/.exec(href)?.[1]
      const template = content.feed.peek()?.value.links.articleUrlTemplate
      const byTemplate = template ? /^(.*)\{id\}(.*)$/.exec(template) : null
      let id = linkId(internal) || undefined
      if (!id && byTemplate && href.startsWith(byTemplate[1] ?? '') && href.endsWith(byTemplate[2] ?? '')) {
        const candidate = linkId(
          href.slice((byTemplate[1] ?? '').length, href.length - (byTemplate[2] ?? '').length),
        )
        if (candidate && template && expandTemplate(template, candidate) === href) id = candidate
      }
      id ??= content.feed.peek()?.value.articles.find((a) => a.url === href)?.id
      if (id && !this.singlePage) openArticle(id)
      else if (/^https:\/\/mp\.weixin\.qq\.com\//.test(href)) openOfficialAccountArticle(href, this.language)
      else copyLink(href, this.language)
    },

    onTapImage(e) {
      previewImages(e.currentTarget.dataset.src, this.images)
    },

    setFontScale(scale: FontScale) {
      updateSettings({ fontScale: scale })
      this.setData(fontFlags(scale))
    },

    onFontSmaller() {
      const index = FONT_SCALES.indexOf(this.data.fontScale)
      const next = FONT_SCALES[index - 1]
      if (next !== undefined) this.setFontScale(next)
    },

    onFontLarger() {
      const index = FONT_SCALES.indexOf(this.data.fontScale)
      const next = FONT_SCALES[index + 1]
      if (next !== undefined) this.setFontScale(next)
    },

    onOpenOfficialAccount() {
      if (this.data.officialAccountUrl)
        openOfficialAccountArticle(this.data.officialAccountUrl, this.language)
    },

    onOpenTranslation() {
      if (this.data.translationId) openArticle(this.data.translationId)
    },

    onOpenEvent(e) {
      if (!this.singlePage) openEvent(e.currentTarget.dataset.uid)
    },

    onToggleSave() {
      const article = this.article
      if (!article) return
      if (this.data.saved) {
        if (unsaveArticle(article.id).result !== 'ok') return toast(t('storageFull', this.language))
        this.setData({ saved: false })
        toast(t('removedToast', this.language))
      } else {
        if (saveArticle(article) !== 'ok') return toast(t('storageFull', this.language))
        this.setData({ saved: true })
        toast(t('savedToast', this.language))
      }
    },
  },
})
