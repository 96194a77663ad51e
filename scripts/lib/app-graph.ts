// What the mini program package is made of: the files reachable from app.json (pages, their usingComponents
// closure including miniprogram_npm, script imports, WXS and WXSS imports), as WeChat's "upload only what is used"
// (ignoreUploadUnusedFiles) sees it.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, posix, relative, sep } from 'node:path'

export const APP_ROOT = join(__dirname, '..', '..', 'miniprogram')

interface ComponentJson {
  pages?: string[]
  usingComponents?: Record<string, string>
  subPackages?: Array<{ root: string; pages: string[] }>
  subpackages?: Array<{ root: string; pages: string[] }>
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

const rel = (file: string): string => relative(APP_ROOT, file).split(sep).join('/')

/** A component path (without extension) as WeChat resolves it from the component that uses it. */
export function resolveComponent(from: string, path: string): string {
  if (path.startsWith('/')) return join(APP_ROOT, path)
  if (path.startsWith('.')) return join(dirname(from), path)
  const npm = join(APP_ROOT, 'miniprogram_npm', path)
  return existsSync(`${npm}.json`) ? npm : join(npm, 'index')
}

function scriptFile(base: string): string | undefined {
  // A WXS module requires others by their full name (require('./memoize.wxs')).
  const named = /\.(wxs|js)$/.test(base) ? [base] : []
  for (const candidate of [
    ...named,
    `${base}.ts`,
    `${base}.js`,
    join(base, 'index.ts'),
    join(base, 'index.js'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return undefined
}

function scriptImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  const pattern =
    /(?:import\s[^'"]*?from\s*|import\s*\(?|require\s*\(\s*|export\s[^'"]*?from\s*)['"]([^'"]+)['"]/g
  for (const m of text.matchAll(pattern)) {
    const spec = m[1]
    if (!spec) continue
    if (/^import\s+type\b/.test(m[0]) || /^export\s+type\b/.test(m[0])) continue
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const target = scriptFile(spec.startsWith('/') ? join(APP_ROOT, spec) : join(dirname(file), spec))
      if (target) found.push(target)
    } else {
      const target = scriptFile(join(APP_ROOT, 'miniprogram_npm', spec))
      if (target) found.push(target)
    }
  }
  return found
}

function markupImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  const pattern = file.endsWith('.wxss')
    ? /@import\s+['"]([^'"]+)['"]/g
    : /<(?:wxs|import|include)\b[^>]*\bsrc=['"]([^'"]+)['"]/g
  for (const m of text.matchAll(pattern)) {
    const spec = m[1]
    if (!spec) continue
    const target = spec.startsWith('/') ? join(APP_ROOT, spec) : join(dirname(file), spec)
    if (existsSync(target)) out.push(target)
  }
  return out
}

/** Every file the package needs, relative to miniprogram/. */
export function reachableFiles(): Set<string> {
  const files = new Set<string>()
  const seenComponents = new Set<string>()
  const add = (file: string): void => {
    if (files.has(rel(file)) || !existsSync(file)) return
    files.add(rel(file))
    if (/\.(ts|js|wxs)$/.test(file)) for (const f of scriptImports(file)) add(f)
    if (/\.(wxml|wxss)$/.test(file)) for (const f of markupImports(file)) add(f)
  }
  const component = (base: string): void => {
    if (seenComponents.has(base)) return
    seenComponents.add(base)
    const script = scriptFile(base)
    if (script) add(script)
    for (const ext of ['.wxml', '.wxss', '.json']) add(`${base}${ext}`)
    const json = existsSync(`${base}.json`) ? readJson<ComponentJson>(`${base}.json`) : {}
    for (const path of Object.values(json.usingComponents ?? {})) component(resolveComponent(base, path))
  }

  const app = readJson<
    ComponentJson & { themeLocation?: string; sitemapLocation?: string; tabBar?: { custom?: boolean } }
  >(join(APP_ROOT, 'app.json'))
  // A custom tab bar is a component WeChat loads by its fixed path, named by no usingComponents.
  if (app.tabBar?.custom === true) component(join(APP_ROOT, 'custom-tab-bar', 'index'))
  for (const file of ['app.ts', 'app.js', 'app.wxss', 'app.json']) add(join(APP_ROOT, file))
  if (app.themeLocation) add(join(APP_ROOT, app.themeLocation))
  if (app.sitemapLocation) add(join(APP_ROOT, app.sitemapLocation))
  for (const path of Object.values(app.usingComponents ?? {}))
    component(resolveComponent(join(APP_ROOT, 'app'), path))
  const pages = [
    ...(app.pages ?? []),
    ...[...(app.subPackages ?? []), ...(app.subpackages ?? [])].flatMap((s) =>
      s.pages.map((p) => posix.join(s.root, p)),
    ),
  ]
  for (const page of pages) component(join(APP_ROOT, page))
  return files
}

export function allFiles(dir = APP_ROOT): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue
    const full = join(dir, e.name)
    if (e.isDirectory()) out.push(...allFiles(full))
    else out.push(rel(full))
  }
  return out
}

export function bytesOf(files: Iterable<string>): number {
  let total = 0
  for (const f of files) total += statSync(join(APP_ROOT, f)).size
  return total
}
