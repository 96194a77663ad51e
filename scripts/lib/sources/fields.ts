// Reading editors' YAML with a position for every message: a source file collects problems as
// `file:line:column: severity: what is wrong; what was expected`, and a Fields reader takes the known fields of one
// YAML mapping, typed, reporting unknown, missing and mistyped ones. Content keys are only ever compared with the
// names of known fields, never assigned to an object, so no key from a file reaches a prototype.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml'
import { escapeControls } from '../escape'

export type Severity = 'error' | 'warning'

export interface SourceProblem {
  severity: Severity
  file: string
  line: number
  column: number
  message: string
  /** Content that builds but must not reach readers before someone has looked at it (publish refuses it). */
  review?: true
}

export function formatSourceProblem(p: SourceProblem): string {
  return escapeControls(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`)
}

/** Sorts problems by file, line and column, errors before warnings at the same place. */
export function sortProblems(problems: SourceProblem[]): SourceProblem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  )
}

export const LANGUAGES = ['en', 'zh'] as const
export type Language = (typeof LANGUAGES)[number]
/** Text in each language it is given in (a plain string is the same in every language). */
export type Localized = Partial<Record<Language, string>>

/** Where a YAML node is: an offset into the text. */
type At = Node | number | undefined

export class SourceFile {
  readonly lines: LineCounter = new LineCounter()

  constructor(
    readonly name: string,
    readonly text: string,
    private sink: SourceProblem[],
    /** Lines before the text (the front matter's `---` when the YAML is a Markdown file's head). */
    private readonly lineOffset = 0,
  ) {}

  /** Sends later problems (found when the file is rendered) to another list: a parse kept between builds. */
  reportTo(sink: SourceProblem[]): void {
    this.sink = sink
  }

  position(at: At): { line: number; column: number } {
    const offset = typeof at === 'number' ? at : (at?.range?.[0] ?? 0)
    if (this.lines.lineStarts.length === 0) return { line: 1 + this.lineOffset, column: 1 }
    const { line, col } = this.lines.linePos(offset)
    return { line: line + this.lineOffset, column: col }
  }

  report(severity: Severity, at: At, message: string): void {
    this.sink.push({ severity, file: this.name, ...this.position(at), message })
  }

  /** Reports at a 1-based line and column of the whole file (`review`: a warning that publish refuses). */
  reportAtLine(severity: Severity, line: number, column: number, message: string, review = false): void {
    this.sink.push({
      severity,
      file: this.name,
      line,
      column,
      message,
      ...(review ? { review: true as const } : {}),
    })
  }

  /** Parses the text as one YAML mapping; undefined (with the syntax problems reported) when it is not one. */
  parseMapping(what: string): Fields | undefined {
    const doc = parseDocument(this.text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: true,
    })
    // The first mistake only: the ones after it are mostly the same mistake seen again further down.
    const [first] = doc.errors
    if (first) {
      const { at, message } = explainYamlError(this.text, first.code, first.pos[0], first.message)
      this.report('error', at, message.endsWith('expected valid YAML') ? `${message} (${what})` : message)
    }
    if (doc.errors.length > 0) return undefined
    for (const warning of doc.warnings)
      this.report('warning', warning.pos[0], warning.message.split('\n')[0] ?? '')
    if (!isMap(doc.contents)) {
      this.report('error', doc.contents ?? 0, `is not a list of fields; expected ${what}`)
      return undefined
    }
    return new Fields(this, doc.contents, '')
  }
}

/** What is open at an offset: the brackets of flow lists and groups, and a quote, with where each was opened. */
function openAt(
  text: string,
  end: number,
): { brackets: Array<{ char: string; at: number }>; quote?: { char: string; at: number } } {
  const brackets: Array<{ char: string; at: number }> = []
  let quote: { char: string; at: number } | undefined
  for (let i = 0; i < end && i < text.length; i++) {
    const c = text[i] as string
    if (quote) {
      if (c === quote.char) {
        // '' inside single quotes is an escaped quote.
        if (quote.char === "'" && text[i + 1] === "'") i++
        else quote = undefined
      } else if (c === '\\' && quote.char === '"') i++
      continue
    }
    const previous = i === 0 ? '\n' : (text[i - 1] as string)
    if (c === '#' && /\s/.test(previous)) {
      while (i < end && text[i] !== '\n') i++
    } else if ((c === '"' || c === "'") && /[\s[{,:]/.test(previous)) quote = { char: c, at: i }
    else if (c === '[' || c === '{') brackets.push({ char: c, at: i })
    else if (c === ']' || c === '}') brackets.pop()
  }
  return { brackets, ...(quote ? { quote } : {}) }
}

/**
 * A YAML syntax error in an editor's words, at the place of the mistake: the parser often notices a missing bracket
 * or quote only on the next line, so the message points back to where the list, group or quote was opened.
 */
export function explainYamlError(
  text: string,
  code: string,
  offset: number,
  raw: string,
): { at: number; message: string } {
  const lineStart = (at: number): number => text.lastIndexOf('\n', at - 1) + 1
  const lineOf = (at: number): string =>
    text.slice(lineStart(at), (text.indexOf('\n', at) + 1 || text.length + 1) - 1)
  const open = openAt(text, offset)
  if (/^Flow (sequence|map)/.test(raw) || (code === 'MISSING_CHAR' && /[\]}]/.test(raw))) {
    const opened = open.brackets[open.brackets.length - 1]
    if (opened) {
      const close = opened.char === '[' ? ']' : '}'
      const what = opened.char === '[' ? 'list' : 'group of fields'
      return {
        at: opened.at,
        message: `the ${what} opened with ${opened.char} is not closed; expected a ${close} at its end, as in ${opened.char === '[' ? 'tags: [Logistics, Ports]' : 'venue: { name: …, city: … }'}`,
      }
    }
  }
  if (code === 'MISSING_CHAR' && /quote/i.test(raw) && open.quote)
    return {
      at: open.quote.at,
      message: `the text opened with ${open.quote.char} is not closed; expected a closing ${open.quote.char} at the end of the value`,
    }
  if (code === 'UNEXPECTED_TOKEN' && /'[^']*'[^'\s#]/.test(lineOf(offset)))
    return {
      at: offset,
      message: `a ' inside a value in single quotes ends it early; expected it doubled ('it''s') or the value in double quotes ("it's")`,
    }
  if (code === 'BLOCK_AS_IMPLICIT_KEY') {
    const rest = text.slice(offset, text.indexOf('\n', offset) + 1 || text.length)
    if (/:\s/.test(rest))
      return {
        at: offset,
        message: `the value has ": " in it, which YAML reads as a field inside a field; expected the value in double quotes, as in title: "Climate Tech: wind and sun"`,
      }
    const next = text.indexOf('\n', offset) + 1
    if (next > 0 && /^[ \t]+\S/.test(text.slice(next)))
      return {
        at: next,
        message:
          'this line is indented, so YAML reads it as part of the line above; expected it at the start of the line',
      }
  }
  if (code === 'TAB_AS_INDENT')
    return {
      at: offset,
      message: 'this line starts with a tab; expected spaces (or none) before the field name',
    }
  if (code === 'MULTILINE_IMPLICIT_KEY')
    return {
      at: lineStart(offset),
      message:
        'this line is not a field; expected a name, a colon and a space, then the value, as in author: FIT Guangzhou',
    }
  if (code === 'DUPLICATE_KEY')
    return { at: offset, message: 'this field is given twice; expected each field once (delete one of them)' }
  const message = raw.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? ''
  return { at: offset, message: `${message}; expected valid YAML` }
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a group of fields'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) {
    if (node.value === null) return 'empty'
    if (typeof node.value === 'number') return `the number ${String(node.value)}`
    if (typeof node.value === 'boolean') return `${String(node.value)}`
    return JSON.stringify(node.value)
  }
  return 'an alias or tag'
}

/** The closest known name, for "did you mean" (edit distance at most 2). */
function suggestion(name: string, known: readonly string[]): string | undefined {
  let best: { word: string; distance: number } | undefined
  for (const word of known) {
    const d = distance(name.toLowerCase(), word, 3)
    if (d <= 2 && (!best || d < best.distance)) best = { word, distance: d }
  }
  return best?.word
}

function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (previous[j] ?? cap) + 1,
        (row[j - 1] ?? cap) + 1,
        (previous[j - 1] ?? cap) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    previous = row
  }
  return previous[b.length] ?? cap
}

/** One YAML mapping's fields, read by name. */
export class Fields {
  private readonly nodes = new Map<string, { key: Node; value: Node | undefined }>()

  constructor(
    readonly file: SourceFile,
    readonly node: YAMLMap,
    /** Dotted path of this mapping, for messages ("venue."). */
    readonly path: string,
  ) {
    for (const pair of node.items) {
      const key = pair.key as Node | null
      if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
        file.report('error', key ?? node, 'is not a field name; expected a name such as title:')
        continue
      }
      this.nodes.set(String(key.value), { key, value: (pair.value as Node | null) ?? undefined })
    }
  }

  /** Reports every field not in `known` (with the nearest known name), once all reads are declared. */
  only(known: readonly string[]): this {
    for (const [name, { key }] of this.nodes) {
      if (known.includes(name)) continue
      const near = suggestion(name, known)
      this.file.report(
        'error',
        key,
        `${this.path}${name} is not a field here; expected ${near ? `${this.path}${near} (a typo?) or ` : ''}one of ${known.join(', ')}`,
      )
    }
    return this
  }

  has(name: string): boolean {
    const entry = this.nodes.get(name)
    return (
      entry !== undefined &&
      // Empty means not given: web editors write "" for a field left blank.
      !(isScalar(entry.value) && (entry.value.value === null || entry.value.value === '')) &&
      entry.value !== undefined
    )
  }

  /** The node of a field's value, or of its name when it has none, or of the mapping. */
  at(name: string): Node {
    const entry = this.nodes.get(name)
    return entry?.value ?? entry?.key ?? this.node
  }

  value(name: string): Node | undefined {
    return this.has(name) ? this.nodes.get(name)?.value : undefined
  }

  missing(name: string, expected: string): void {
    this.file.report('error', this.node, `${this.path}${name} is missing; expected ${expected}`)
  }

  wrong(name: string, expected: string, severity: Severity = 'error'): void {
    this.file.report(
      severity,
      this.at(name),
      `${this.path}${name} is ${describe(this.value(name))}; expected ${expected}`,
    )
  }

  /** A text field: any scalar (a number or true/false is read as written). */
  text(name: string, expected: string, required = false): string | undefined {
    const node = this.value(name)
    if (node === undefined) {
      if (required) this.missing(name, expected)
      return undefined
    }
    const text = scalarText(this.file, node)
    if (text === undefined || text.trim() === '') {
      this.wrong(name, expected)
      return undefined
    }
    return text.trim()
  }

  /** "latitude, longitude" in range, as written (digits kept: no float rounding); undefined when absent or wrong. */
  coordinates(name: string, example: string): { latitude: string; longitude: string } | undefined {
    const expected = `latitude, longitude such as ${example}`
    const text = this.text(name, expected)
    if (text === undefined) return undefined
    const m = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text)
    if (!m || Math.abs(Number(m[1])) > 90 || Math.abs(Number(m[2])) > 180) {
      this.wrong(name, expected)
      return undefined
    }
    return { latitude: m[1] as string, longitude: m[2] as string }
  }

  /** One of `values`. */
  choice<T extends string>(name: string, values: readonly T[], required = false): T | undefined {
    const expected = `one of ${values.join(', ')}`
    const text = this.text(name, expected, required)
    if (text === undefined) return undefined
    if ((values as readonly string[]).includes(text)) return text as T
    const near = suggestion(text, values)
    this.file.report(
      'error',
      this.at(name),
      `${this.path}${name} is "${text}"; expected ${near ? `${near} (a typo?), or ` : ''}${expected}`,
    )
    return undefined
  }

  bool(name: string): boolean | undefined {
    const node = this.value(name)
    if (node === undefined) return undefined
    if (isScalar(node) && typeof node.value === 'boolean') return node.value
    this.wrong(name, 'true or false')
    return undefined
  }

  number(name: string, expected: string, test: (n: number) => boolean): number | undefined {
    const node = this.value(name)
    if (node === undefined) return undefined
    if (isScalar(node) && typeof node.value === 'number' && test(node.value)) return node.value
    this.wrong(name, expected)
    return undefined
  }

  /** Text per language: `{ en: …, zh: … }`, or one text for every language. */
  localized(name: string, what: string, required = false): Localized | undefined {
    const expected = `${what}, as en: and zh: lines (or one text for both languages)`
    const node = this.value(name)
    if (node === undefined) {
      if (required) this.missing(name, expected)
      return undefined
    }
    if (!isMap(node)) {
      const text = this.text(name, expected)
      return text === undefined ? undefined : { en: text, zh: text }
    }
    const fields = new Fields(this.file, node, `${this.path}${name}.`).only(LANGUAGES)
    const out: Localized = {}
    for (const language of LANGUAGES) {
      const text = fields.text(language, `${what} in ${language === 'en' ? 'English' : 'Chinese'}`)
      if (text !== undefined) out[language] = text
    }
    // Both left blank: not given.
    if (out.en === undefined && out.zh === undefined) {
      if (required) this.missing(name, expected)
      return undefined
    }
    return out
  }

  /** A list of texts (one text is a list of one). */
  texts(name: string, expected: string): string[] {
    const node = this.value(name)
    if (node === undefined) return []
    if (!isSeq(node)) {
      const one = this.text(name, expected)
      return one === undefined ? [] : [one]
    }
    const out: string[] = []
    for (const item of node.items) {
      const text = scalarText(this.file, item as Node)
      if (text === undefined || text.trim() === '')
        this.file.report(
          'error',
          item as Node,
          `${this.path}${name} has ${describe(item)}; expected ${expected}`,
        )
      else out.push(text.trim())
    }
    return out
  }

  /** A nested group of fields. */
  group(name: string, expected: string, required = false): Fields | undefined {
    const node = this.value(name)
    if (node === undefined) {
      if (required) this.missing(name, expected)
      return undefined
    }
    if (!isMap(node)) {
      this.wrong(name, expected)
      return undefined
    }
    return new Fields(this.file, node, `${this.path}${name}.`)
  }

  /** A list of groups of fields. */
  groups(name: string, expected: string): Fields[] {
    const node = this.value(name)
    if (node === undefined) return []
    if (!isSeq(node)) {
      this.wrong(name, `a list of ${expected}`)
      return []
    }
    const out: Fields[] = []
    node.items.forEach((item, i) => {
      if (isMap(item)) out.push(new Fields(this.file, item, `${this.path}${name}[${i + 1}].`))
      else
        this.file.report(
          'error',
          item as Node,
          `${this.path}${name}[${i + 1}] is ${describe(item)}; expected ${expected}`,
        )
    })
    return out
  }
}

/** A scalar's text as the editor wrote it (2022.10 stays "2022.10"); undefined for anything else. */
function scalarText(file: SourceFile, node: Node): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined
  if (typeof node.value === 'string') return node.value
  const range = node.range
  return range ? file.text.slice(range[0], range[1]) : String(node.value)
}
