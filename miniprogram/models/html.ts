// Article HTML made safe: a small tokenizer turns it into `rich-text` nodes with an allow-list of tags and
// attributes. Scripts, styles, frames, forms and event-handler attributes are dropped; links and images must be
// http(s) (or mailto, tel and our own bcecc: for links) after resolving relative URLs against the document URL. Pure.

import { resolveUrl, schemeOf } from './url'

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

const ALLOWED: Record<string, readonly string[]> = {
  p: [],
  br: [],
  hr: [],
  div: [],
  span: [],
  section: [],
  article: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  ul: [],
  ol: ['start'],
  li: [],
  dl: [],
  dt: [],
  dd: [],
  strong: [],
  b: [],
  em: [],
  i: [],
  u: [],
  s: [],
  del: [],
  ins: [],
  mark: [],
  small: [],
  sub: [],
  sup: [],
  blockquote: [],
  q: [],
  cite: [],
  code: [],
  pre: [],
  abbr: ['title'],
  a: ['href', 'title'],
  img: ['src', 'alt', 'width', 'height'],
  figure: [],
  figcaption: [],
  table: [],
  caption: [],
  thead: [],
  tbody: [],
  tfoot: [],
  tr: [],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
}
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

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  middot: '·',
  bull: '•',
  euro: '€',
  times: '×',
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi, (whole: string, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return code > 0 && code < 0x110000 && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd'
    }
    return NAMED[name.toLowerCase()] ?? whole
  })
}

function safeUrl(
  raw: string,
  base: string,
  kind: 'link' | 'image',
  allowHttpImages: boolean,
): string | undefined {
  // As browsers do: tabs and newlines anywhere are ignored ("java\tscript:"), and so are controls and spaces at
  // either end.
  let cleaned = decodeEntities(raw)
    .split('')
    .filter((c) => c !== '\t' && c !== '\n' && c !== '\r')
    .join('')
  let start = 0
  let end = cleaned.length
  while (start < end && cleaned.charCodeAt(start) <= 0x20) start++
  while (end > start && cleaned.charCodeAt(end - 1) <= 0x20) end--
  cleaned = cleaned.slice(start, end)
  if (!cleaned) return undefined
  const url = resolveUrl(cleaned, base)
  const scheme = url === undefined ? undefined : schemeOf(url)
  if (kind === 'image') return scheme === 'https' || (allowHttpImages && scheme === 'http') ? url : undefined
  // bcecc: links point inside the app (bcecc:article/<id>); the article page opens them.
  return scheme === 'https' ||
    scheme === 'http' ||
    scheme === 'mailto' ||
    scheme === 'tel' ||
    scheme === 'bcecc'
    ? url
    : undefined
}

const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g

function attributes(
  source: string,
  tag: string,
  base: string,
  allowHttpImages: boolean,
): Record<string, string> | undefined {
  const allowed = ALLOWED[tag] ?? []
  const attrs: Record<string, string> = {}
  if (allowed.length === 0) return attrs
  // exec in a loop, not matchAll: older iOS WeChat clients lack String.prototype.matchAll.
  ATTRIBUTE.lastIndex = 0
  for (let m = ATTRIBUTE.exec(source); m; m = ATTRIBUTE.exec(source)) {
    const name = (m[1] ?? '').toLowerCase()
    if (!allowed.includes(name) || name in attrs) continue
    const value = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '')
    if (name === 'href' || name === 'src') {
      const url = safeUrl(value, base, name === 'src' ? 'image' : 'link', allowHttpImages)
      if (url) attrs[name] = url
    } else if (['width', 'height', 'colspan', 'rowspan', 'start'].includes(name)) {
      if (/^\d{1,4}$/.test(value)) attrs[name] = value
    } else {
      attrs[name] = value.slice(0, 300)
    }
  }
  // An image without a safe source shows nothing: leave it out.
  if (tag === 'img' && !attrs.src) return undefined
  return attrs
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
  const maxNodes = options.maxNodes ?? 3000
  const allowHttpImages = options.allowHttpImages ?? false
  const root: RichNode[] = []
  const stack: Array<{ name: string; children: RichNode[] }> = [{ name: '#root', children: root }]
  const images: string[] = []
  let nodeCount = 0
  let truncated = false
  let dropping: string | undefined
  let dropDepth = 0

  const top = (): { name: string; children: RichNode[] } =>
    stack[stack.length - 1] ?? { name: '#root', children: root }
  const addText = (raw: string): void => {
    if (dropping || !raw) return
    const text = decodeEntities(raw)
    const siblings = top().children
    const last = siblings[siblings.length - 1]
    if (last && 'type' in last) {
      last.text += text
      return
    }
    if (nodeCount >= maxNodes) {
      truncated = true
      return
    }
    nodeCount++
    siblings.push({ type: 'text', text })
  }

  const tag =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>?|<\?[^>]*>?|<\/\s*([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g
  let last = 0
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    addText(html.slice(last, m.index))
    last = tag.lastIndex
    const closing = m[1]?.toLowerCase()
    const opening = m[2]?.toLowerCase()
    if (closing) {
      if (dropping) {
        if (closing === dropping && --dropDepth === 0) dropping = undefined
        continue
      }
      const index = stack.map((s) => s.name).lastIndexOf(closing)
      if (index > 0) stack.length = index
      continue
    }
    if (!opening) continue
    const selfClosing = /\/\s*$/.test(m[3] ?? '')
    if (dropping) {
      if (opening === dropping && !selfClosing) dropDepth++
      continue
    }
    if (DROP_WITH_CONTENT.has(opening)) {
      if (!selfClosing && !VOID.has(opening)) {
        dropping = opening
        dropDepth = 1
      }
      continue
    }
    if (!(opening in ALLOWED)) continue // unknown tag: keep its content, lose the tag
    const attrs = attributes(m[3] ?? '', opening, base, allowHttpImages)
    if (!attrs) continue
    if (nodeCount >= maxNodes) {
      truncated = true
      continue
    }
    nodeCount++
    const node = { name: opening, attrs, children: [] as RichNode[] }
    // A new <p> or <li> closes an open one, as browsers do.
    if ((opening === 'p' || opening === 'li') && top().name === opening) stack.pop()
    top().children.push(node)
    if (opening === 'img' && attrs.src) images.push(attrs.src)
    if (!VOID.has(opening) && !selfClosing) stack.push(node)
  }
  addText(html.slice(last))
  return { nodes: root, images, nodeCount, truncated }
}
