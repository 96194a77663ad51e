// An eval-free interpreter of the JSON Schema (2020-12) keywords our content schemas use, so the app checks
// content against the very schemas the editors' validator uses (content/schema/, via miniprogram/generated/).
// Schemas are turned once into trees of closures (no code generation: the mini program runtime forbids it).
// An unsupported keyword fails at compile time, so a schema can never be half-understood.
//
// Two uses:
//   compileCheck(root, pointer)  a strict boolean check (tested against ajv as the reference);
//   compilePrune(root, pointer)  what the app reads: a copy with every invalid optional part left out, or
//                                INVALID when a required part is bad. Unknown properties are not copied.

import { isRecord, parseDuration, parseLocalDateTime, parseRfc3339 } from './format'

export type JsonSchema = boolean | { [keyword: string]: unknown }
export type Check = (value: unknown) => boolean
export const INVALID: unique symbol = Symbol('invalid')
export type Prune = (value: unknown, stats: PruneStats) => unknown

export interface PruneStats {
  /** Invalid optional parts left out (properties, array elements, map entries). */
  pruned: number
}

/** Keywords that describe and never constrain. */
export const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'examples',
  'default',
  '$defs',
])
/** The keywords our schemas may use: the interpreter and the code generator implement exactly these. */
export const SUPPORTED = new Set([
  'type',
  'enum',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'propertyNames',
  'items',
  'minItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'minProperties',
  '$ref',
  'anyOf',
  'if',
  'then',
  'else',
  'not',
])

type Node = { [keyword: string]: unknown }

/** Resolves a local JSON Pointer such as `#/$defs/item`. */
export function resolvePointer(root: JsonSchema, pointer: string): JsonSchema {
  if (pointer === '#' || pointer === '') return root
  if (!pointer.startsWith('#/')) throw new Error(`only local $ref is supported: ${pointer}`)
  let node: unknown = root
  for (const raw of pointer.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    node = isRecord(node) ? node[key] : undefined
  }
  if (typeof node !== 'boolean' && !isRecord(node)) throw new Error(`$ref ${pointer} does not resolve`)
  return node
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    default:
      return typeOf(value) === type
  }
}

/** Length in code points, as JSON Schema counts it. */
function codePoints(text: string): number {
  let n = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) n--
  }
  return n
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The formats our schemas use; the editors' validator registers the same functions with ajv. */
export const FORMATS: Record<string, (text: string) => boolean> = {
  'date-time': (text) => parseRfc3339(text) !== undefined,
  'local-date-time': (text) => parseLocalDateTime(text) !== undefined,
  duration: (text) => parseDuration(text) !== undefined,
}

class Compiler {
  private readonly checks = new Map<object, Check>()

  constructor(private readonly root: JsonSchema) {}

  check(schema: JsonSchema): Check {
    if (schema === true) return () => true
    if (schema === false) return () => false
    const known = this.checks.get(schema)
    if (known) return known
    // Placeholder for recursive references; replaced below.
    let compiled: Check = () => true
    const forward: Check = (value) => compiled(value)
    this.checks.set(schema, forward)
    compiled = this.compileNode(schema)
    return compiled
  }

  private compileNode(node: Node): Check {
    for (const keyword of Object.keys(node)) {
      if (!SUPPORTED.has(keyword) && !ANNOTATIONS.has(keyword))
        throw new Error(`unsupported JSON Schema keyword: ${keyword}`)
    }
    const parts: Check[] = []
    const { type } = node
    if (type !== undefined) {
      const types = Array.isArray(type) ? (type as string[]) : [type as string]
      parts.push(
        types.length === 1 ? (v) => hasType(v, types[0] ?? '') : (v) => types.some((t) => hasType(v, t)),
      )
    }
    if (node.enum !== undefined) {
      const allowed = node.enum as unknown[]
      parts.push((v) => allowed.some((a) => jsonEqual(a, v)))
    }
    if ('const' in node) {
      const expected = node.const
      parts.push((v) => jsonEqual(expected, v))
    }
    if (node.$ref !== undefined) parts.push(this.check(resolvePointer(this.root, node.$ref as string)))
    this.addStringKeywords(node, parts)
    this.addNumberKeywords(node, parts)
    this.addObjectKeywords(node, parts)
    this.addArrayKeywords(node, parts)
    if (node.anyOf !== undefined) {
      const options = (node.anyOf as JsonSchema[]).map((s) => this.check(s))
      parts.push((v) => options.some((c) => c(v)))
    }
    if (node.not !== undefined) {
      const inner = this.check(node.not as JsonSchema)
      parts.push((v) => !inner(v))
    }
    if (node.if !== undefined) {
      const condition = this.check(node.if as JsonSchema)
      const then = node.then === undefined ? undefined : this.check(node.then as JsonSchema)
      const otherwise = node.else === undefined ? undefined : this.check(node.else as JsonSchema)
      parts.push((v) => (condition(v) ? (then ? then(v) : true) : otherwise ? otherwise(v) : true))
    }
    if (parts.length === 0) return () => true
    if (parts.length === 1) return parts[0] as Check
    return (v) => {
      for (let i = 0; i < parts.length; i++) if (!(parts[i] as Check)(v)) return false
      return true
    }
  }

  private addStringKeywords(node: Node, parts: Check[]): void {
    const { minLength, maxLength, pattern, format } = node
    if (minLength !== undefined) {
      const min = minLength as number
      parts.push((v) => typeof v !== 'string' || v.length >= min * 2 || codePoints(v) >= min)
    }
    if (maxLength !== undefined) {
      const max = maxLength as number
      parts.push((v) => typeof v !== 'string' || v.length <= max || codePoints(v) <= max)
    }
    if (pattern !== undefined) {
      const regex = new RegExp(pattern as string, 'u')
      parts.push((v) => typeof v !== 'string' || regex.test(v))
    }
    if (format !== undefined) {
      const test = FORMATS[format as string]
      if (!test) throw new Error(`unsupported format: ${String(format)}`)
      parts.push((v) => typeof v !== 'string' || test(v))
    }
  }

  private addNumberKeywords(node: Node, parts: Check[]): void {
    const { minimum, maximum } = node
    if (minimum !== undefined) parts.push((v) => typeof v !== 'number' || v >= (minimum as number))
    if (maximum !== undefined) parts.push((v) => typeof v !== 'number' || v <= (maximum as number))
  }

  private addObjectKeywords(node: Node, parts: Check[]): void {
    const { required, properties, additionalProperties, propertyNames, minProperties } = node
    if (required !== undefined) {
      const keys = required as string[]
      parts.push((v) => !isRecord(v) || keys.every((k) => k in v))
    }
    const declared = properties === undefined ? [] : Object.entries(properties as Record<string, JsonSchema>)
    const propertyChecks = declared.map(([key, schema]) => [key, this.check(schema)] as const)
    if (propertyChecks.length > 0) {
      parts.push((v) => {
        if (!isRecord(v)) return true
        for (const [key, check] of propertyChecks) if (key in v && !check(v[key])) return false
        return true
      })
    }
    if (additionalProperties !== undefined && additionalProperties !== true) {
      const known = new Set(declared.map(([key]) => key))
      const extra = this.check(additionalProperties as JsonSchema)
      parts.push((v) => {
        if (!isRecord(v)) return true
        for (const key in v) if (!known.has(key) && !extra(v[key])) return false
        return true
      })
    }
    if (propertyNames !== undefined) {
      const name = this.check(propertyNames as JsonSchema)
      parts.push((v) => !isRecord(v) || Object.keys(v).every((k) => name(k)))
    }
    if (minProperties !== undefined) {
      parts.push((v) => !isRecord(v) || Object.keys(v).length >= (minProperties as number))
    }
  }

  private addArrayKeywords(node: Node, parts: Check[]): void {
    const { items, minItems } = node
    if (items !== undefined) {
      const item = this.check(items as JsonSchema)
      parts.push((v) => !Array.isArray(v) || v.every((e) => item(e)))
    }
    if (minItems !== undefined) parts.push((v) => !Array.isArray(v) || v.length >= (minItems as number))
  }
}

const compilers = new WeakMap<object, Compiler>()
function compilerFor(root: JsonSchema): Compiler {
  if (typeof root === 'boolean') return new Compiler(root)
  let compiler = compilers.get(root)
  if (!compiler) {
    compiler = new Compiler(root)
    compilers.set(root, compiler)
  }
  return compiler
}

/** A strict check of a value against the schema at `pointer` (default: the root). */
export function compileCheck(root: JsonSchema, pointer = '#'): Check {
  return compilerFor(root).check(resolvePointer(root, pointer))
}

/** Follows $ref chains to the node that describes the value's shape. */
function shapeOf(root: JsonSchema, schema: JsonSchema): JsonSchema {
  let node = schema
  for (
    let i = 0;
    i < 16 &&
    isRecord(node) &&
    typeof node.$ref === 'string' &&
    Object.keys(node).every((k) => k === '$ref' || ANNOTATIONS.has(k));
    i++
  ) {
    node = resolvePointer(root, node.$ref)
  }
  return node
}

const isMap = (node: Node): boolean => isRecord(node.additionalProperties)

// Only plain object and array shapes are pruned part by part; anything else (a string-or-map, say) is checked whole.
function isContainer(node: Node): boolean {
  return node.type === 'object' || (node.type === undefined && node.properties !== undefined)
    ? node.properties !== undefined || isMap(node)
    : node.type === 'array' && node.items !== undefined
}

/** An array's reader: each element read (an invalid one left out and counted), then the array's own rules. */
function arrayPruner(element: Prune, rest: (value: unknown) => boolean): Prune {
  return (value, stats) => {
    if (!Array.isArray(value)) return INVALID
    const out: unknown[] = []
    for (let i = 0; i < value.length; i++) {
      const kept = element(value[i], stats)
      if (kept === INVALID) stats.pruned++
      else out.push(kept)
    }
    return rest(out) ? out : INVALID
  }
}

/** What an object's reader is made of (compilePrune's pruneObject works them out once per schema). */
interface ObjectParts {
  keys: string[]
  readers: Prune[]
  isRequired: boolean[]
  extraPrune: Prune | undefined
  keepUnknown: boolean
  names: ((value: unknown) => boolean) | undefined
  declared: Set<string>
  skip: string[]
  objectLevel: (value: unknown) => boolean
  typeCheck: ((value: unknown) => boolean) | undefined
}

/**
 * An object's reader: its declared properties read (an invalid optional one left out and counted, an invalid
 * required one invalidates the object), then its map entries, then the object's own rules.
 */
function objectPruner({
  keys,
  readers,
  isRequired,
  extraPrune,
  keepUnknown,
  names,
  declared,
  skip,
  objectLevel,
  typeCheck,
}: ObjectParts): Prune {
  return (value, stats) => {
    if (!isRecord(value) || (typeCheck && !typeCheck(value))) return INVALID
    const out: Record<string, unknown> = {}
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      const raw = value[key]
      // JSON has no undefined values: undefined means absent.
      if (raw === undefined) continue
      const kept = (readers[i] as Prune)(raw, stats)
      if (kept !== INVALID) out[key] = kept
      else if (isRequired[i]) return INVALID
      else stats.pruned++
    }
    if (extraPrune || keepUnknown || names) {
      for (const key in value) {
        if (declared.has(key) || skip.includes(key)) continue
        // Assigned to a plain object, "__proto__" would replace its prototype: such a key is never copied.
        if ((names && !names(key)) || key === '__proto__') {
          stats.pruned++
          continue
        }
        if (keepUnknown) out[key] = value[key]
        else if (extraPrune) {
          const kept = extraPrune(value[key], stats)
          if (kept === INVALID) stats.pruned++
          else out[key] = kept
        }
      }
    }
    for (const key of skip) if (key in value) out[key] = value[key]
    return objectLevel(out) ? out : INVALID
  }
}

const OBJECT_LEVEL = ['required', 'anyOf', 'if', 'then', 'else', 'not', 'minProperties']

/**
 * Compiles a pruning reader: objects keep only their declared properties that are valid (and the valid entries of
 * maps and arrays), recursively; a missing or invalid required part makes the whole value INVALID.
 */
export function compilePrune(
  root: JsonSchema,
  pointer = '#',
  options: {
    /** Top-level properties to pass through unread (the caller reads them, item by item). */
    skip?: string[]
    /** Do not apply the top-level required/anyOf/if rules (the app reads a feed without a title, say). */
    lenientTop?: boolean
  } = {},
): Prune {
  const compiler = compilerFor(root)
  const cache = new Map<object, Prune>()

  const prune = (schema: JsonSchema, skip: string[] = [], lenient = false): Prune => {
    const node = shapeOf(root, schema)
    if (typeof node === 'boolean' || !isContainer(node)) {
      const check = compiler.check(node)
      return (value) => (check(value) ? value : INVALID)
    }
    const plain = skip.length === 0 && !lenient
    const known = plain ? cache.get(node) : undefined
    if (known) return known
    let compiled: Prune = () => INVALID
    const forward: Prune = (value, stats) => compiled(value, stats)
    if (plain) cache.set(node, forward)
    compiled = node.items !== undefined ? pruneArray(node) : pruneObject(node, skip, lenient)
    return compiled
  }

  const pruneArray = (node: Node): Prune => {
    const element = prune(node.items as JsonSchema)
    const rest = compiler.check(withOnly(node, ['minItems']))
    return arrayPruner(element, rest)
  }

  const pruneObject = (node: Node, skip: string[], lenient: boolean): Prune => {
    const required = new Set(lenient ? [] : ((node.required as string[] | undefined) ?? []))
    // Parallel arrays and an index loop: iterating tuples costs much more where there is no JIT.
    const entries = Object.entries((node.properties as Record<string, JsonSchema> | undefined) ?? {}).filter(
      ([key]) => !skip.includes(key),
    )
    const keys = entries.map(([key]) => key)
    const extra = node.additionalProperties
    return objectPruner({
      keys,
      readers: entries.map(([, schema]) => prune(schema)),
      isRequired: keys.map((key) => required.has(key)),
      extraPrune: isRecord(extra) ? prune(extra) : undefined,
      keepUnknown: extra === true,
      names: node.propertyNames === undefined ? undefined : compiler.check(node.propertyNames as JsonSchema),
      declared: new Set(Object.keys((node.properties as object | undefined) ?? {})),
      skip,
      objectLevel: lenient ? () => true : compiler.check(withOnly(node, OBJECT_LEVEL)),
      typeCheck: node.type === undefined ? undefined : compiler.check({ type: node.type }),
    })
  }

  return prune(resolvePointer(root, pointer), options.skip, options.lenientTop)
}

function withOnly(node: Node, keywords: string[]): Node {
  const out: Node = {}
  for (const k of keywords) if (k in node) out[k] = node[k]
  return out
}
