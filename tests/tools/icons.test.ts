/** @jest-environment node */
// Vant's icon stylesheet, pruned by the npm build to the icons the app can show: every icon the app names is there,
// and the pruning keeps what is used, drops what is not, and follows the names Vant builds ('arrow' + '-' + …).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pruneIcons } from '../../scripts/build-npm'

const APP = join(__dirname, '..', '..', 'miniprogram')
const css = readFileSync(join(APP, 'miniprogram_npm', '@vant', 'weapp', 'icon', 'index.wxss'), 'utf8')
const kept = new Set([...css.matchAll(/\.van-icon-([a-z0-9-]+):before/g)].map((m) => m[1]))

test('every icon the app names has its rule: tab bar, buttons, stars, and the icons of the Vant parts it uses', () => {
  const tabBar = readFileSync(join(APP, 'custom-tab-bar', 'index.ts'), 'utf8')
  const named = [...tabBar.matchAll(/icon: '([a-z0-9-]+)'/g)].map((m) => m[1])
  const markup = [
    'pages/event/index.wxml',
    'pages/article/index.wxml',
    'components/follow-account/index.wxml',
  ]
    .map((file) => readFileSync(join(APP, file), 'utf8'))
    .join('\n')
  for (const m of markup.matchAll(/\bicon="([^"]+)"/g)) {
    const value = m[1] ?? ''
    named.push(...(value.includes('{{') ? [...value.matchAll(/'([a-z0-9-]+)'/g)].map((q) => q[1]) : [value]))
  }
  // Vant's defaults for the parts the app uses: the search field's magnifier, its clear button, the cell's arrow.
  named.push('search', 'clear', 'arrow', 'arrow-down')
  expect(named.length).toBeGreaterThan(8)
  expect(named.filter((name) => !kept.has(name))).toEqual([])
  // And most of Vant's 257 icons are gone.
  expect(kept.size).toBeLessThan(100)
})

test('pruning keeps the used rules and every other rule, and follows joined names', () => {
  const sheet =
    '.van-icon{font:14px vant-icon}.van-icon-star:before{content:"\\e6a1"}.van-icon-gift:before{content:"\\e6a2"}' +
    '.van-icon-arrow-left:before{content:"\\e6a3"}.van-icon-cross:before{content:"\\e6a4"}.van-icon--image{width:1em}'
  const out = pruneIcons(sheet, { words: new Set(['star']), prefixes: ['arrow-'] })
  expect(out).toBe(
    '.van-icon{font:14px vant-icon}.van-icon-star:before{content:"\\e6a1"}.van-icon-arrow-left:before{content:"\\e6a3"}.van-icon--image{width:1em}',
  )
})
