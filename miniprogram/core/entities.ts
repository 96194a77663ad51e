// HTML character references, in two tiers, so that the main package does not carry HTML5's 2,231 names (33 KB):
//   - here, at once: numeric references and the named ones text on the web uses (Latin-1, typographic quotes and
//     dashes, arrows, € and ™): about all real content;
//   - any other reference waits for the full table (the `entities` package, bundled by scripts/build-npm.ts into
//     the article subpackage), which the article page installs when it loads and services/entities.ts fetches the
//     first time a text needs it. Until then such a reference stays as written, and those who drew it are told
//     when the table arrives (onFullDecoder) to draw it again. Tools and tests install the table at once.
// Either way the result is what the full decoder gives (a test holds the first tier to it for every input).

export interface FullDecoder {
  decodeHTML(text: string): string
  decodeHTMLAttribute(text: string): string
}

/** &nbsp; to &yuml;: U+00A0 to U+00FF, in order. */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'

/** The other names of the first tier, with their code points. */
const OTHER: Record<string, number> = {
  amp: 0x26,
  lt: 0x3c,
  gt: 0x3e,
  quot: 0x22,
  apos: 0x27,
  OElig: 0x152,
  oelig: 0x153,
  Scaron: 0x160,
  scaron: 0x161,
  Yuml: 0x178,
  fnof: 0x192,
  circ: 0x2c6,
  tilde: 0x2dc,
  ensp: 0x2002,
  emsp: 0x2003,
  thinsp: 0x2009,
  zwnj: 0x200c,
  zwj: 0x200d,
  lrm: 0x200e,
  rlm: 0x200f,
  ndash: 0x2013,
  mdash: 0x2014,
  lsquo: 0x2018,
  rsquo: 0x2019,
  sbquo: 0x201a,
  ldquo: 0x201c,
  rdquo: 0x201d,
  bdquo: 0x201e,
  dagger: 0x2020,
  Dagger: 0x2021,
  bull: 0x2022,
  hellip: 0x2026,
  permil: 0x2030,
  prime: 0x2032,
  Prime: 0x2033,
  lsaquo: 0x2039,
  rsaquo: 0x203a,
  oline: 0x203e,
  frasl: 0x2044,
  euro: 0x20ac,
  trade: 0x2122,
  larr: 0x2190,
  uarr: 0x2191,
  rarr: 0x2192,
  darr: 0x2193,
  harr: 0x2194,
  lArr: 0x21d0,
  rArr: 0x21d2,
  minus: 0x2212,
  infin: 0x221e,
  ne: 0x2260,
  le: 0x2264,
  ge: 0x2265,
  asymp: 0x2248,
  check: 0x2713,
  star: 0x2606,
}

let common: Map<string, string> | undefined

/** The first tier's names (built on first use). */
function commonNames(): Map<string, string> {
  if (!common) {
    common = new Map()
    LATIN1.split(' ').forEach((name, i) => common?.set(name, String.fromCharCode(0xa0 + i)))
    for (const name in OTHER)
      if (Object.prototype.hasOwnProperty.call(OTHER, name))
        common.set(name, String.fromCharCode(OTHER[name] as number))
  }
  return common
}

let full: FullDecoder | undefined
let generation = 0
let loader: (() => void) | undefined
let asked = false
const listeners: Array<() => void> = []

/** Installs the full table (the article subpackage, services/entities.ts, a tool or a test). */
export function installFullDecoder(decoder: FullDecoder): void {
  if (full) return
  full = decoder
  generation++
  for (const listener of listeners.splice(0)) listener()
}

/** How the app fetches the full table when a text first needs it (services/entities.ts). */
export function setFullDecoderLoader(load: () => void): void {
  loader = load
}

/** Called once when the full table arrives after something was drawn without it. */
export function onFullDecoder(listener: () => void): void {
  if (full) return
  if (!listeners.includes(listener)) listeners.push(listener)
}

/** Changes when the full table arrives: what was decoded before it may be decoded again. */
export function decoderGeneration(): number {
  return generation
}

/** Whether the full table is here (for tests and the loader). */
export function hasFullDecoder(): boolean {
  return full !== undefined
}

function needFull(): void {
  if (asked || !loader) return
  asked = true
  loader()
}

/** For the loader, after a failed fetch: the next text that needs the table asks again. */
export function fullDecoderFailed(): void {
  asked = false
}

// A reference the first tier knows for sure: a name with ";", or a number with ";" (at most 7 decimal or 6 hex
// digits), or an ampersand that starts no reference at all (followed by a space, punctuation or the end).
const REFERENCE = /&(?:#(\d{1,7});|#[xX]([0-9a-fA-F]{1,6});|([A-Za-z][A-Za-z0-9]{0,31});|(?![#A-Za-z0-9]))/g

/** The character of a numeric reference the first tier decodes itself, or undefined for the full decoder's rules. */
function numeric(code: number): string | undefined {
  // 0, C1 controls (remapped as windows-1252) and anything past the planes: the full decoder's rules.
  if (code === 0 || (code >= 0x80 && code <= 0x9f) || code > 0x10ffff) return undefined
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd'
  return code > 0xffff
    ? String.fromCharCode(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff))
    : String.fromCharCode(code)
}

/**
 * `text` with the first tier's references decoded and every other one as written; `complete` when there was no
 * other (then this is what the full decoder gives).
 */
function firstTier(text: string): { text: string; complete: boolean } {
  let complete = !hasUntaken(text)
  const names = commonNames()
  const out = text.replace(REFERENCE, (whole: string, dec?: string, hex?: string, name?: string) => {
    const char =
      name !== undefined
        ? names.get(name)
        : dec !== undefined
          ? numeric(parseInt(dec, 10))
          : hex !== undefined
            ? numeric(parseInt(hex, 16))
            : whole
    if (char === undefined) complete = false
    return char ?? whole
  })
  return { text: out, complete }
}

/** Whether `text` has an "&" that REFERENCE does not take there (&copy without ";", &#;…): the full decoder's. */
function hasUntaken(text: string): boolean {
  let at = text.indexOf('&')
  while (at >= 0) {
    REFERENCE.lastIndex = at
    const m = REFERENCE.exec(text)
    if (!m || m.index !== at) return true
    at = text.indexOf('&', at + 1)
  }
  return false
}

/** Decodes character references as HTML does in text; `attribute` for an attribute value. */
export function decodeReferences(text: string, attribute: boolean): string {
  const tier = firstTier(text)
  if (tier.complete) return tier.text
  if (full) return attribute ? full.decodeHTMLAttribute(text) : full.decodeHTML(text)
  needFull()
  // Until the table arrives: what the first tier knows, the rest as written.
  return tier.text
}
