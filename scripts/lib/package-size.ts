// What the mini program's packages weigh once WeChat's compiler has made them (project.config.json: ES6 to ES5,
// PostCSS, minified), estimated without that compiler: each reachable file compiled and minified as near to its
// output as measured, plus the runtime helpers Babel adds once per package for the syntax the code uses. Held within
// 5% of the official figure written down in official-size.json (a test); `npm run size -- --record` measures anew.

import { transformSync } from 'esbuild'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { APP_ROOT, readJson, reachableFiles } from './app-graph'

/** The main package's budget, on the official compiler's figure (docs/performance.md). */
export const MAIN_BUDGET_BYTES = 300 * 1024

/** WXSS grows by about this much in the compiler's PostCSS (prefixes), measured against a plain minification. */
const WXSS_GROWTH = 1.11

/** A script compiled and minified: ES2020 keeps object spread and the like as they are (no helper per file). */
function compiledScript(file: string): string {
  return transformSync(readFileSync(join(APP_ROOT, file), 'utf8'), {
    loader: file.endsWith('.ts') ? 'ts' : 'js',
    minify: true,
    format: 'cjs',
    target: 'es2020',
    // Data tables (the entities bundle) stay UTF-8 characters, as the compiler keeps them.
    charset: 'utf8',
  }).code
}

/** About what one file weighs once compiled and minified. */
export function compiledBytes(file: string): number {
  if (/\.(ts|js)$/.test(file)) return Buffer.byteLength(compiledScript(file))
  const text = readFileSync(join(APP_ROOT, file), 'utf8')
  if (file.endsWith('.wxss'))
    return Math.round(
      Buffer.byteLength(
        text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s*([{};:,>])\s*/g, '$1')
          .replace(/\s+/g, ' ')
          .replace(/;}/g, '}')
          .trim(),
      ) * WXSS_GROWTH,
    )
  if (file.endsWith('.wxml'))
    return Buffer.byteLength(
      text
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/>\s+</g, '><')
        .replace(/\s{2,}/g, ' '),
    )
  return Buffer.byteLength(text)
}

/**
 * Babel's runtime helpers (bytes as miniprogram-ci 2.1.42 writes them), and what in the compiled code calls for
 * them. Async functions and generators bring the regenerator runtime, by far the largest (lint forbids them).
 */
const HELPERS: Array<{ uses: RegExp; bytes: Record<string, number> }> = [
  {
    uses: /(?<![.\w$])async\s*(function\b|\(|[\w$]+\s*=>)|\bfunction\s*\*|\byield\b/,
    bytes: { regenerator: 17_655 },
  },
  {
    uses: /\bclass\b/,
    bytes: {
      classCallCheck: 139,
      createClass: 421,
      defineProperty: 227,
      toPropertyKey: 196,
      toPrimitive: 343,
      typeof: 286,
    },
  },
  {
    uses: /\bclass\b[^{]*\bextends\b/,
    bytes: {
      inherits: 372,
      createSuper: 458,
      possibleConstructorReturn: 359,
      getPrototypeOf: 225,
      setPrototypeOf: 209,
      assertThisInitialized: 182,
      isNativeReflectConstruct: 320,
    },
  },
  {
    uses: /\bextends (Error|TypeError|RangeError)\b/,
    bytes: { wrapNativeSuper: 750, construct: 433, isNativeFunction: 125 },
  },
  {
    uses: /\bfor\s*\((const|let|var)\s[^;)]*\sof\s/,
    bytes: { createForOfIteratorHelper: 805, unsupportedIterableToArray: 436, arrayLikeToArray: 155 },
  },
  {
    uses: /\{\.\.\.|,\.\.\.[A-Za-z_$(]/,
    bytes: { objectSpread2: 696, defineProperty: 227, toPropertyKey: 196, toPrimitive: 343, typeof: 286 },
  },
  {
    uses: /\[\.\.\./,
    bytes: {
      toConsumableArray: 379,
      arrayWithoutHoles: 163,
      iterableToArray: 161,
      nonIterableSpread: 220,
      unsupportedIterableToArray: 436,
      arrayLikeToArray: 155,
    },
  },
  {
    uses: /(const|let|var)\s*\[|\(\[[A-Za-z_$]/,
    bytes: {
      slicedToArray: 377,
      arrayWithHoles: 88,
      iterableToArrayLimit: 453,
      nonIterableRest: 221,
      toArray: 344,
      unsupportedIterableToArray: 436,
      arrayLikeToArray: 155,
    },
  },
  {
    uses: /\{[^{}]*\.\.\.[A-Za-z_$][\w$]*\}\s*=/,
    bytes: { objectWithoutProperties: 406, objectWithoutPropertiesLoose: 207 },
  },
  { uses: /\.includes\(/, bytes: { Arrayincludes: 378 } },
  { uses: /Object\.values\(/, bytes: { Objectvalues: 208 } },
  { uses: /Object\.entries\(/, bytes: { Objectentries: 131 } },
]

/** The helpers the compiler adds for `sources` (compiled script texts), each counted once. */
export function helperBytes(sources: string[]): { bytes: number; helpers: string[] } {
  const needed = new Map<string, number>()
  for (const helper of HELPERS)
    if (sources.some((text) => helper.uses.test(text)))
      for (const [name, bytes] of Object.entries(helper.bytes)) needed.set(name, bytes)
  return { bytes: [...needed.values()].reduce((n, b) => n + b, 0), helpers: [...needed.keys()].sort() }
}

export interface PackageEstimate {
  /** "main", or a subpackage's root. */
  name: string
  files: string[]
  bytes: number
  helpers: string[]
}

/** The subpackage roots of app.json. */
export function subpackageRoots(): string[] {
  const app = readJson<{ subpackages?: Array<{ root: string }>; subPackages?: Array<{ root: string }> }>(
    join(APP_ROOT, 'app.json'),
  )
  return (app.subpackages ?? app.subPackages ?? []).map((p) => p.root.replace(/^\/|\/$/g, ''))
}

/** Every package's estimated size, the main one first. */
export function estimatePackages(): PackageEstimate[] {
  const roots = subpackageRoots()
  const packageOf = (file: string): string => roots.find((root) => file.startsWith(`${root}/`)) ?? 'main'
  const groups = new Map<string, string[]>([['main', []]])
  for (const file of [...reachableFiles()].sort()) {
    const name = packageOf(file)
    groups.set(name, [...(groups.get(name) ?? []), file])
  }
  // Each script compiled once: its bytes, and what it calls for among Babel's helpers (which live in the main
  // package, for the code of every package).
  const scripts = new Map(
    [...groups.values()]
      .flat()
      .filter((f) => /\.(ts|js)$/.test(f))
      .map((f) => [f, compiledScript(f)]),
  )
  const helpers = helperBytes([...scripts.values()])
  const bytesOf = (f: string): number => {
    const code = scripts.get(f)
    return code === undefined ? compiledBytes(f) : Buffer.byteLength(code)
  }
  return [...groups].map(([name, files]) => {
    const main = name === 'main'
    // WeChat's compiler also packs project.config.json into the main package.
    const extra = main
      ? helpers.bytes + Buffer.byteLength(readFileSync(join(APP_ROOT, '..', 'project.config.json')))
      : 0
    const bytes = files.reduce((n, f) => n + bytesOf(f), 0) + extra
    return { name, files, bytes, helpers: main ? helpers.helpers : [] }
  })
}

export interface OfficialRecord {
  compiler: string
  measured: string
  /** Unpacked bytes per package, by name ("main", subpackage roots). */
  packages: Record<string, number>
}

export const OFFICIAL_RECORD = join(__dirname, 'official-size.json')

export function readOfficialRecord(): OfficialRecord {
  return readJson<OfficialRecord>(OFFICIAL_RECORD)
}
