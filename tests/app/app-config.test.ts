/** @jest-environment node */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  APP_ROOT,
  allFiles,
  bytesOf,
  reachableFiles,
  readJson,
  resolveComponent,
} from '../../scripts/lib/app-graph'
import { ROUTES, TAB_ROUTES, markTab } from '../../miniprogram/services/navigation'
import {
  MAIN_BUDGET_BYTES,
  compiledBytes,
  estimatePackages,
  helperBytes,
  readOfficialRecord,
} from '../../scripts/lib/package-size'

// Tags WeChat renders itself; any other tag in our WXML must be declared in usingComponents.
const BUILT_IN = new Set(
  `block template import include wxs slot view scroll-view swiper swiper-item movable-area movable-view cover-view
   cover-image icon text rich-text progress button checkbox checkbox-group editor form input label picker
   picker-view picker-view-column radio radio-group slider switch textarea navigator audio camera image
   live-player live-pusher video map canvas web-view ad official-account open-data page-meta navigation-bar
   match-media root-portal page-container share-element grid-view list-view sticky-header sticky-section
   keyboard-accessory channel-live channel-video voip-room`.split(/\s+/),
)

// Pages and components (a .wxml with a .json); WXML templates (templates/) are included by pages, not declared.
const ownComponents = allFiles()
  .filter((f) => f.endsWith('.wxml') && !f.startsWith('miniprogram_npm/'))
  .map((f) => f.replace(/\.wxml$/, ''))
  .filter((f) => existsSync(join(APP_ROOT, `${f}.json`)))

function tagsIn(wxml: string): Set<string> {
  const withoutComments = wxml.replace(/<!--[\s\S]*?-->/g, '')
  return new Set([...withoutComments.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1] ?? ''))
}

describe('app configuration', () => {
  const app = readJson<{
    pages: string[]
    subpackages?: Array<{ root: string; name: string; pages: string[] }>
    preloadRule?: Record<string, { network: string; packages: string[] }>
    usingComponents?: Record<string, string>
    lazyCodeLoading?: string
    tabBar?: { custom?: boolean; list: Array<{ pagePath: string }> }
  }>(join(APP_ROOT, 'app.json'))

  test('lists the tabs in the order the custom tab bar draws and lights them', () => {
    expect(app.tabBar?.custom).toBe(true)
    expect(app.tabBar?.list.map((tab) => `/${tab.pagePath}`)).toEqual([...TAB_ROUTES])
    // A shown tab page lights its own tab in its tab bar.
    for (const [index, route] of TAB_ROUTES.entries()) {
      const setData = jest.fn()
      markTab(
        { getTabBar: () => ({ setData }) as unknown as WechatMiniprogram.Component.TrivialInstance },
        route,
      )
      expect(setData).toHaveBeenCalledWith({ active: index })
    }
    expect(() => markTab({}, ROUTES.news)).not.toThrow()
  })

  const subpackagePages = (app.subpackages ?? []).flatMap((sub) => sub.pages.map((p) => `${sub.root}/${p}`))

  test('registers only pages that exist, each with its script, template, style and config', () => {
    expect(app.pages.length).toBeGreaterThan(0)
    for (const page of [...app.pages, ...subpackagePages]) {
      for (const ext of ['.ts', '.wxml', '.wxss', '.json'])
        expect(existsSync(join(APP_ROOT, `${page}${ext}`))).toBe(true)
    }
  })

  test('the detail pages come in subpackages that keep their paths (links out in chats still open), preloaded by the tabs that open them', () => {
    // Every route the app navigates to, and every path shared so far, is a registered page.
    const registered = new Set([...app.pages, ...subpackagePages].map((p) => `/${p}`))
    for (const route of Object.values(ROUTES)) expect(registered).toContain(route)
    expect(subpackagePages).toEqual(['pages/article/index', 'pages/event/index'])
    // Tab pages stay in the main package.
    for (const tab of app.tabBar?.list ?? []) expect(app.pages).toContain(tab.pagePath)
    const preloads = (page: string): string[] => app.preloadRule?.[page]?.packages ?? []
    expect(preloads('pages/news/index')).toContain('article')
    expect(preloads('pages/events/index')).toContain('event')
    expect(preloads('pages/saved/index')).toEqual(expect.arrayContaining(['article', 'event']))
  })

  test('loads component code lazily', () => {
    expect(app.lazyCodeLoading).toBe('requiredComponents')
  })

  test.each(ownComponents)('%s declares exactly the custom tags its WXML uses', (component) => {
    const base = join(APP_ROOT, component)
    const json = readJson<{ usingComponents?: Record<string, string> }>(`${base}.json`)
    const declared = { ...app.usingComponents, ...json.usingComponents }
    const used = tagsIn(readFileSync(`${base}.wxml`, 'utf8'))
    const undeclared = [...used].filter((tag) => !BUILT_IN.has(tag) && !(tag in declared))
    const unused = Object.keys(json.usingComponents ?? {}).filter((tag) => !used.has(tag))
    expect({ undeclared, unused }).toEqual({ undeclared: [], unused: [] })
    for (const path of Object.values(json.usingComponents ?? {})) {
      expect(existsSync(`${resolveComponent(base, path)}.json`)).toBe(true)
    }
  })
})

describe('package size', () => {
  const estimates = estimatePackages()
  const record = readOfficialRecord()

  test(`the main package weighs at most ${MAIN_BUDGET_BYTES / 1024} KB once compiled, every subpackage at most WeChat's 2 MB`, () => {
    expect(estimates[0]?.name).toBe('main')
    expect(estimates[0]?.bytes).toBeLessThanOrEqual(MAIN_BUDGET_BYTES)
    for (const p of estimates) expect(p.bytes).toBeLessThanOrEqual(2 * 1024 * 1024)
    expect(record.packages.main).toBeLessThanOrEqual(MAIN_BUDGET_BYTES)
  })

  test("the estimate is within 5% of the official compiler's figure written down for this tree", () => {
    const main = estimates[0]?.bytes ?? 0
    const official = record.packages.main ?? 0
    expect(record.compiler).toMatch(/^miniprogram-ci \d+\.\d+\.\d+$/)
    expect(Math.abs(main - official) / official).toBeLessThanOrEqual(0.05)
    // And for all packages together.
    const total = estimates.reduce((n, p) => n + p.bytes, 0)
    const officialTotal = Object.values(record.packages).reduce((n, b) => n + b, 0)
    expect(Math.abs(total - officialTotal) / officialTotal).toBeLessThanOrEqual(0.05)
  })

  test('counts the runtime helpers the compiler adds for the syntax it sees, async functions above all', () => {
    expect(helperBytes(['const a = 1']).bytes).toBe(0)
    const asyncCode = helperBytes(['const f=async()=>{await g()}'])
    expect(asyncCode.helpers).toEqual(['regenerator'])
    expect(asyncCode.bytes).toBeGreaterThan(17_000)
    // require.async is a call, not an async function.
    expect(helperBytes(['require.async("../x.js")']).helpers).toEqual([])
    expect(helperBytes(['class A extends Error{}']).helpers).toEqual(
      expect.arrayContaining(['classCallCheck', 'inherits', 'wrapNativeSuper']),
    )
  })

  test('counts the Vant components a page uses, with their dependencies, and leaves out the unused ones', () => {
    const reachable = reachableFiles()
    expect(reachable).toContain('miniprogram_npm/@vant/weapp/button/index.js')
    expect(reachable).toContain('miniprogram_npm/@vant/weapp/loading/index.wxml')
    // button uses van-icon and van-loading, and its WXML imports shared WXS.
    expect(reachable).toContain('miniprogram_npm/@vant/weapp/icon/index.js')
    expect(reachable).toContain('miniprogram_npm/@vant/weapp/wxs/utils.wxs')
    expect([...reachable].some((f) => f.includes('/calendar/'))).toBe(false)
    expect(bytesOf(reachable)).toBeLessThan(bytesOf(allFiles()))
  })

  test('counts the custom tab bar (named by no usingComponents) and what it uses', () => {
    const reachable = reachableFiles()
    expect(reachable).toContain('custom-tab-bar/index.ts')
    expect(reachable).toContain('custom-tab-bar/index.wxml')
  })

  test('estimates the compiled size: TypeScript without its types, minified, smaller than its source', () => {
    const file = 'custom-tab-bar/index.ts'
    expect(compiledBytes(file)).toBeGreaterThan(0)
    expect(compiledBytes(file)).toBeLessThan(bytesOf([file]))
  })

  test('counts the bundled character-reference table, which lives in the article subpackage', () => {
    const reachable = reachableFiles()
    expect(reachable).toContain('pages/article/lib/entities.js')
    expect([...reachable].some((f) => f.startsWith('miniprogram_npm/entities'))).toBe(false)
  })

  test("uploads minify scripts, WXML and WXSS (WeChat's code-quality check asks for it)", () => {
    const project = JSON.parse(readFileSync(join(APP_ROOT, '..', 'project.config.json'), 'utf8')) as {
      setting: Record<string, unknown>
    }
    expect(project.setting).toMatchObject({ minified: true, minifyWXML: true, minifyWXSS: true })
  })
})

describe('themes', () => {
  const app = readJson<{ darkmode?: boolean; themeLocation?: string; window: Record<string, string> }>(
    join(APP_ROOT, 'app.json'),
  )
  const theme = readJson<{ light: Record<string, string>; dark: Record<string, string> }>(
    join(APP_ROOT, app.themeLocation ?? 'theme.json'),
  )

  test('follows the system theme, with every window colour defined for light and dark', () => {
    expect(app.darkmode).toBe(true)
    expect(Object.keys(theme.dark).sort()).toEqual(Object.keys(theme.light).sort())
    for (const value of Object.values(app.window)) {
      if (value.startsWith('@')) {
        expect(theme.light).toHaveProperty(value.slice(1))
        expect(theme.dark).toHaveProperty(value.slice(1))
      }
    }
  })

  test('gives every colour token a dark value', () => {
    const css = readFileSync(join(APP_ROOT, 'app.wxss'), 'utf8')
    const dark = /@media \(prefers-color-scheme: dark\)\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? ''
    const colours = (text: string): string[] =>
      [...text.matchAll(/(--bc-color-[\w-]+)\s*:/g)].map((m) => m[1] ?? '')
    const light = colours(css.slice(0, css.indexOf('@media')))
    expect(light.length).toBeGreaterThan(5)
    expect(new Set(colours(dark))).toEqual(new Set(light))
  })

  test('uses colour tokens, not literal colours, in pages and components', () => {
    for (const file of allFiles().filter(
      (f) => f.endsWith('.wxss') && !f.startsWith('miniprogram_npm/') && f !== 'app.wxss',
    )) {
      const literal = readFileSync(join(APP_ROOT, file), 'utf8').match(/(?<![\w-])#[0-9a-fA-F]{3,6}\b/g) ?? []
      // White text on a brand-coloured surface is the one literal allowed.
      expect({ file, literal: literal.filter((c) => !/^#fff(fff)?$/i.test(c)) }).toEqual({
        file,
        literal: [],
      })
    }
  })
})
