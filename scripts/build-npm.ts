// Offline "Build npm": what WeChat DevTools does for a package with a "miniprogram" field, which is to copy that
// folder to miniprogram/miniprogram_npm/<name>. Only runtime dependencies are copied. A plain npm package (no
// "miniprogram" field) is bundled instead, from the one entry the app uses (BUNDLED), into one CommonJS file that
// the mini program runtime can require: no eval, ES2017, minified. Vant's icon stylesheet keeps only the icons the
// app can show.

import { buildSync } from 'esbuild'
import { isEntry } from './lib/entry'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const ROOT = join(__dirname, '..')
export const NPM_DIST = join(ROOT, 'miniprogram', 'miniprogram_npm')

/**
 * Plain npm packages the app uses → what it imports of them (the bundle's exports, and nothing else), and where the
 * bundle goes (under miniprogram/; a .d.ts beside it says what it exports).
 */
const BUNDLED: Record<string, { entry: string; out: string; types: string }> = {
  // HTML5 character references (all 2231 names, legacy forms without ";"), about 33 KB minified (UTF-8 data): in
  // the article subpackage, not the main package (core/entities.ts decodes the common ones itself).
  entities: {
    entry: "export { decodeHTML, decodeHTMLAttribute } from 'entities/decode'",
    out: 'pages/article/lib/entities.js',
    types:
      '// Made by scripts/build-npm.ts: the HTML5 character reference decoder of the entities package.\nexport declare function decodeHTML(text: string): string\nexport declare function decodeHTMLAttribute(text: string): string\n',
  },
}

interface PackageJson {
  dependencies?: Record<string, string>
  miniprogram?: string
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson
}

const ICON_RULE = /\.van-icon-([a-z0-9-]+):before\{content:"[^"]*"\}/g

/** Every file of `dir` (recursively) with one of `extensions`, except `skip`. */
function filesOf(dir: string, extensions: RegExp, skip: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...filesOf(path, extensions, skip))
    else if (extensions.test(entry.name) && path !== skip) out.push(path)
  }
  return out
}

/**
 * The icon names the app can show: every word of the app's code and markup and of Vant's own components (their
 * default icons, such as the search field's "search"), and the names Vant builds by joining a word and "-" to
 * another (the cell's 'arrow' + '-' + direction).
 */
export function iconNamesUsed(appDir: string, iconCss: string): { words: Set<string>; prefixes: string[] } {
  const words = new Set<string>()
  const prefixes: string[] = []
  for (const file of filesOf(appDir, /\.(ts|js|wxml|json|wxs)$/, iconCss)) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/[a-z0-9]+(?:-[a-z0-9]+)*/g)) words.add(m[0])
    for (const m of text.matchAll(/'([a-z0-9-]+)' \+ '-'/g)) prefixes.push(`${m[1] ?? ''}-`)
  }
  return { words, prefixes }
}

/**
 * Vant's icon stylesheet keeps the rules of the icons the app can show (257 icons otherwise, 11.6 KB of the main
 * package); every other rule is kept as it is.
 */
export function pruneIcons(css: string, used: { words: Set<string>; prefixes: string[] }): string {
  return css.replace(ICON_RULE, (rule, name: string) =>
    used.words.has(name) || used.prefixes.some((p) => name.startsWith(p)) ? rule : '',
  )
}

export function buildNpm(): string[] {
  const built: string[] = []
  const visit = (name: string): void => {
    if (built.includes(name)) return
    const dir = join(ROOT, 'node_modules', name)
    if (!existsSync(dir)) throw new Error(`${name} is not installed; run npm ci`)
    const pkg = readPackage(dir)
    const target = join(NPM_DIST, name)
    const bundle = BUNDLED[name]
    if (!pkg.miniprogram && bundle !== undefined) {
      rmSync(target, { recursive: true, force: true })
      const out = join(ROOT, 'miniprogram', ...bundle.out.split('/'))
      mkdirSync(dirname(out), { recursive: true })
      writeFileSync(out.replace(/\.js$/, '.d.ts'), bundle.types)
      buildSync({
        stdin: { contents: bundle.entry, resolveDir: ROOT, loader: 'ts' },
        bundle: true,
        format: 'cjs',
        target: 'es2017',
        minify: true,
        // Data tables (entities' decode trie) as UTF-8 characters rather than \u escapes: a third of the bytes.
        charset: 'utf8',
        outfile: out,
        logLevel: 'warning',
      })
      built.push(name)
      return
    }
    if (!pkg.miniprogram)
      throw new Error(`${name} has no "miniprogram" field and no entry in BUNDLED (scripts/build-npm.ts)`)
    rmSync(target, { recursive: true, force: true })
    cpSync(join(dir, pkg.miniprogram), target, { recursive: true })
    built.push(name)
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep)
  }
  for (const name of Object.keys(readPackage(ROOT).dependencies ?? {})) visit(name)
  const iconCss = join(NPM_DIST, '@vant', 'weapp', 'icon', 'index.wxss')
  if (existsSync(iconCss))
    writeFileSync(
      iconCss,
      pruneIcons(readFileSync(iconCss, 'utf8'), iconNamesUsed(join(ROOT, 'miniprogram'), iconCss)),
    )
  return built
}

if (isEntry(__filename)) {
  console.log(`miniprogram_npm: ${buildNpm().join(', ')}`)
}
