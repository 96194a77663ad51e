// JSON Schema checks of the three document kinds, with each schema error turned into one readable line.

import Ajv2020, { type ErrorObject } from 'ajv/dist/2020'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FORMATS, compileCheck, type JsonSchema } from '../../miniprogram/core/json-schema'
import { describeValue, isRecord } from './json-doc'

export type DocKind = 'feed' | 'events' | 'office'

export interface SchemaProblem {
  pointer: string
  message: string
}

const SCHEMA_DIR = join(__dirname, '..', '..', 'content', 'schema')

export const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true })
// The app's own format rules (RFC 3339 with a real date and an hh:mm offset, not ajv-formats' looser one).
for (const [name, test] of Object.entries(FORMATS)) ajv.addFormat(name, test)

const schemas = Object.fromEntries(
  (['feed', 'events', 'office'] as const).map((kind) => [
    kind,
    JSON.parse(readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8')) as object,
  ]),
) as Record<DocKind, object>

export const validators = Object.fromEntries(
  (['feed', 'events', 'office'] as const).map((kind) => [kind, ajv.compile(schemas[kind])]),
) as Record<DocKind, ReturnType<typeof ajv.compile>>

/** Which kind of document this is, from its own marks (JSON Feed version, JSCalendar @type, schema.org @type). */
export function detectKind(value: unknown): DocKind | undefined {
  if (!isRecord(value)) return undefined
  if (typeof value.version === 'string' && /jsonfeed\.org/.test(value.version)) return 'feed'
  if (value['@type'] === 'Group' || value['@type'] === 'Event') return 'events'
  if ('@context' in value || ('_bcecc' in value && 'identifier' in value)) return 'office'
  if ('items' in value) return 'feed'
  return undefined
}

/**
 * The parts a document is checked in: ajv with allErrors joins the errors of each $ref'd part to those before it by
 * copying (Array.prototype.concat), which is quadratic in the number of errors of one call. So a feed's items and a
 * group's entries are checked one by one (each part's errors start afresh), and a part holding more than
 * MAX_PART_VALUES values is checked by the app's own linear checker, in one line: time stays linear in the input.
 */
const PARTS: Record<DocKind, { list: string; pointer: string } | undefined> = {
  feed: { list: 'items', pointer: '#/$defs/item' },
  events: { list: 'entries', pointer: '#/$defs/event' },
  office: undefined,
}
export const MAX_PART_VALUES = 5000

/** Ajv's validator of the schema at `pointer` ("#": the whole document). */
function ajvValidator(kind: DocKind, pointer: string): ReturnType<typeof ajv.compile> {
  if (pointer === '#') return validators[kind]
  const id = (schemas[kind] as { $id: string }).$id
  const validate = ajv.getSchema(`${id}${pointer}`)
  if (!validate) throw new Error(`no schema at ${id}${pointer}`)
  return validate
}

/** How many JSON values `value` holds, counting up to `limit` (then it stops: linear however large the value). */
export function countValues(value: unknown, limit: number): number {
  let count = 0
  const pending: unknown[] = [value]
  while (pending.length > 0 && count <= limit) {
    const next = pending.pop()
    count++
    if (Array.isArray(next))
      for (let i = 0; i < next.length && pending.length <= limit; i++) pending.push(next[i])
    else if (isRecord(next)) for (const key in next) if (pending.length <= limit) pending.push(next[key])
  }
  return count
}

export function checkSchema(kind: DocKind, value: unknown): SchemaProblem[] {
  const part = PARTS[kind]
  const list = part && isRecord(value) ? value[part.list] : undefined
  if (!part || !isRecord(value) || !Array.isArray(list) || (kind === 'events' && value['@type'] !== 'Group'))
    return checkPart(kind, '#', value, '')
  const problems = checkPart(kind, '#', { ...value, [part.list]: [] }, '')
  for (let i = 0; i < list.length; i++)
    problems.push(...checkPart(kind, part.pointer, list[i], `/${part.list}/${i}`))
  return problems
}

function checkPart(kind: DocKind, pointer: string, value: unknown, at: string): SchemaProblem[] {
  // Counted first: on a huge invalid part, ajv itself is what would take quadratic time. The app's own checker
  // (linear, held to ajv by the tests) decides then, without a list of the problems.
  if (countValues(value, MAX_PART_VALUES) > MAX_PART_VALUES) {
    return compileCheck(schemas[kind] as JsonSchema, pointer)(value)
      ? []
      : [
          {
            pointer: at,
            message: `does not match the format, and holds more than ${MAX_PART_VALUES} values, too many to list its problems one by one; expected a smaller part`,
          },
        ]
  }
  const validate = ajvValidator(kind, pointer)
  if (validate(value)) return []
  const problems = explain(validate.errors ?? [])
  if (at) for (const p of problems) p.pointer = at + p.pointer
  return problems
}

/** The schema paths of the anyOf keywords an error sits inside ("#/$defs/item/anyOf" for ".../anyOf/0/required"). */
function anyOfPrefixes(schemaPath: string): string[] {
  const out: string[] = []
  for (let i = schemaPath.indexOf('/anyOf/'); i >= 0; i = schemaPath.indexOf('/anyOf/', i + 1))
    out.push(schemaPath.slice(0, i + '/anyOf'.length))
  return out
}

/** An instance path and each of its ancestors ("/items/3" → "/items/3", "/items", ""). */
function instanceAncestors(path: string): string[] {
  const out = [path]
  for (let i = path.lastIndexOf('/'); i >= 0; i = path.lastIndexOf('/', i - 1)) {
    out.push(path.slice(0, i))
    if (i === 0) break
  }
  return out
}

const anyOfKey = (schemaPath: string, instancePath: string): string => `${schemaPath}\n${instancePath}`
const keyOf = (error: ErrorObject): string | undefined =>
  (error.params as { propertyName?: string }).propertyName ??
  (error as { propertyName?: string }).propertyName

/** Ajv's errors as one line each. Linear in the number of errors: related errors are found through maps. */
function explain(errors: ErrorObject[]): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  const seen = new Set<string>()
  const add = (problem: SchemaProblem): void => {
    const key = `${problem.pointer}\n${problem.message}`
    if (!seen.has(key)) problems.push(problem)
    seen.add(key)
  }
  // Errors raised inside an anyOf are summarised by the anyOf itself (the one at the same or an outer instance).
  const anyOfPaths = new Set<string>()
  const inner = new Map<string, ErrorObject[]>()
  for (const error of errors) {
    if (error.keyword !== 'anyOf') continue
    anyOfPaths.add(error.schemaPath)
    inner.set(anyOfKey(error.schemaPath, error.instancePath), [])
  }
  const insideAnyOf = new Set<ErrorObject>()
  for (const error of errors) {
    for (const prefix of anyOfPrefixes(error.schemaPath)) {
      if (!anyOfPaths.has(prefix)) continue
      insideAnyOf.add(error)
      for (const at of instanceAncestors(error.instancePath)) inner.get(anyOfKey(prefix, at))?.push(error)
    }
  }
  // What a bad key was expected to be: the description of the schema it failed.
  const keyExpected = new Map<string, string>()
  for (const error of errors) {
    const key = keyOf(error)
    const description = isRecord(error.parentSchema) ? error.parentSchema.description : undefined
    if (error.keyword !== 'propertyNames' && key !== undefined && typeof description === 'string')
      keyExpected.set(`${error.instancePath}\n${key}`, description)
  }
  for (const error of errors) {
    if (error.keyword === 'if' || insideAnyOf.has(error)) continue
    // A bad key is reported once, by propertyNames, at the key itself.
    if (error.keyword === 'propertyNames') {
      const key = String((error.params as { propertyName?: unknown }).propertyName)
      add({
        pointer: pointerOf(error.instancePath, key),
        message: `is not an allowed key here; expected ${keyExpected.get(`${error.instancePath}\n${key}`) ?? 'another key'}`,
      })
      continue
    }
    if (keyOf(error) !== undefined) continue
    add(explainOne(error, inner.get(anyOfKey(error.schemaPath, error.instancePath)) ?? []))
  }
  return problems
}

/** An instance path with one more segment, escaped as JSON Pointer asks. */
function pointerOf(instancePath: string, key: string): string {
  return `${instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
}

function expected(error: ErrorObject, fallback: string): string {
  const description = isRecord(error.parentSchema) ? error.parentSchema.description : undefined
  return typeof description === 'string' ? description : fallback
}

/** One error as a line; `inner` holds the errors inside it when it is an anyOf. */
function explainOne(error: ErrorObject, inner: ErrorObject[]): SchemaProblem {
  const at = error.instancePath
  const got = describeValue(error.data)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return {
        pointer: pointerOf(at, String(params.missingProperty)),
        message: 'is missing; it is required here',
      }
    case 'type':
      return { pointer: at, message: `is ${got}; expected ${String(params.type).replace(',', ' or ')}` }
    case 'enum':
      return {
        pointer: at,
        message: `is ${got}; expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      }
    case 'const':
      return { pointer: at, message: `is ${got}; expected ${JSON.stringify(params.allowedValue)}` }
    case 'pattern':
    case 'format':
      return {
        pointer: at,
        message: `is ${got}; expected ${expected(error, `a ${String(params.format ?? 'valid')} value`)}`,
      }
    case 'minLength':
      return { pointer: at, message: `is ${got}; expected at least ${String(params.limit)} character(s)` }
    case 'maxLength':
      return { pointer: at, message: `is too long; expected at most ${String(params.limit)} characters` }
    case 'minimum':
    case 'maximum':
      return {
        pointer: at,
        message: `is ${got}; expected a number ${String(params.comparison)} ${String(params.limit)}`,
      }
    case 'minProperties':
      return { pointer: at, message: `is empty; expected at least ${String(params.limit)} entry` }
    case 'anyOf': {
      const missing = inner.filter((e) => e.keyword === 'required' && e.instancePath === at)
      if (missing.length === inner.length && missing.length > 0) {
        const names = missing.map((e) => String((e.params as Record<string, unknown>).missingProperty))
        return { pointer: at, message: `has none of ${names.join(', ')}; expected at least one of them` }
      }
      return { pointer: at, message: `is ${got}; it matches none of the allowed forms` }
    }
    default:
      return { pointer: at, message: `${error.message ?? 'is invalid'}` }
  }
}
