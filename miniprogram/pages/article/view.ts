// The Article screen's presenter, kept in the article subpackage so that it downloads with the page. Sanitised
// article HTML turned into blocks the page draws with its own views: text runs that can carry a tappable link,
// images that open the preview, lists, and tables through rich-text. A renderer of our own keeps links and images
// interactive (rich-text cannot) and lets a long article be drawn a part at a time. Then the screen around them:
// date and authors, related events, the version in the other language, the official account. Pure.

import { appendAll } from '../../core/arrays'
import { formatDay, localOffsetMinutes } from '../../core/dates'
import type { CalendarEvent } from '../../core/events'
import type { Article } from '../../core/feed'
import { DROPPED_IMAGE, MAX_HTML_DEPTH, sanitizeHtml, type RichNode } from '../../core/html'
import { t } from '../../core/i18n'
import { pick, type UiLanguage } from '../../core/localized'
import { occurrenceFor } from '../../core/occurrences'
import type { Office } from '../../core/office'
import { whenOf } from '../../core/schedule'
import { isLocalDevelopment } from '../../core/url'

export interface Run {
  text: string
  /** Space-separated classes: bc-run--bold, --italic, --code, --link. */
  cls: string
  href: string
}

/** The ids of the article's elements that a block holds (targets of `#…` links); only on blocks that have some. */
interface Anchored {
  anchors?: string[]
}

export type Block = Anchored &
  (
    | { key: string; kind: 'heading'; level: number; runs: Run[] }
    | { key: string; kind: 'paragraph'; runs: Run[]; quote: boolean }
    | { key: string; kind: 'list'; items: Array<{ bullet: string; runs: Run[] } & Anchored> }
    /** `ratio`: height as a percentage of the width, when the HTML gives both (the space is kept before it loads). */
    | { key: string; kind: 'image'; src: string; alt: string; ratio?: number }
    | { key: string; kind: 'table'; nodes: RichNode[] }
    | { key: string; kind: 'code'; text: string }
    | { key: string; kind: 'rule' }
    /** A picture the app may not load (not served securely): the page says so, with its description. */
    | { key: string; kind: 'missing-image'; alt: string; text: string }
  )

const BOLD = new Set(['strong', 'b'])
const ITALIC = new Set(['em', 'i', 'cite', 'q'])
const CODE = new Set(['code'])
const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 4, h6: 4 }
const CONTAINERS = new Set(['div', 'section', 'article', 'figure', 'dl'])

type Element = Exclude<RichNode, { type: 'text' }>

/** rich-text draws a bare table without lines: give its cells our own (theme-aware) borders and padding. */
const TABLE_STYLE: Record<string, string> = {
  table: 'width:100%;border-collapse:collapse;',
  th: 'border:1px solid var(--bc-color-border);padding:6px 8px;text-align:left;font-weight:600;',
  td: 'border:1px solid var(--bc-color-border);padding:6px 8px;vertical-align:top;',
}

// The sanitiser nests elements at most MAX_HTML_DEPTH deep; every walk here stops there too (deeper content becomes
// plain text), so that no tree, however it was made, can exhaust the stack.

function styledTable(node: Element, depth = 0): Element {
  const children =
    depth >= MAX_HTML_DEPTH
      ? [{ type: 'text' as const, text: textOf(node.children) }]
      : node.children.map((c) => ('type' in c ? c : styledTable(c, depth + 1)))
  const style = TABLE_STYLE[node.name]
  return { name: node.name, attrs: style ? { ...node.attrs, style } : node.attrs, children }
}

/** The text of a tree, line breaks kept; iterative, so any depth is fine. */
function textOf(nodes: RichNode[]): string {
  let out = ''
  const pending: RichNode[] = nodes.slice().reverse()
  for (let node = pending.pop(); node; node = pending.pop()) {
    if ('type' in node) out += node.text
    else if (node.name === 'br') out += '\n'
    else for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i] as RichNode)
  }
  return out
}

/** Inline content as runs; images met on the way are handed to `onImage`. */
function runs(
  nodes: RichNode[],
  onImage: (attrs: Record<string, string>) => void,
  style: { bold?: boolean; italic?: boolean; code?: boolean; href?: string } = {},
  depth = 0,
): Run[] {
  const out: Run[] = []
  for (const node of nodes) {
    if ('type' in node || depth >= MAX_HTML_DEPTH) {
      const text = ('type' in node ? node.text : textOf([node])).replace(/\s+/g, ' ')
      if (!text) continue
      const cls = [
        style.bold ? 'bc-run--bold' : '',
        style.italic ? 'bc-run--italic' : '',
        style.code ? 'bc-run--code' : '',
        style.href ? 'bc-run--link' : '',
      ]
        .filter(Boolean)
        .join(' ')
      const last = out[out.length - 1]
      if (last && last.cls === cls && last.href === (style.href ?? '')) last.text += text
      else out.push({ text, cls, href: style.href ?? '' })
    } else if (node.name === 'br') {
      out.push({ text: '\n', cls: '', href: '' })
    } else if (node.name === 'img') {
      onImage(node.attrs)
    } else {
      appendAll(
        out,
        runs(
          node.children,
          onImage,
          {
            ...style,
            ...(BOLD.has(node.name) || node.name === 'th' ? { bold: true } : {}),
            ...(ITALIC.has(node.name) ? { italic: true } : {}),
            ...(CODE.has(node.name) ? { code: true } : {}),
            ...(node.name === 'a' && node.attrs.href ? { href: node.attrs.href } : {}),
          },
          depth + 1,
        ),
      )
    }
  }
  return out
}

/** The ids in a tree (the node's own first), bounded like every walk here. */
function idsOf(nodes: RichNode[], out: string[] = [], depth = 0): string[] {
  for (const node of nodes) {
    if ('type' in node) continue
    if (node.attrs.id) out.push(node.attrs.id)
    if (depth < MAX_HTML_DEPTH) idsOf(node.children, out, depth + 1)
  }
  return out
}

/**
 * Where each anchor of the article is drawn: the element id of its block (or list item) in the page, by the id the
 * HTML gave it. The first element with an id wins, as in a browser. A Map: ids come from content.
 */
export function anchorTargets(blocks: Block[]): Map<string, { block: number; element: string }> {
  const targets = new Map<string, { block: number; element: string }>()
  const add = (ids: string[] | undefined, block: number, element: string): void => {
    for (const id of ids ?? []) if (!targets.has(id)) targets.set(id, { block, element })
  }
  blocks.forEach((block, i) => {
    add(block.anchors, i, block.key)
    if (block.kind === 'list') block.items.forEach((item, n) => add(item.anchors, i, `${block.key}-${n}`))
  })
  return targets
}

/** A block as the view binds it: anchors stay with the page (anchorTargets), out of setData. */
export function withoutAnchors(block: Block): Block {
  if (!block.anchors && block.kind !== 'list') return block
  const { anchors: _anchors, ...rest } = block
  if (rest.kind !== 'list') return rest
  return { ...rest, items: rest.items.map(({ anchors: _item, ...item }) => item) }
}

function trim(list: Run[]): Run[] {
  const first = list[0]
  if (first) first.text = first.text.replace(/^\s+/, '')
  const last = list[list.length - 1]
  if (last) last.text = last.text.replace(/\s+$/, '')
  return list.filter((r) => r.text.length > 0)
}

/** Height per width in percent, from width and height attributes in pixels (sensible ones only). */
export function imageRatio(width: string | undefined, height: string | undefined): number | undefined {
  const w = Number(width)
  const h = Number(height)
  if (!Number.isFinite(w) || !Number.isFinite(h) || w < 1 || h < 1 || w > 20000 || h > 20000) return undefined
  const ratio = (h / w) * 100
  return ratio >= 5 && ratio <= 500 ? Math.round(ratio * 100) / 100 : undefined
}

/** A list's items with their bullets (numbers from `start` in an ordered list); empty items left out. */
function listItems(list: Element, image: (attrs: Record<string, string>) => void) {
  const first = Number(list.attrs.start ?? 1)
  return list.children
    .filter((c): c is Element => !('type' in c) && c.name === 'li')
    .map((li) => ({ runs: trim(runs(li.children, image)), ids: idsOf([li]) }))
    .filter((item) => item.runs.length > 0)
    .map((item, i) => ({
      bullet: list.name === 'ol' ? `${first + i}.` : '•',
      runs: item.runs,
      ...(item.ids.length > 0 ? { anchors: item.ids } : {}),
    }))
}

export function toBlocks(nodes: RichNode[]): Block[] {
  const blocks: Block[] = []
  let inline: RichNode[] = []
  /** Ids met since the last block (a container's, an empty element's): they belong to the next block drawn. */
  let anchors: string[] = []
  const key = (): string => `b${blocks.length}`
  const push = (block: Block): void => {
    if (anchors.length > 0) block.anchors = anchors
    anchors = []
    blocks.push(block)
  }
  const image = (attrs: Record<string, string>): void => {
    if (attrs[DROPPED_IMAGE]) {
      push({ key: key(), kind: 'missing-image', alt: attrs.alt ?? '', text: '' })
      return
    }
    if (!attrs.src) return
    const block: Block = { key: key(), kind: 'image', src: attrs.src, alt: attrs.alt ?? '' }
    const ratio = imageRatio(attrs.width, attrs.height)
    if (ratio !== undefined) block.ratio = ratio
    push(block)
  }
  const paragraph = (children: RichNode[], quote = false): void => {
    const pending: Array<Record<string, string>> = []
    idsOf(children, anchors)
    const text = trim(runs(children, (attrs) => pending.push(attrs)))
    if (text.length > 0) push({ key: key(), kind: 'paragraph', runs: text, quote })
    for (const attrs of pending) image(attrs)
  }
  const flushInline = (): void => {
    if (inline.length > 0) paragraph(inline)
    inline = []
  }
  const walk = (list: RichNode[], depth: number): void => {
    for (const node of list) {
      if ('type' in node || !isBlock(node.name) || depth >= MAX_HTML_DEPTH) {
        inline.push(node)
        continue
      }
      flushInline()
      if (node.attrs.id) anchors.push(node.attrs.id)
      const level = HEADINGS[node.name]
      if (level !== undefined) {
        idsOf(node.children, anchors)
        const text = trim(runs(node.children, image))
        if (text.length > 0) push({ key: key(), kind: 'heading', level, runs: text })
      } else if (
        node.name === 'p' ||
        node.name === 'figcaption' ||
        node.name === 'dt' ||
        node.name === 'dd'
      ) {
        paragraph(node.children)
      } else if (node.name === 'blockquote') {
        paragraph(node.children, true)
      } else if (node.name === 'ul' || node.name === 'ol') {
        const items = listItems(node, image)
        if (items.length > 0) push({ key: key(), kind: 'list', items })
      } else if (node.name === 'table') {
        idsOf(node.children, anchors)
        push({ key: key(), kind: 'table', nodes: [styledTable(node)] })
      } else if (node.name === 'pre') {
        idsOf(node.children, anchors)
        push({ key: key(), kind: 'code', text: textOf(node.children) })
      } else if (node.name === 'hr') {
        push({ key: key(), kind: 'rule' })
      } else if (node.name === 'img') {
        image(node.attrs)
      } else {
        walk(node.children, depth + 1)
      }
      flushInline()
    }
  }
  walk(nodes, 0)
  flushInline()
  return blocks
}

function isBlock(name: string): boolean {
  return (
    name in HEADINGS ||
    CONTAINERS.has(name) ||
    ['p', 'blockquote', 'ul', 'ol', 'li', 'table', 'pre', 'hr', 'img', 'figcaption', 'dt', 'dd'].includes(
      name,
    )
  )
}

/** Blocks from plain text: one paragraph per blank-line-separated part. */
export function textBlocks(text: string): Block[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, i) => ({
      key: `b${i}`,
      kind: 'paragraph' as const,
      runs: [{ text: part, cls: '', href: '' }],
      quote: false,
    }))
}

/** What the Article screen shows of one article, apart from the page's own state (loading, saved, notices). */
export interface ArticleScreen {
  title: string
  meta: string
  domain: string
  domainLabel: string
  /** The article's image above its title; its frame keeps the image's proportions when the feed gives its size. */
  cover: string
  coverStyle: string
  officialAccountUrl: string
  /** The version in the reader's language when this is another; else the version in the other language. */
  translationId: string
  translationLabel: string
  related: Array<{ uid: string; title: string; when: string }>
  account: { username: string; name: string; qrCode: string } | null
}

/**
 * An article as the screen draws it: every block (image notices in the reader's language, anchors taken out and
 * listed apart), the images a tap can page through, and the screen's fields. `events` and `office` are the
 * published calendar and profile at hand, `base` the feed's URL (relative links and images resolve against it).
 */
export function articleView(
  article: Article,
  language: UiLanguage,
  {
    base,
    events,
    office,
    at,
  }: { base: string; events: readonly CalendarEvent[]; office: Office | undefined; at: number },
): {
  blocks: Block[]
  anchors: Map<string, { block: number; element: string }>
  images: string[]
  screen: ArticleScreen
} {
  const drawn =
    article.contentHtml !== undefined
      ? toBlocks(sanitizeHtml(article.contentHtml, base, { allowHttpImages: isLocalDevelopment(base) }).nodes)
      : textBlocks(article.contentText ?? article.summary)
  const anchors = anchorTargets(drawn)
  const blocks = drawn.map((block) =>
    withoutAnchors(
      block.kind === 'missing-image'
        ? {
            ...block,
            text: block.alt
              ? t('imageNotShownAlt', language, { alt: block.alt })
              : t('imageNotShown', language),
          }
        : block,
    ),
  )
  const images = [
    ...(article.image ? [article.image] : []),
    ...blocks.flatMap((b) => (b.kind === 'image' ? [b.src] : [])),
  ]
  const related = article.relatedEvents.flatMap((uid) => {
    const series = events.find((e) => e.uid === uid)
    if (!series) return []
    const event = occurrenceFor(series, at)
    const when = [whenOf(event, language).date, pick(event.place, language)].filter(Boolean).join(' · ')
    return [{ uid, title: pick(event.title, language), when }]
  })
  const date =
    article.published === undefined
      ? ''
      : formatDay(article.published, language, localOffsetMinutes(article.published))
  const target = article.language === language ? (language === 'en' ? 'zh' : 'en') : language
  return {
    blocks,
    anchors,
    images,
    screen: {
      title: article.title,
      meta: [date, ...article.authors].filter(Boolean).join(' · '),
      domain: article.domain ?? '',
      domainLabel: article.domain ? t(article.domain, language) : '',
      cover: article.image ?? '',
      coverStyle: article.imageRatio ? `padding-top: ${article.imageRatio}%` : '',
      officialAccountUrl: article.officialAccountUrl ?? '',
      translationId: article.translations[target] ?? '',
      translationLabel: t(target === 'zh' ? 'readInZh' : 'readInEn', language),
      related,
      account: office
        ? {
            username: office.officialAccount.username,
            name: pick(office.officialAccount.name, language),
            qrCode: office.officialAccount.qrCode ?? '',
          }
        : null,
    },
  }
}
