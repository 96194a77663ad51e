// JSON Schema checks of the three document kinds, with each schema error turned into one readable line.

import Ajv2020, { type ErrorObject } from 'ajv/dist/2020'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FORMATS } from '../../miniprogram/models/json-schema'
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

export const validators = Object.fromEntries(
  (['feed', 'events', 'office'] as const).map((kind) => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8')) as object
    return [kind, ajv.compile(schema)]
  }),
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

export function checkSchema(kind: DocKind, value: unknown): SchemaProblem[] {
  const validate = validators[kind]
  if (validate(value)) return []
  return explain(validate.errors ?? [])
}

function explain(errors: ErrorObject[]): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  const seen = new Set<string>()
  const add = (problem: SchemaProblem): void => {
    const key = `${problem.pointer}\n${problem.message}`
    if (!seen.has(key)) problems.push(problem)
    seen.add(key)
  }
  // Errors raised inside an anyOf are summarised by the anyOf itself.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/')
  for (const error of errors) {
    if (error.keyword === 'if') continue
    if (anyOfPaths.some((p) => error.schemaPath.startsWith(p))) continue
    // A bad key is reported once, by propertyNames, at the key itself.
    if (error.keyword !== 'propertyNames' && (error as { propertyName?: string }).propertyName !== undefined)
      continue
    add(explainOne(error, errors))
  }
  return problems
}

function expected(error: ErrorObject, fallback: string): string {
  const description = isRecord(error.parentSchema) ? error.parentSchema.description : undefined
  return typeof description === 'string' ? description : fallback
}

function explainOne(error: ErrorObject, all: ErrorObject[]): SchemaProblem {
  const at = error.instancePath
  const got = describeValue(error.data)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${at}/${String(params.missingProperty)}`,
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
    case 'propertyNames':
      return {
        pointer: `${at}/${String(params.propertyName)}`,
        message: 'is not an allowed key here; expected a language tag such as en or zh',
      }
    case 'anyOf': {
      const inner = all.filter((e) => e.schemaPath.startsWith(error.schemaPath + '/'))
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
