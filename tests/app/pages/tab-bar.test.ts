import { KEYS } from '../../../miniprogram/services/storage'
import { openPage, settle, type AnyPage } from '../../setup/simulate'

// Vant draws the labels inside its own component: read them from the rendered DOM.
const labels = (page: AnyPage): string[] =>
  Array.from(page.dom?.querySelectorAll('[class*="van-tabbar-item__text"]') ?? []).map(
    (n) => n.textContent?.trim() ?? '',
  )

describe('tab bar', () => {
  test('labels its tabs in the app language and switches tabs', async () => {
    const { page } = await openPage('custom-tab-bar/index')
    expect(labels(page)).toEqual(['News', 'Events', 'Saved', 'Office'])
    page.querySelectorAll('.bc-tab')[3]?.querySelector('.van-tabbar-item')?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls).toContainEqual({ api: 'switchTab', options: { url: '/pages/office/index' } })
  })

  test('follows a language chosen in the app', async () => {
    fakeWx.storage.set(KEYS.settings, JSON.stringify({ v: 1, at: 1, data: { language: 'zh', fontScale: 1 } }))
    const { page } = await openPage('custom-tab-bar/index')
    expect(labels(page)).toEqual(['资讯', '活动', '收藏', '办公室'])
  })
})
