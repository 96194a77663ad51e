// Character references in two tiers (core/entities.ts): the common ones decoded at once in the main package, the
// rest once the full table arrives from the article subpackage. Held to the `entities` package itself for every
// HTML5 name (enumerated from its own table) and for arbitrary text, before and after the table arrives.

import {
  DecodingMode,
  EntityDecoder,
  decodeHTML,
  decodeHTMLAttribute,
  decodeHTMLStrict,
  htmlDecodeTree,
} from 'entities/decode'
import fc from 'fast-check'
import type * as EntitiesApi from '../../miniprogram/core/entities'
import type * as FeedApi from '../../miniprogram/core/feed'

type EntitiesModule = typeof EntitiesApi

/** Every HTML5 name (with ";"), walked out of the entities package's own table. */
function allNames(): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const names: string[] = []
  let frontier = ['']
  while (frontier.length > 0) {
    const next: string[] = []
    for (const prefix of frontier)
      for (const char of alphabet) {
        const candidate = prefix + char
        const decoder = new EntityDecoder(htmlDecodeTree, () => undefined)
        decoder.startEntity(DecodingMode.Strict)
        if (decoder.write(candidate, 0) === -1) next.push(candidate)
        if (decodeHTMLStrict(`&${candidate};`) !== `&${candidate};`) names.push(candidate)
      }
    frontier = next
  }
  return names
}

const NAMES = allNames()

/** A fresh copy of the module, with no table installed (the app before the table arrives). */
function fresh(): EntitiesModule {
  let module: EntitiesModule | undefined
  jest.isolateModules(() => {
    module = jest.requireActual<EntitiesModule>('../../miniprogram/core/entities')
  })
  return module as EntitiesModule
}

test('the table holds all 2,125 HTML5 names', () => {
  expect(NAMES).toHaveLength(2125)
  expect(NAMES).toEqual(expect.arrayContaining(['amp', 'eacute', 'NotEqualTilde', 'Afr', 'zwnj']))
})

test('every name: the common ones at once, the others as written until the table arrives, then all as HTML reads them', () => {
  const entities = fresh()
  const load = jest.fn()
  entities.setFullDecoderLoader(load)
  const atOnce = NAMES.filter((name) => entities.decodeReferences(`&${name};`, false) !== `&${name};`)
  for (const name of atOnce)
    expect(entities.decodeReferences(`&${name};`, false)).toBe(decodeHTML(`&${name};`))
  expect(atOnce.length).toBeGreaterThan(140)
  expect(atOnce.length).toBeLessThan(200)
  // The table was asked for once, by the first name the first tier does not know.
  expect(load).toHaveBeenCalledTimes(1)

  const redraw = jest.fn()
  entities.onFullDecoder(redraw)
  const before = entities.decoderGeneration()
  entities.installFullDecoder({ decodeHTML, decodeHTMLAttribute })
  expect(redraw).toHaveBeenCalledTimes(1)
  expect(entities.decoderGeneration()).toBe(before + 1)
  for (const name of NAMES) {
    expect(entities.decodeReferences(`&${name};`, false)).toBe(decodeHTML(`&${name};`))
    expect(entities.decodeReferences(`&${name};`, true)).toBe(decodeHTMLAttribute(`&${name};`))
  }
})

/** Text made of the pieces references are made of, and real names. */
const pieces = fc.oneof(
  fc.constantFrom(
    '&',
    '#',
    'x',
    'X',
    ';',
    '=',
    ' ',
    '0',
    '9',
    'a',
    'F',
    '&amp',
    '&#0;',
    '&#x80;',
    '&#128;',
    '&#xD800;',
  ),
  fc.constantFrom(...NAMES).map((name) => `&${name}`),
  fc.constantFrom(...NAMES).map((name) => `&${name};`),
  fc.integer({ min: 0, max: 0x11ffff }).map((n) => `&#${n};`),
  fc.integer({ min: 0, max: 0x11ffff }).map((n) => `&#x${n.toString(16)};`),
  fc.string({ maxLength: 4 }),
)
const text = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(''))

test('for any text, the first tier alone is either what HTML reads or asks for the table; never wrong', () => {
  fc.assert(
    fc.property(text, fc.boolean(), (input, attribute) => {
      const entities = fresh()
      let asked = false
      entities.setFullDecoderLoader(() => {
        asked = true
      })
      const expected = attribute ? decodeHTMLAttribute(input) : decodeHTML(input)
      const out = entities.decodeReferences(input, attribute)
      if (out !== expected) expect(asked).toBe(true)
      entities.installFullDecoder({ decodeHTML, decodeHTMLAttribute })
      expect(entities.decodeReferences(input, attribute)).toBe(expected)
    }),
    { numRuns: 400 },
  )
})

test('the content drawn before the table arrives is read again with it (the cached feed is parsed anew)', () => {
  jest.isolateModules(() => {
    const entities = jest.requireActual<EntitiesModule>('../../miniprogram/core/entities')
    const { parseFeedPage } = jest.requireActual<typeof FeedApi>('../../miniprogram/core/feed')
    entities.setFullDecoderLoader(() => undefined)
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'BCECC',
      items: [{ id: 'a', title: 'Caf&eacute; &NotEqualTilde; &ndash; done', content_text: 'x' }],
    }
    const url = 'https://cdn.example.com/feed.json'
    expect(parseFeedPage(feed, url).articles[0]?.title).toBe('Café &NotEqualTilde; – done')
    entities.installFullDecoder({ decodeHTML, decodeHTMLAttribute })
    expect(parseFeedPage(feed, url).articles[0]?.title).toBe('Café ≂̸ – done')
  })
})
