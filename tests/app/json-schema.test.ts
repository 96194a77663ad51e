/** @jest-environment node */
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CHECKS } from '../../miniprogram/generated/checks'
import { INVALID, compileCheck, compilePrune, type JsonSchema } from '../../miniprogram/core/json-schema'
import { validators } from '../../scripts/lib/schema'
import { sample } from '../setup/sample'

const ROOT = join(__dirname, '..', '..')
const read = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'))
const schemas = {
  feed: read('content/schema/feed.schema.json') as JsonSchema,
  events: read('content/schema/events.schema.json') as JsonSchema,
  office: read('content/schema/office.schema.json') as JsonSchema,
}
const samples: Record<keyof typeof schemas, unknown[]> = {
  feed: [
    sample('feed'),
    read('tests/fixtures/feeds/cms-jsonfeed-1.0.json'),
    read('tests/fixtures/feeds/podcast-1.1.json'),
  ],
  events: [sample('events'), (sample('events') as { entries: unknown[] }).entries[3]],
  office: [sample('office')],
}

/** Every path to a value inside a JSON document. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])))
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]))
  return out
}

/** A copy of `doc` with the value at `path` replaced (or removed when `replacement` is undefined). */
function mutate(doc: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement
  const copy = structuredClone(doc) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  if (replacement === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1)
    else Reflect.deleteProperty(node, last)
  } else node[last] = replacement
  return copy
}

// Values that probe the keywords the schemas use: types, enums, patterns, formats, lengths, ranges.
const probe = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '',
    'en',
    'zh-Hans',
    'x_y',
    'digital',
    'space',
    'Event',
    'Group',
    'confirmed',
    'maybe',
    'P4D',
    'P1M',
    'PT0S',
  ),
  fc.constantFrom(
    '2022-01-17T09:00:00+01:00',
    '2022-02-30T00:00:00Z',
    '2022-01-17T09:00:00+0100',
    '2022-04-07T09:00:00',
    '2022-01-24T08:00:00Z',
  ),
  fc.constantFrom(
    'geo:31.2,121.4',
    'geo:x',
    'gh_0123456789ab',
    'gh_1',
    'https://mp.weixin.qq.com/s/a',
    'http://a',
    '+86 20 0000 0000',
  ),
  fc.constantFrom(true, false, null, 0, -1, 1.5, 91, {}, [], { en: '' }, { en: 'x', zh: 'y' }, [1], ['a']),
)

describe('JSON Schema interpreter', () => {
  test.each(Object.keys(schemas) as Array<keyof typeof schemas>)(
    'accepts the valid %s samples, as ajv does',
    (kind) => {
      const check = compileCheck(schemas[kind])
      for (const doc of samples[kind]) {
        expect(validators[kind](doc)).toBe(true)
        expect(check(doc)).toBe(true)
      }
    },
  )

  test.each(Object.keys(schemas) as Array<keyof typeof schemas>)(
    'agrees with ajv, as do the precompiled checks, on 1000 random changes to %s documents',
    (kind) => {
      const check = compileCheck(schemas[kind])
      const precompiled = CHECKS[kind]
      const validate = validators[kind]
      const cases = samples[kind].flatMap((doc) => paths(doc).map((path) => ({ doc, path })))
      fc.assert(
        fc.property(
          fc.constantFrom(...cases),
          fc.option(probe, { nil: undefined }),
          ({ doc, path }, replacement) => {
            const changed = mutate(doc, path, replacement)
            const expected = validate(changed)
            expect(check(changed)).toBe(expected)
            expect(precompiled(changed)).toBe(expected)
          },
        ),
        { numRuns: 1000 },
      )
    },
  )

  test('the precompiled item and event checks agree with the interpreter on randomly changed items and events', () => {
    const item = compileCheck(schemas.feed, '#/$defs/item')
    const event = compileCheck(schemas.events, '#/$defs/event')
    const within = (doc: unknown, list: string) => paths(doc).filter((p) => p[0] === list && p.length >= 2)
    fc.assert(
      fc.property(
        fc.constantFrom(...within(samples.feed[0], 'items')),
        fc.option(probe, { nil: undefined }),
        (path, replacement) => {
          const target = (mutate(samples.feed[0], path, replacement) as { items: unknown[] }).items[
            Number(path[1])
          ]
          expect(CHECKS.feedItem(target)).toBe(item(target))
        },
      ),
      { numRuns: 500 },
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...within(samples.events[0], 'entries')),
        fc.option(probe, { nil: undefined }),
        (path, replacement) => {
          const target = (mutate(samples.events[0], path, replacement) as { entries: unknown[] }).entries[
            Number(path[1])
          ]
          expect(CHECKS.event(target)).toBe(event(target))
        },
      ),
      { numRuns: 500 },
    )
  })

  test('a precompiled check that remembers passed values never lets an invalid one through, first or after', () => {
    const event = (sample('events') as { entries: Array<Record<string, unknown>> }).entries[0] ?? {}
    // Fields tested against a pattern or a format, each given a value that fails it.
    const wrong: Record<string, unknown> = {
      locale: '',
      timeZone: '',
      updated: '',
      duration: 'P',
      start: '2022-02-30T00:00:00',
    }
    for (const [field, value] of Object.entries(wrong)) {
      jest.isolateModules(() => {
        // A fresh module, whose places remember nothing yet: the wrong value comes first, then after a right one.
        const { CHECKS: fresh } = jest.requireActual<{ CHECKS: typeof CHECKS }>(
          '../../miniprogram/generated/checks',
        )
        expect(fresh.event({ ...event, [field]: value })).toBe(false)
        expect(fresh.event(event)).toBe(true)
        expect(fresh.event({ ...event, [field]: value })).toBe(false)
        expect(fresh.event(event)).toBe(true)
      })
    }
  })

  test('refuses a schema keyword it does not implement, instead of ignoring it', () => {
    expect(() => compileCheck({ type: 'object', patternProperties: { '^x': { type: 'string' } } })).toThrow(
      /patternProperties/,
    )
  })

  test('follows recursive references', () => {
    const tree: JsonSchema = {
      $defs: {
        node: {
          type: 'object',
          properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } },
        },
      },
      $ref: '#/$defs/node',
    }
    const check = compileCheck(tree)
    expect(check({ children: [{ children: [] }, { children: [{}] }] })).toBe(true)
    expect(check({ children: [{ children: [1] }] })).toBe(false)
  })

  test('counts string length in code points, as JSON Schema does', () => {
    const check = compileCheck({ type: 'string', minLength: 2, maxLength: 2 })
    expect(check('😀😀')).toBe(true)
    expect(check('😀')).toBe(false)
  })
})

describe('pruning reader', () => {
  const item = compilePrune(schemas.feed, '#/$defs/item')

  test.each([
    [
      'feedTop',
      samples.feed[0],
      'items',
      compilePrune(schemas.feed, '#', { skip: ['items'], lenientTop: true }),
    ],
    [
      'groupTop',
      samples.events[0],
      'entries',
      compilePrune(schemas.events, '#/$defs/group', { skip: ['entries'], lenientTop: true }),
    ],
  ] as const)(
    'the precompiled %s check passes a document top exactly when the reader would keep it whole',
    (name, doc, list, read) => {
      const check = CHECKS[name]
      const cases = paths(doc).filter((path) => path.length > 0 && path[0] !== list)
      fc.assert(
        fc.property(fc.constantFrom(...cases), fc.option(probe, { nil: undefined }), (path, replacement) => {
          const changed = mutate(doc, path, replacement)
          const stats = { pruned: 0 }
          const whole = read(changed, stats) !== INVALID && stats.pruned === 0
          // The app uses a top that passes as it is: the reader would have left it so.
          expect(check(changed)).toBe(whole)
        }),
        { numRuns: 500 },
      )
    },
  )

  test('leaves out invalid optional fields and unknown ones, and counts what it left out', () => {
    const stats = { pruned: 0 }
    const read = item(
      {
        id: 'a',
        content_text: 'x',
        image: 5,
        tags: ['a', 7, 'b'],
        _bcecc: { domain: 'space', related_events: ['e1'] },
        _other: { x: 1 },
      },
      stats,
    )
    expect(read).toEqual({ id: 'a', content_text: 'x', tags: ['a', 'b'], _bcecc: { related_events: ['e1'] } })
    expect(stats.pruned).toBe(3)
  })

  test('rejects an item whose required parts are missing or invalid', () => {
    expect(item({ id: {}, content_text: 'x' }, { pruned: 0 })).toBe(INVALID)
    expect(item({ id: 'a' }, { pruned: 0 })).toBe(INVALID)
    expect(item({ id: 'a', content_html: 7 }, { pruned: 0 })).toBe(INVALID)
    expect(item('a', { pruned: 0 })).toBe(INVALID)
  })

  test('keeps localization patches as they are (the schema allows any property there)', () => {
    const event = compilePrune(schemas.events, '#/$defs/event')
    const read = event(
      {
        '@type': 'Event',
        uid: 'u',
        updated: '2022-01-01T00:00:00Z',
        title: 't',
        start: '2022-01-01T00:00:00',
        localizations: { zh: { title: '标题', 'locations/a/name': 'x' }, 'bad tag!': {} },
      },
      { pruned: 0 },
    )
    expect(read).toEqual(
      expect.objectContaining({ localizations: { zh: { title: '标题', 'locations/a/name': 'x' } } }),
    )
  })
})
