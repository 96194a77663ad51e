import { STRINGS, tCount } from '../../miniprogram/core/i18n'

describe('counts in words', () => {
  test('English says one event, or the number of events; Chinese has one form', () => {
    expect(tCount('monthNoDays', 'en', 1)).toBe('One event this month, days to be announced')
    expect(tCount('monthNoDays', 'en', 3)).toBe('3 events this month, days to be announced')
    expect(tCount('monthNoDays', 'zh', 1)).toBe('本月 1 个活动，具体日期待定')
    expect(tCount('monthNoDays', 'zh', 3)).toBe('本月 3 个活动，具体日期待定')
  })

  test('no string reads "(s)": every count has its forms', () => {
    for (const [key, text] of Object.entries(STRINGS)) expect(`${key}: ${text.en}`).not.toMatch(/\(s\)/)
  })
})
