// Article HTML made safe: a small tokenizer turns it into `rich-text` nodes with an allow-list of tags and
// attributes. Scripts, styles, frames, forms and event-handler attributes are dropped; links and images must be
// http(s) (or mailto, tel and our own bcecc: for links) after resolving relative URLs against the document URL. Pure.

import { decodeReferences } from './entities'
import { hasOwn } from './format'
import { decodeComponent, isLocalDevelopment, resolveUrl, schemeOf } from './url'

export type RichNode =
  { type: 'text'; text: string } | { name: string; attrs: Record<string, string>; children: RichNode[] }

export interface SafeHtml {
  nodes: RichNode[]
  /** Image URLs in reading order, for previewing them all. */
  images: string[]
  /** Number of element and text nodes (long articles freeze some renderers). */
  nodeCount: number
  /** True when the article was cut at `maxNodes`. */
  truncated: boolean
}

/** Allowed tags and, for each, its allowed attributes. A Map: a tag named "constructor" is just an unknown tag. */
const ALLOWED = new Map<string, readonly string[]>([
  ['p', []],
  ['br', []],
  ['hr', []],
  ['div', []],
  ['span', []],
  ['section', []],
  ['article', []],
  ['h1', []],
  ['h2', []],
  ['h3', []],
  ['h4', []],
  ['h5', []],
  ['h6', []],
  ['ul', []],
  ['ol', ['start']],
  ['li', []],
  ['dl', []],
  ['dt', []],
  ['dd', []],
  ['strong', []],
  ['b', []],
  ['em', []],
  ['i', []],
  ['u', []],
  ['s', []],
  ['del', []],
  ['ins', []],
  ['mark', []],
  ['small', []],
  ['sub', []],
  ['sup', []],
  ['blockquote', []],
  ['q', []],
  ['cite', []],
  ['code', []],
  ['pre', []],
  ['abbr', ['title']],
  ['a', ['href', 'title']],
  ['img', ['src', 'alt', 'width', 'height']],
  ['figure', []],
  ['figcaption', []],
  ['table', []],
  ['caption', []],
  ['thead', []],
  ['tbody', []],
  ['tfoot', []],
  ['tr', []],
  ['th', ['colspan', 'rowspan']],
  ['td', ['colspan', 'rowspan']],
])
/** Dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'noscript',
  'template',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'video',
  'audio',
  'canvas',
  'head',
  'title',
  'link',
  'meta',
  'base',
])
const VOID = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'link',
  'base',
  'col',
  'area',
  'source',
  'wbr',
  'embed',
  'param',
  'track',
])

/**
 * Decodes character references as HTML does: every HTML5 name (&eacute;, &hellip;, &NotEqualTilde;…), the legacy
 * ones written without ";", numeric ones (invalid code points become U+FFFD); unknown names stay as written
 * (core/entities.ts: the common ones at once, the rest with the full table); time linear in the text.
 */
export function decodeEntities(text: string): string {
  // Most text has no "&" at all: indexOf is one native call, a regular expression runs interpreted without a JIT.
  return text.indexOf('&') >= 0 && REFERENCE.test(text) ? decodeSafely(text, false) : text
}

/** The same in an attribute value, where a legacy name followed by "=" or a letter stays as written ("?a=1&copy=2"). */
export function decodeAttributeEntities(text: string): string {
  return text.indexOf('&') >= 0 && REFERENCE.test(text) ? decodeSafely(text, true) : text
}

/** Text that may hold a reference at all ("Investment & Trade" holds none): such text skips the decoder. */
const REFERENCE = /&[#A-Za-z]/

// A numeric reference with more significant digits than any code point has (0x10FFFF: 7 decimal, 6 hex digits) is
// U+FFFD, as HTML says; the library throws on very long ones, so they never reach it.
const HUGE_NUMERIC = /&#(?:[xX]([0-9a-fA-F]{7,})|(\d{8,}));?/g

function decodeSafely(text: string, attribute: boolean): string {
  const bounded = text.replace(
    HUGE_NUMERIC,
    (whole: string, hex: string | undefined, dec: string | undefined) => {
      const digits = (hex ?? dec ?? '').replace(/^0+/, '')
      if (digits.length <= (hex === undefined ? 7 : 6)) return whole
      return '\ufffd'
    },
  )
  try {
    return decodeReferences(bounded, attribute)
  } catch {
    return bounded
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The scanner: HTML split into text, start tags and end tags in one pass, each character looked at a bounded number
// of times, so that time grows linearly with the input whatever it holds (no regular expression that could scan
// the rest of the input again from every "<"). It follows the HTML tokenizer where it matters for safety: "<" not
// followed by a letter is text, quotes count only in attribute values, comments and raw-text elements (script,
// style…) end only where HTML ends them, and a tag cut off by the end of the input is dropped with the rest.

export interface HtmlHandler {
  text(raw: string): void
  /** `name` and attribute names in lower case; attribute values raw (entities not decoded). */
  open(name: string, attrs: ReadonlyArray<readonly [string, string]>, selfClosing: boolean): void
  close(name: string): void
  /** Set to true to stop scanning (plain-text summaries need only the beginning). */
  stopped?: boolean
}

/** Elements whose content is text up to their own end tag, never markup. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
])

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13
}

/** Where the end tag of raw-text element `name` starts at or after `from`, else -1. Each "</" is looked at once. */
function rawTextEnd(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at >= 0; at = html.indexOf('</', at + 2)) {
    const after = html.charCodeAt(at + 2 + name.length)
    if (
      html.slice(at + 2, at + 2 + name.length).toLowerCase() === name &&
      (isSpace(after) || after === 47 || after === 62 || Number.isNaN(after))
    )
      return at
  }
  return -1
}

const MAX_ATTRIBUTES = 32

/** Where a tag or attribute name starting at `from` ends: at white space, "/", ">" (and "=" for attributes). */
function nameEnd(html: string, from: number, stopAtEquals: boolean): number {
  let j = from
  for (; j < html.length; j++) {
    const c = html.charCodeAt(j)
    if (isSpace(c) || c === 47 || c === 62 || (stopAtEquals && c === 61)) break
  }
  return j
}

interface StartTag {
  name: string
  attrs: Array<[string, string]>
  selfClosing: boolean
  /** Where the input goes on after the tag's ">". */
  end: number
}

/** Reads the start tag whose name begins at `i` (just after "<"); undefined when the input ends inside it. */
function readStartTag(html: string, i: number): StartTag | undefined {
  const n = html.length
  let j = nameEnd(html, i, false)
  const name = html.slice(i, j).toLowerCase()
  const attrs: Array<[string, string]> = []
  let selfClosing = false
  while (j < n) {
    const c = html.charCodeAt(j)
    if (isSpace(c)) {
      j++
      continue
    }
    if (c === 62) return { name, attrs, selfClosing, end: j + 1 }
    if (c === 47) {
      selfClosing = true
      j++
      continue
    }
    selfClosing = false
    // An attribute name: an "=" as its first character is part of it, as in HTML.
    const nameStart = j
    j = nameEnd(html, j + 1, true)
    // Past MAX_ATTRIBUTES the tag is still read to its end, its attributes no longer kept (none allowed needs them).
    const keep = attrs.length < MAX_ATTRIBUTES
    const attrName = keep ? html.slice(nameStart, j).toLowerCase() : ''
    let k = j
    while (k < n && isSpace(html.charCodeAt(k))) k++
    if (html.charCodeAt(k) !== 61) {
      if (keep) attrs.push([attrName, ''])
      continue
    }
    k++
    while (k < n && isSpace(html.charCodeAt(k))) k++
    if (k >= n) return undefined
    const quote = html.charCodeAt(k)
    let valueStart = k
    let valueEnd: number
    if (quote === 34 || quote === 39) {
      valueStart = k + 1
      valueEnd = html.indexOf(quote === 34 ? '"' : "'", valueStart)
      if (valueEnd < 0) return undefined
      j = valueEnd + 1
    } else {
      valueEnd = k
      while (valueEnd < n && !isSpace(html.charCodeAt(valueEnd)) && html.charCodeAt(valueEnd) !== 62)
        valueEnd++
      j = valueEnd
    }
    if (keep) attrs.push([attrName, html.slice(valueStart, valueEnd)])
  }
  return undefined
}

/** Scans `html` once from start to end, handing each piece to `handler`. */
export function scanHtml(html: string, handler: HtmlHandler): void {
  const n = html.length
  let i = 0
  let textStart = 0
  const flush = (end: number): void => {
    if (end > textStart) handler.text(html.slice(textStart, end))
  }
  while (i < n && !handler.stopped) {
    const lt = html.indexOf('<', i)
    if (lt < 0) break
    const next = html.charCodeAt(lt + 1)
    if (isLetter(next)) {
      const tag = readStartTag(html, lt + 1)
      flush(lt)
      if (!tag) {
        // A tag cut off by the end of the input: HTML drops it and everything after it.
        textStart = n
        break
      }
      handler.open(tag.name, tag.attrs, tag.selfClosing)
      i = textStart = tag.end
      if (RAW_TEXT.has(tag.name) && !tag.selfClosing) {
        const close = rawTextEnd(html, tag.name, i)
        const stop = close < 0 ? n : close
        if (stop > i && !handler.stopped) handler.text(html.slice(i, stop))
        if (close < 0) {
          textStart = n
          break
        }
        const gt = html.indexOf('>', close)
        handler.close(tag.name)
        i = textStart = gt < 0 ? n : gt + 1
      }
      continue
    }
    if (next === 47 && isLetter(html.charCodeAt(lt + 2))) {
      // An end tag: its name, then anything up to ">" is ignored (as HTML does with attributes on end tags).
      const j = nameEnd(html, lt + 2, false)
      const gt = html.indexOf('>', j)
      flush(lt)
      if (gt < 0) {
        textStart = n
        break
      }
      handler.close(html.slice(lt + 2, j).toLowerCase())
      i = textStart = gt + 1
      continue
    }
    if (next === 33 || next === 63 || next === 47) {
      // "<!--" comments end at "-->"; "<![CDATA[" at "]]>"; other "<!", "<?" and "</" at the next ">".
      flush(lt)
      let close: number
      let closeLength = 1
      if (html.startsWith('<!--', lt)) {
        close = html.indexOf('-->', lt + 4)
        closeLength = 3
      } else if (html.startsWith('<![CDATA[', lt)) {
        close = html.indexOf(']]>', lt + 9)
        closeLength = 3
      } else close = html.indexOf('>', lt + 2)
      i = close < 0 ? n : close + closeLength
      textStart = i
      continue
    }
    // "<" followed by anything else is text.
    i = lt + 1
  }
  if (!handler.stopped) flush(n)
}

// ---------------------------------------------------------------------------------------------------------------

function safeUrl(
  value: string,
  base: string,
  kind: 'link' | 'image',
  allowHttpImages: boolean,
): string | undefined {
  // As browsers do: tabs and newlines anywhere are ignored ("java\tscript:"), and so are controls and spaces at
  // either end.
  // `value` is the attribute's value with its references decoded once already (decoding twice would read
  // "&amp;amp;" as "&").
  let cleaned = value.replace(/[\t\n\r]/g, '')
  let start = 0
  let end = cleaned.length
  while (start < end && cleaned.charCodeAt(start) <= 0x20) start++
  while (end > start && cleaned.charCodeAt(end - 1) <= 0x20) end--
  cleaned = cleaned.slice(start, end)
  if (!cleaned) return undefined
  // A link to a place in this article (a footnote, a heading): the page scrolls there, never leaves.
  if (kind === 'link' && cleaned.startsWith('#')) return anchorOf(cleaned.slice(1))
  const url = resolveUrl(cleaned, base)
  const scheme = url === undefined ? undefined : schemeOf(url)
  // http:// only from this computer's dev server (npm start): no phone loads a picture over http from elsewhere.
  if (kind === 'image')
    return scheme === 'https' || (allowHttpImages && scheme === 'http' && isLocalDevelopment(url ?? ''))
      ? url
      : undefined
  // bcecc: links point inside the app (bcecc:article/<id>); the article page opens them.
  return scheme === 'https' ||
    scheme === 'http' ||
    scheme === 'mailto' ||
    scheme === 'tel' ||
    scheme === 'bcecc'
    ? url
    : undefined
}

const NUMERIC_ATTRIBUTES = new Set(['width', 'height', 'colspan', 'rowspan', 'start'])
/** On an `img` that had a source it may not load (e.g. http://): the article page says a picture is missing. */
export const DROPPED_IMAGE = 'data-dropped'
/** The longest id or fragment kept (footnote and heading ids are short). */
const MAX_ANCHOR = 100

/** `#` and a fragment, decoded as browsers match it to an id; undefined when empty or too long. */
function anchorOf(fragment: string): string | undefined {
  // A broken escape is matched as written.
  const id = decodeComponent(fragment) ?? fragment
  return id.length > 0 && id.length <= MAX_ANCHOR ? `#${id}` : undefined
}

function attributes(
  raw: ReadonlyArray<readonly [string, string]>,
  tag: string,
  allowed: readonly string[],
  base: string,
  allowHttpImages: boolean,
): Record<string, string> | undefined {
  const attrs: Record<string, string> = {}
  for (let i = 0; i < raw.length; i++) {
    const [rawName, rawValue] = raw[i] as readonly [string, string]
    // Any element can be a link's target: its id (or an old-style <a name>) is kept as id.
    const name = rawName === 'name' && tag === 'a' ? 'id' : rawName
    // The first of a repeated attribute counts, as in HTML.
    if ((!allowed.includes(name) && name !== 'id') || hasOwn(attrs, name)) continue
    const value = decodeAttributeEntities(rawValue)
    if (name === 'id') {
      if (value.length > 0 && value.length <= MAX_ANCHOR) attrs.id = value
    } else if (name === 'href' || name === 'src') {
      const url = safeUrl(value, base, name === 'src' ? 'image' : 'link', allowHttpImages)
      if (url) attrs[name] = url
    } else if (NUMERIC_ATTRIBUTES.has(name)) {
      if (/^\d{1,4}$/.test(value)) attrs[name] = value
    } else {
      attrs[name] = value.slice(0, 300)
    }
  }
  // An image without a safe source is not loaded. One that had a source (an http:// picture, which WeChat does not
  // load) stays as a marker, so that the reader is told a picture is missing where the text promises one.
  if (tag === 'img' && !attrs.src) {
    const src = raw.find(([name]) => name === 'src')?.[1]
    const url = src === undefined ? undefined : resolveUrl(decodeAttributeEntities(src).trim(), base)
    return url !== undefined && schemeOf(url) === 'http'
      ? { [DROPPED_IMAGE]: '1', ...(attrs.alt ? { alt: attrs.alt } : {}) }
      : undefined
  }
  return attrs
}

/**
 * How deep elements nest in the output. Deeper ones are flattened into the deepest allowed one (their text kept,
 * their tags lost): renderers recurse over the tree, and WeChat advises pages of depth under 30.
 */
export const MAX_HTML_DEPTH = 16

type Parent = { name: string; children: RichNode[] }

/**
 * The tree the sanitiser builds as the scanner reads: allowed elements with checked attributes, text decoded once,
 * dropped elements with their content (script, style…), at most `maxNodes` nodes and MAX_HTML_DEPTH levels.
 */
class SafeTree implements HtmlHandler {
  readonly root: RichNode[] = []
  readonly images: string[] = []
  nodeCount = 0
  truncated = false
  private dropping: string | undefined
  private dropDepth = 0
  // Elements left out for depth, by name, so that their end tags close nothing that is kept.
  private readonly flattened = new Map<string, number>()
  private readonly bottom: Parent = { name: '#root', children: this.root }
  private readonly stack: Parent[] = [this.bottom]

  constructor(
    private readonly base: string,
    private readonly maxNodes: number,
    private readonly allowHttpImages: boolean,
  ) {}

  private top(): Parent {
    return this.stack[this.stack.length - 1] ?? this.bottom
  }

  /** Room for one more node; false (and truncated) when the budget is spent. */
  private room(): boolean {
    if (this.nodeCount >= this.maxNodes) {
      this.truncated = true
      return false
    }
    this.nodeCount++
    return true
  }

  text(raw: string): void {
    if (this.dropping || !raw) return
    const text = decodeEntities(raw)
    const siblings = this.top().children
    const last = siblings[siblings.length - 1]
    if (last && 'type' in last) {
      last.text += text
      return
    }
    if (this.room()) siblings.push({ type: 'text', text })
  }

  open(name: string, raw: ReadonlyArray<readonly [string, string]>, selfClosing: boolean): void {
    if (this.dropping) {
      if (name === this.dropping && !selfClosing) this.dropDepth++
      return
    }
    if (DROP_WITH_CONTENT.has(name)) {
      if (!selfClosing && !VOID.has(name)) {
        this.dropping = name
        this.dropDepth = 1
      }
      return
    }
    const allowed = ALLOWED.get(name)
    if (!allowed) return // unknown tag: keep its content, lose the tag
    const attrs = attributes(raw, name, allowed, this.base, this.allowHttpImages)
    if (!attrs) return
    // A new <p> or <li> closes an open one, as browsers do.
    if ((name === 'p' || name === 'li') && this.top().name === name) this.stack.pop()
    const opens = !VOID.has(name) && !selfClosing
    if (opens && this.stack.length > MAX_HTML_DEPTH) {
      this.flattened.set(name, (this.flattened.get(name) ?? 0) + 1)
      return
    }
    if (!this.room()) return
    const node = { name, attrs, children: [] as RichNode[] }
    this.top().children.push(node)
    if (name === 'img' && attrs.src) this.images.push(attrs.src)
    if (opens) this.stack.push(node)
  }

  close(name: string): void {
    if (this.dropping) {
      if (name === this.dropping && --this.dropDepth === 0) this.dropping = undefined
      return
    }
    const left = this.flattened.get(name)
    if (left) {
      if (left === 1) this.flattened.delete(name)
      else this.flattened.set(name, left - 1)
      return
    }
    // The stack is at most MAX_HTML_DEPTH deep: this search is bounded.
    for (let i = this.stack.length - 1; i > 0; i--) {
      if ((this.stack[i] as Parent).name === name) {
        this.stack.length = i
        return
      }
    }
  }
}

/**
 * Sanitises article HTML into rich-text nodes. `base` is the URL of the document the HTML came from.
 * `maxNodes` bounds the output so that a very long article cannot freeze the page.
 */
export function sanitizeHtml(
  html: string,
  base: string,
  options: { maxNodes?: number; allowHttpImages?: boolean } = {},
): SafeHtml {
  const tree = new SafeTree(base, options.maxNodes ?? 3000, options.allowHttpImages ?? false)
  scanHtml(html, tree)
  return { nodes: tree.root, images: tree.images, nodeCount: tree.nodeCount, truncated: tree.truncated }
}

/** Tags that separate words in plain text (the others, such as a, b and span, run on inside a sentence). */
const BLOCK_TAGS = new Set([
  'p',
  'br',
  'hr',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'figure',
  'figcaption',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'img',
])

/** HTML to one line of plain text of at most `max` characters, for summaries: tags and scripts out, entities decoded. */
export function plainText(html: string, max = 160): string {
  let out = ''
  let dropping = 0
  // White space folded as it comes (never two spaces in a row), so that `out` is as long as what the summary shows.
  const append = (piece: string): void => {
    const folded = piece.replace(/\s+/g, ' ')
    out += folded.charCodeAt(0) === 32 && out.charCodeAt(out.length - 1) === 32 ? folded.slice(1) : folded
  }
  const handler: HtmlHandler = {
    text(raw) {
      if (dropping > 0) return
      append(decodeEntities(raw))
      // Enough for the summary: the rest of a long body is never read.
      if (out.length > 2 * max + 64) handler.stopped = true
    },
    open(name, _attrs, selfClosing) {
      if (DROP_WITH_CONTENT.has(name) || RAW_TEXT.has(name)) {
        if (!selfClosing && !VOID.has(name)) dropping++
      } else if (BLOCK_TAGS.has(name)) append(' ')
    },
    close(name) {
      if (DROP_WITH_CONTENT.has(name) || RAW_TEXT.has(name)) dropping = Math.max(0, dropping - 1)
      else if (BLOCK_TAGS.has(name)) append(' ')
    },
  }
  scanHtml(html, handler)
  const text = out.trim()
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text
}
