// Jest setup for every test file: the wx fake, and the fixes miniprogram-simulate needs under jest.

import { decodeHTML, decodeHTMLAttribute } from 'entities/decode'
import { installFullDecoder } from '../../miniprogram/core/entities'
import { createFakeWx, type FakeWx } from './wx-fake'

declare global {
  var fakeWx: FakeWx
}

// The full table of character references, as the article subpackage installs it (tests/app/entities.test.ts
// takes the app through the first tier and the table's later arrival on its own).
installFullDecoder({ decodeHTML, decodeHTMLAttribute })

const fake = createFakeWx()
globalThis.fakeWx = fake
// simulate merges its own canned API under ours (Object.assign(simApi, global.wx)), so ours wins.
;(globalThis as unknown as { wx: unknown }).wx = fake.api

// simulate re-runs component code by deleting require.cache entries, which jest forbids: require each component
// in an isolated module registry instead, so the same component can be loaded by several tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulateUtils = require('miniprogram-simulate/src/utils') as { runJs: (path: string) => void }
simulateUtils.runJs = (path: string) => {
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path)
  })
}

// Vant calls the global getCurrentPages and this.groupSetData, which j-component does not define.
;(globalThis as unknown as { getCurrentPages: () => unknown[] }).getCurrentPages = () => []
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('miniprogram-simulate')
// simulate replaced global wx with its canned API merged with ours: make that live object the one tests patch.
fake.api = (globalThis as unknown as { wx: Record<string, unknown> }).wx
type Definition = { methods?: Record<string, unknown> }
const g = globalThis as unknown as { Component: (definition: Definition) => unknown }
const register = g.Component
g.Component = (definition: Definition) =>
  register({
    ...definition,
    methods: {
      groupSetData(this: unknown, callback: () => void) {
        callback()
      },
      ...definition.methods,
    },
  })

// Retries wait no time in tests (full jitter with a random draw of 0), in every copy of the module a page loads.
jest.mock('../../miniprogram/services/http', () => {
  const actual = jest.requireActual<{ timing: { random: () => number } }>('../../miniprogram/services/http')
  actual.timing.random = () => 0
  return actual
})

beforeEach(() => {
  fake.reset()
})
