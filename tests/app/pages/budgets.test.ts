import { DEVELOPMENT_FEED_URL } from '../../../miniprogram/core/config'
import { FIRST_SCREEN_BUDGET_BYTES, SETDATA_BUDGET_BYTES, nodeCount, openPage } from '../../setup/simulate'

// Every page's first screen, from the bundled content, in both languages.
describe.each([
  ['pages/news/index', {}],
  ['pages/office/index', {}],
  ['pages/article/index', { id: 'health-tech-en' }],
  ['pages/article/index', { id: 'guangzhou-office-zh' }],
  ['pages/events/index', {}],
  ['pages/event/index', { uid: 'cmef-2022' }],
  ['pages/saved/index', {}],
] as const)('%s %p', (path, query) => {
  test.each(['en', 'zh_CN'])('stays within the setData and node budgets in %s', async (language) => {
    fakeWx.language = language
    fakeWx.routes.set(DEVELOPMENT_FEED_URL, () => ({ fail: 'request:fail offline' }))
    const { page, log } = await openPage(path, query)
    expect(log.calls.length).toBeGreaterThan(0)
    expect(Math.max(...log.calls)).toBeLessThanOrEqual(SETDATA_BUDGET_BYTES)
    expect(log.calls.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET_BYTES)
    expect(nodeCount(page)).toBeLessThan(1000)
  })
})
