// Precompiles JSON Schemas into plain TypeScript check functions (build time, so the mini program runs no
// generated code at run time: it only runs this file's output, which is ordinary source). Same keyword subset and
// semantics as miniprogram/core/json-schema.ts; the tests hold both to ajv.

import { ANNOTATIONS, SUPPORTED, resolvePointer, type JsonSchema } from '../../miniprogram/core/json-schema'

type Node = { [keyword: string]: unknown }
type Schema = JsonSchema

const TYPE_TEST: Record<string, (v: string) => string> = {
  string: (v) => `typeof ${v} === 'string'`,
  number: (v) => `(typeof ${v} === 'number' && Number.isFinite(${v}))`,
  integer: (v) => `(typeof ${v} === 'number' && Number.isInteger(${v}))`,
  boolean: (v) => `typeof ${v} === 'boolean'`,
  null: (v) => `${v} === null`,
  array: (v) => `isArray(${v})`,
  object: (v) => `(typeof ${v} === 'object' && ${v} !== null && !isArray(${v}))`,
}

class Generator {
  private readonly names = new Map<object, string>()
  private readonly functions: string[] = []
  private readonly constants: string[] = []
  private counter = 0

  constructor(private readonly roots: Record<string, Schema>) {}

  /** Scalar checks are inlined as expressions over `x` (calls cost the most where there is no JIT). */
  private inline(root: Schema, schema: Schema, x: string, depth = 0): string | undefined {
    if (schema === true) return 'true'
    if (schema === false || depth > 8) return undefined
    const keys = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k))
    if (!keys.every((k) => INLINE.has(k))) return undefined
    const terms: string[] = []
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]
      terms.push(`(${types.map((t) => (TYPE_TEST[t] ?? (() => 'false'))(x)).join(' || ')})`)
    }
    if (schema.$ref !== undefined) {
      const target = this.inline(root, resolvePointer(root, schema.$ref as string), x, depth + 1)
      if (target === undefined) return undefined
      terms.push(`(${target})`)
    }
    if (schema.enum !== undefined) {
      const values = schema.enum as unknown[]
      if (!values.every((v) => v === null || typeof v !== 'object')) return undefined
      terms.push(`(${values.map((v) => `${x} === ${JSON.stringify(v)}`).join(' || ')})`)
    }
    if ('const' in schema) {
      if (schema.const !== null && typeof schema.const === 'object') return undefined
      terms.push(`${x} === ${JSON.stringify(schema.const)}`)
    }
    // A key that is not one of the names that reach prototypes: a scalar "not" is a scalar test too.
    if (schema.not !== undefined) {
      const inner = this.inline(root, schema.not as Schema, x, depth + 1)
      if (inner === undefined) return undefined
      terms.push(`!(${inner})`)
    }
    const isString = schema.type === 'string'
    const str = (cond: string): number =>
      terms.push(isString ? `(${cond})` : `(typeof ${x} !== 'string' || ${cond})`)
    if (schema.minLength !== undefined)
      str(
        `${x}.length >= ${2 * (schema.minLength as number)} || codePoints(${x}) >= ${String(schema.minLength)}`,
      )
    if (schema.maxLength !== undefined)
      str(`${x}.length <= ${String(schema.maxLength)} || codePoints(${x}) <= ${String(schema.maxLength)}`)
    if (schema.pattern !== undefined) str(this.matches(schema.pattern as string, x))
    if (schema.format !== undefined) str(this.formatted(schema.format, x))
    if (schema.minimum !== undefined)
      terms.push(`(typeof ${x} !== 'number' || ${x} >= ${String(schema.minimum)})`)
    if (schema.maximum !== undefined)
      terms.push(`(typeof ${x} !== 'number' || ${x} <= ${String(schema.maximum)})`)
    return terms.length === 0 ? 'true' : terms.join(' && ')
  }

  /**
   * A boolean expression over `o`, an object already known to be one, for a schema of object keywords whose values
   * are scalar tests (`required`, `properties`, and `not`, `anyOf`, `if` of such): the conditions between fields
   * (an event's date status and its start, a feed item's body) run without a call. Undefined for anything more.
   */
  private objectExpression(root: Schema, schema: Schema, o: string, depth = 0): string | undefined {
    if (schema === true) return 'true'
    if (schema === false || depth > 8) return undefined
    const keys = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k))
    if (!keys.every((k) => OBJECT_INLINE.has(k))) return undefined
    if (schema.type !== undefined && schema.type !== 'object') return undefined
    const terms: string[] = []
    const sub = (s: unknown): string | undefined => this.objectExpression(root, s as Schema, o, depth + 1)
    const required = new Set((schema.required as string[] | undefined) ?? [])
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {}
    for (const key of required)
      if (!(key in properties)) terms.push(`${o}[${JSON.stringify(key)}] !== undefined`)
    for (const [key, value] of Object.entries(properties)) {
      const x = `${o}[${JSON.stringify(key)}]`
      const test = this.inline(root, value, x, depth + 1)
      if (test === undefined) return undefined
      terms.push(required.has(key) ? `(${x} !== undefined && ${test})` : `(${x} === undefined || ${test})`)
    }
    if (schema.$ref !== undefined) {
      const test = sub(resolvePointer(root, schema.$ref as string))
      if (test === undefined) return undefined
      terms.push(`(${test})`)
    }
    if (schema.not !== undefined) {
      const test = sub(schema.not)
      if (test === undefined) return undefined
      terms.push(`!(${test})`)
    }
    if (schema.anyOf !== undefined) {
      const tests = (schema.anyOf as Schema[]).map(sub)
      if (tests.some((t) => t === undefined)) return undefined
      terms.push(`(${tests.join(' || ')})`)
    }
    if (schema.if !== undefined) {
      const [condition, then, otherwise] = [schema.if, schema.then ?? true, schema.else ?? true].map(sub)
      if (condition === undefined || then === undefined || otherwise === undefined) return undefined
      terms.push(`(${condition} ? ${then} : ${otherwise})`)
    }
    return terms.length === 0 ? 'true' : terms.join(' && ')
  }

  private readonly regexes = new Map<string, string>()
  private sites = 0
  /** A test of `x` against a pattern. Each place that tests remembers (a bounded number of) strings that passed,
   * as content repeats its time zones, languages, durations and places from item to item. */
  private matches(source: string, x: string): string {
    let name = this.regexes.get(source)
    if (!name) {
      const flags = /[^\x20-\x7e]|\\p|\./.test(source) ? 'u' : ''
      name = this.constant(`new RegExp(${JSON.stringify(source)}, '${flags}')`)
      this.regexes.set(source, name)
    }
    const site = this.sites++
    const passed = `passed${site}`
    this.constants.push(`const ${passed} = new Set<string>()`)
    return this.remembering(
      x,
      `(${passed}.has(${x}) || (${name}.test(${x}) && remember(${passed}, ${x})))`,
      site,
    )
  }

  /** A test of `x` against a format; each place remembers the last value that passed (an event's "updated"). */
  private formatted(format: unknown, x: string): string {
    return this.remembering(x, `${formatCall(format, x)} !== undefined`, this.sites++)
  }

  /**
   * `condition` on the string `x`, skipped for the value that passed at this place last (the same language, time
   * zone or date, item after item): one comparison, no call. A value that failed is never remembered.
   */
  private remembering(x: string, condition: string, site: number): string {
    const last = `last${site}`
    this.constants.push(`let ${last}: string | undefined`)
    return `(${x} === ${last} || (${condition} && ((${last} = ${x}), true)))`
  }

  /** A boolean expression: `x` is valid against `schema`. */
  private test(root: Schema, schema: Schema, x: string): string {
    return this.tentatively(() => this.inline(root, schema, x)) ?? `${this.fn(root, schema)}(${x})`
  }

  /** What `attempt` makes, or undefined with the constants it declared on the way taken back. */
  private tentatively(attempt: () => string | undefined): string | undefined {
    const [constants, sites, regexes] = [this.constants.length, this.sites, new Map(this.regexes)]
    const made = attempt()
    if (made === undefined) {
      this.constants.length = constants
      this.sites = sites
      this.regexes.clear()
      for (const [source, name] of regexes) this.regexes.set(source, name)
    }
    return made
  }

  fn(root: Schema, schema: Schema): string {
    if (schema === true) return 'pass'
    if (schema === false) return 'fail'
    // A node that only refers to another is that other node: no wrapper function to call through.
    const keys = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k))
    if (keys.length === 1 && typeof schema.$ref === 'string')
      return this.fn(root, resolvePointer(root, schema.$ref))
    const known = this.names.get(schema)
    if (known) return known
    const name = `c${this.counter++}`
    this.names.set(schema, name)
    this.functions.push(this.body(root, schema, name))
    return name
  }

  private constant(code: string): string {
    const name = `k${this.constants.length}`
    this.constants.push(`const ${name} = ${code}`)
    return name
  }

  /** The checks of an object's keywords (required, properties, additionalProperties, propertyNames, minProperties). */
  private objectChecks(root: Schema, node: Node): string[] {
    const objectKeywords = [
      'required',
      'properties',
      'additionalProperties',
      'propertyNames',
      'minProperties',
    ].filter((k) => k in node)
    if (objectKeywords.length === 0) return []
    const lines: string[] = []
    // With "type": "object" checked above, the guard is already known to hold.
    lines.push(
      node.type === 'object' ? '  {' : `  if (typeof v === 'object' && v !== null && !isArray(v)) {`,
      `    const o = v as Record<string, unknown>`,
    )
    // JSON has no undefined values, so "present" is "not undefined": one property read instead of an `in` and
    // a read (the `in` is a call of its own where there is no JIT).
    const required = new Set((node.required as string[] | undefined) ?? [])
    const properties = Object.entries((node.properties as Record<string, Schema> | undefined) ?? {})
    for (const key of required)
      if (!properties.some(([k]) => k === key))
        lines.push(`    if (o[${JSON.stringify(key)}] === undefined) return false`)
    if (properties.length > 0) lines.push('    let x: unknown')
    for (const [key, schema] of properties) {
      const read = `    x = o[${JSON.stringify(key)}]`
      const inPlace = this.inPlace(root, schema)
      if (inPlace) {
        lines.push(read)
        if (required.has(key))
          lines.push('    if (x === undefined) return false', '    {', ...inPlace, '    }')
        else lines.push('    if (x !== undefined) {', ...inPlace, '    }')
        continue
      }
      const check = this.test(root, schema, 'x')
      if (required.has(key))
        lines.push(
          read,
          check === 'true'
            ? '    if (x === undefined) return false'
            : `    if (x === undefined || !(${check})) return false`,
        )
      else if (check !== 'true') lines.push(read, `    if (x !== undefined && !(${check})) return false`)
    }
    lines.push(
      ...this.keyChecks(
        root,
        node,
        'o',
        properties.map(([k]) => k),
        '    ',
      ),
    )
    lines.push('  }')
    return lines
  }

  /**
   * additionalProperties, propertyNames and minProperties of the object `o`, in one pass over its keys (a for-in is
   * dear without a JIT); `known` are the keys its properties check.
   */
  private keyChecks(root: Schema, node: Node, o: string, known: string[], indent: string): string[] {
    const lines: string[] = []
    const extra = node.additionalProperties
    const checksExtra = extra !== undefined && extra !== true
    if (checksExtra || node.propertyNames !== undefined) {
      lines.push(`${indent}for (const key in ${o}) {`)
      if (checksExtra) {
        const check = this.test(root, extra as Schema, 'e')
        const knownSet = known.length > 0 ? this.constant(`new Set(${JSON.stringify(known)})`) : undefined
        lines.push(
          `${indent}  const e = ${o}[key]`,
          `${indent}  if (${knownSet ? `!${knownSet}.has(key) && ` : ''}!(${check})) return false`,
        )
      }
      if (node.propertyNames !== undefined)
        lines.push(`${indent}  if (!(${this.test(root, node.propertyNames as Schema, 'key')})) return false`)
      lines.push(`${indent}}`)
    }
    if (node.minProperties !== undefined)
      lines.push(`${indent}if (Object.keys(${o}).length < ${String(node.minProperties)}) return false`)
    return lines
  }

  /**
   * A property's map (an object checked only by additionalProperties, propertyNames, minProperties: keywords,
   * places, translations) or list (an array checked by items, minItems: tags, related events) checked in place,
   * without a call: statements over `x`, or undefined for other schemas.
   */
  private inPlace(root: Schema, schema: Schema): string[] | undefined {
    if (typeof schema !== 'object') return undefined
    const keys = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k))
    if (keys.length === 1 && typeof schema.$ref === 'string')
      return this.inPlace(root, resolvePointer(root, schema.$ref))
    if (schema.type === 'object' && keys.every((k) => MAP_KEYWORDS.has(k)))
      return [
        `      if (!(${TYPE_TEST.object?.('x') ?? 'false'})) return false`,
        '      const m = x as Record<string, unknown>',
        ...this.keyChecks(root, schema, 'm', [], '      '),
      ]
    if (schema.type === 'array' && keys.every((k) => LIST_KEYWORDS.has(k)))
      return ['      if (!isArray(x)) return false', ...this.itemChecks(root, schema, 'x', '      ')]
    return undefined
  }

  /** The checks of an array's keywords (items, minItems). */
  private arrayChecks(root: Schema, node: Node): string[] {
    if (node.items === undefined && node.minItems === undefined) return []
    return [
      node.type === 'array' ? '  {' : '  if (isArray(v)) {',
      ...this.itemChecks(root, node, 'v', '    '),
      '  }',
    ]
  }

  /** minItems and items of the array `v`. */
  private itemChecks(root: Schema, node: Node, v: string, indent: string): string[] {
    const lines = [`${indent}const a = ${v} as unknown[]`]
    if (node.minItems !== undefined)
      lines.push(`${indent}if (a.length < ${String(node.minItems)}) return false`)
    if (node.items !== undefined) {
      lines.push(
        `${indent}for (let i = 0; i < a.length; i++) {`,
        `${indent}  const e: unknown = a[i]`,
        `${indent}  if (!(${this.test(root, node.items as Schema, 'e')})) return false`,
        `${indent}}`,
      )
    }
    return lines
  }

  private body(root: Schema, node: Node, name: string): string {
    for (const keyword of Object.keys(node)) {
      if (!ANNOTATIONS.has(keyword) && !SUPPORTED.has(keyword))
        throw new Error(`unsupported JSON Schema keyword: ${keyword}`)
    }
    const lines: string[] = []
    const fail = (condition: string): number => lines.push(`  if (${condition}) return false`)
    if (node.type !== undefined) {
      const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string]
      fail(`!(${types.map((t) => (TYPE_TEST[t] ?? (() => 'false'))('v')).join(' || ')})`)
    }
    if (node.enum !== undefined) {
      const values = node.enum as unknown[]
      if (values.every((x) => x === null || typeof x !== 'object'))
        fail(values.map((x) => `v !== ${JSON.stringify(x)}`).join(' && '))
      else
        fail(
          `!${this.constant(JSON.stringify(values.map((x) => JSON.stringify(x))))}.includes(JSON.stringify(v))`,
        )
    }
    if ('const' in node) {
      const c = node.const
      fail(
        c === null || typeof c !== 'object'
          ? `v !== ${JSON.stringify(c)}`
          : `JSON.stringify(v) !== ${JSON.stringify(JSON.stringify(c))}`,
      )
    }
    if (node.$ref !== undefined) fail(`!${this.fn(root, resolvePointer(root, node.$ref as string))}(v)`)
    if (node.minLength !== undefined)
      fail(
        `typeof v === 'string' && v.length < ${2 * (node.minLength as number)} && codePoints(v) < ${String(node.minLength)}`,
      )
    if (node.maxLength !== undefined)
      fail(
        `typeof v === 'string' && v.length > ${String(node.maxLength)} && codePoints(v) > ${String(node.maxLength)}`,
      )
    if (node.pattern !== undefined)
      fail(`typeof v === 'string' && !${this.matches(node.pattern as string, 'v')}`)
    if (node.format !== undefined)
      fail(`typeof v === 'string' && ${formatCall(node.format, 'v')} === undefined`)
    if (node.minimum !== undefined) fail(`typeof v === 'number' && v < ${String(node.minimum)}`)
    if (node.maximum !== undefined) fail(`typeof v === 'number' && v > ${String(node.maximum)}`)
    lines.push(...this.objectChecks(root, node), ...this.arrayChecks(root, node))
    // On an object, conditions between its fields are expressions over it (no call per event or item).
    const between =
      node.type === 'object'
        ? this.tentatively(() => this.objectExpression(root, combinators(node), 'o'))
        : undefined
    if (between !== undefined) {
      if (between !== 'true')
        lines.push(
          '  {',
          '    const o = v as Record<string, unknown>',
          `    if (!(${between})) return false`,
          '  }',
        )
    } else {
      lines.push(...this.combinatorCalls(root, node))
    }
    return `function ${name}(v: unknown): boolean {\n${lines.join('\n')}\n  return true\n}`
  }

  /** anyOf, not and if/then/else as calls of the subschemas' functions. */
  private combinatorCalls(root: Schema, node: Node): string[] {
    const lines: string[] = []
    const fail = (condition: string): number => lines.push(`  if (${condition}) return false`)
    if (node.anyOf !== undefined)
      fail(`!(${(node.anyOf as Schema[]).map((s) => `${this.fn(root, s)}(v)`).join(' || ')})`)
    if (node.not !== undefined) fail(`${this.fn(root, node.not as Schema)}(v)`)
    if (node.if !== undefined) {
      const condition = this.fn(root, node.if as Schema)
      const then = node.then === undefined ? 'pass' : this.fn(root, node.then as Schema)
      const otherwise = node.else === undefined ? 'pass' : this.fn(root, node.else as Schema)
      fail(`${condition}(v) ? !${then}(v) : !${otherwise}(v)`)
    }
    return lines
  }

  source(entries: Record<string, [string, string]>): string {
    const exports = Object.entries(entries).map(([exportName, [schema, pointer]]) => {
      const root = this.roots[schema]
      if (root === undefined) throw new Error(`no schema ${schema}`)
      return `  ${exportName}: ${this.fn(root, resolvePointer(root, pointer))},`
    })
    return [
      "import { parseDuration, parseLocalDateTime, parseRfc3339 } from '../core/format'",
      '',
      '// A local name: one read fewer than Array.isArray on each call, where there is no JIT.',
      'const isArray = Array.isArray',
      'const pass = (_v: unknown): boolean => true',
      'const fail = (_v: unknown): boolean => false',
      'function codePoints(text: string): number {',
      '  let n = text.length',
      '  for (let i = 0; i < text.length; i++) {',
      '    const c = text.charCodeAt(i)',
      '    if (c >= 0xd800 && c <= 0xdbff) n--',
      '  }',
      '  return n',
      '}',
      '/** Remembers a string that passed a pattern; a site that sees many different strings stops remembering. */',
      'function remember(passed: Set<string>, text: string): true {',
      '  if (passed.size < 64) passed.add(text)',
      '  return true',
      '}',
      'void remember',
      'void pass',
      'void fail',
      'void codePoints',
      'void parseRfc3339',
      'void parseLocalDateTime',
      ...this.constants,
      '',
      ...this.functions,
      '',
      '/** Strict checks of the content schemas, precompiled from content/schema/. */',
      'export const CHECKS = {',
      ...exports,
      '}',
      '',
    ].join('\n')
  }
}

const FORMAT_PARSERS: Record<string, string> = {
  'date-time': 'parseRfc3339',
  'local-date-time': 'parseLocalDateTime',
  duration: 'parseDuration',
}

function formatCall(format: unknown, x: string): string {
  const parser = FORMAT_PARSERS[String(format)]
  if (!parser) throw new Error(`unsupported format: ${String(format)}`)
  return `${parser}(${x})`
}

/** The combinators of a node (anyOf, not, if/then/else) as a schema of their own. */
function combinators(node: Node): Schema {
  const out: Node = {}
  for (const key of ['anyOf', 'not', 'if', 'then', 'else']) if (key in node) out[key] = node[key]
  return out as Schema
}

const MAP_KEYWORDS = new Set(['type', 'additionalProperties', 'propertyNames', 'minProperties'])
const LIST_KEYWORDS = new Set(['type', 'items', 'minItems'])

const OBJECT_INLINE = new Set([
  'type',
  'required',
  'properties',
  '$ref',
  'not',
  'anyOf',
  'if',
  'then',
  'else',
])

const INLINE = new Set([
  'not',
  'type',
  'enum',
  'const',
  '$ref',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
])

/** TypeScript source exporting CHECKS: one strict check function per entry (schema name and JSON Pointer). */
export function generateChecks(
  roots: Record<string, Schema>,
  entries: Record<string, [string, string]>,
): string {
  return new Generator(roots).source(entries)
}
