// Every UI string in English and Simplified Chinese, in one typed table. Pure.

import type { UiLanguage } from '../models/localized'

const STRINGS = {
  appName: { en: 'BCECC', zh: 'BCECC 比中商会' },
  tabNews: { en: 'News', zh: '资讯' },
  tabOffice: { en: 'Office', zh: '办公室' },
  newsTitle: { en: 'BCECC News', zh: 'BCECC 资讯' },
  officeTitle: { en: 'FIT Guangzhou', zh: 'FIT 广州' },
  all: { en: 'All', zh: '全部' },
  digital: { en: 'Digital', zh: '数字' },
  climate: { en: 'Climate', zh: '气候' },
  health: { en: 'Health', zh: '健康' },
  searchPlaceholder: { en: 'Search articles', zh: '搜索文章' },
  loading: { en: 'Loading…', zh: '加载中…' },
  loadingMore: { en: 'Loading more…', zh: '正在加载更多…' },
  noMore: { en: 'You have seen every article', zh: '已显示全部文章' },
  loadMoreFailed: { en: 'Could not load more. Tap to try again.', zh: '加载失败，点击重试' },
  retry: { en: 'Try again', zh: '重试' },
  emptyNews: { en: 'No articles yet.', zh: '暂无文章。' },
  noResults: { en: 'No articles match your search.', zh: '没有符合搜索条件的文章。' },
  clearFilters: { en: 'Show all articles', zh: '显示全部文章' },
  updatedAt: { en: 'Updated {time}', zh: '更新于 {time}' },
  offlineCopy: { en: 'Offline copy bundled with the app', zh: '离线内容（随小程序附带）' },
  offlineSuffix: { en: 'offline', zh: '离线' },
  language: { en: 'Language', zh: '语言' },
  switchLanguage: { en: '中文', zh: 'English' },
  switchLanguageLabel: { en: 'Switch to Chinese', zh: '切换到英文' },
  aboutOffice: { en: 'About the office', zh: '关于办公室' },
  foundedIn: { en: 'Founded in {year}', zh: '成立于{year}年' },
  counselor: { en: 'Counselor', zh: '参赞' },
  domains: { en: 'Technology domains', zh: '技术领域' },
  domainsHint: { en: 'Tap a domain to read its news', zh: '点击领域查看相关资讯' },
  services: { en: 'Services', zh: '服务' },
  partnership: { en: 'Partnership', zh: '合作' },
  until: { en: 'Until {year}', zh: '至{year}年' },
  contact: { en: 'Contact', zh: '联系方式' },
  phone: { en: 'Phone', zh: '电话' },
  email: { en: 'Email', zh: '邮箱' },
  wechatId: { en: 'WeChat ID', zh: '微信号' },
  address: { en: 'Address', zh: '地址' },
  call: { en: 'Call', zh: '拨打' },
  copy: { en: 'Copy', zh: '复制' },
  map: { en: 'Map', zh: '地图' },
  placeholder: { en: 'sample value', zh: '示例数据' },
  followTitle: { en: 'Follow BCECC', zh: '关注 BCECC' },
  followHint: {
    en: 'News and events in your WeChat, from the official account.',
    zh: '通过公众号在微信中获取资讯与活动。',
  },
  followButton: { en: 'Open the official account', zh: '打开公众号' },
  followQrHint: {
    en: 'Long-press the code to follow, or search for the account by name.',
    zh: '长按识别二维码关注，或搜索公众号名称。',
  },
  readInOfficialAccount: { en: 'Read in the official account', zh: '在公众号中阅读' },
  relatedEvents: { en: 'Related events', zh: '相关活动' },
  fontSmaller: { en: 'Smaller text', zh: '缩小字号' },
  fontLarger: { en: 'Larger text', zh: '放大字号' },
  readInZh: { en: '阅读中文版', zh: '阅读中文版' },
  readInEn: { en: 'Read in English', zh: 'Read in English' },
  articleMissing: { en: 'This article is no longer available.', zh: '该文章已不存在。' },
  backToNews: { en: 'Back to News', zh: '返回资讯' },
  dateTba: { en: 'Date to be announced', zh: '日期待定' },
  articleTitle: { en: 'Article', zh: '文章' },
  officeUnavailable: { en: 'The office profile could not be loaded.', zh: '无法加载办公室介绍。' },
} as const satisfies Record<string, Record<UiLanguage, string>>

export type StringKey = keyof typeof STRINGS

/** The string in `language`, with `{name}` placeholders filled. */
export function t(key: StringKey, language: UiLanguage, values: Record<string, string> = {}): string {
  const text: string = STRINGS[key][language]
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}

/** The strings a view binds, by key, in one language. */
export function strings<K extends StringKey>(keys: readonly K[], language: UiLanguage): Record<K, string> {
  const out = {} as Record<K, string>
  for (const key of keys) out[key] = t(key, language)
  return out
}
