// Every UI string in English and Simplified Chinese, in one typed table. Pure.

import type { UiLanguage } from './localized'

export const STRINGS = {
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
  staleCopy: { en: 'Not updated: {why}', zh: '未能更新：{why}' },
  failConnection: { en: 'no connection', zh: '无网络连接' },
  failServer: { en: 'the server is having problems', zh: '服务器出现问题' },
  failContent: { en: 'the content could not be read', zh: '内容无法读取' },
  failShow: { en: 'the new version could not be shown', zh: '新版本无法显示' },
  failOlder: { en: 'the server sent a version older than what you have', zh: '服务器提供的版本比您已有的旧' },
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
  imageNotShown: {
    en: 'A picture cannot be shown here (it is not served securely).',
    zh: '此处的图片无法显示（未通过安全连接提供）。',
  },
  imageNotShownAlt: {
    en: 'A picture cannot be shown here (it is not served securely): {alt}',
    zh: '此处的图片无法显示（未通过安全连接提供）：{alt}',
  },
  backToNews: { en: 'Back to News', zh: '返回资讯' },
  dateTba: { en: 'Date to be announced', zh: '日期待定' },
  datePostponed: { en: 'Postponed, new date to be announced', zh: '已延期，新日期待定' },
  yourTime: { en: '{time} your time ({offset})', zh: '您的时间 {time}（{offset}）' },
  articleTitle: { en: 'Article', zh: '文章' },
  calendarDeniedTitle: { en: 'Calendar access is off', zh: '未开启日历权限' },
  calendarDeniedText: {
    en: 'To add events to your phone calendar, allow calendar access for this mini program in its settings.',
    zh: '如需将活动添加到手机日历，请在设置中允许本小程序使用日历。',
  },
  openSettings: { en: 'Open settings', zh: '去设置' },
  notNow: { en: 'Not now', zh: '暂不' },
  addedToCalendar: { en: 'Added to your calendar', zh: '已添加到日历' },
  calendarFailed: { en: 'Could not add it to the calendar', zh: '未能添加到日历' },
  tabEvents: { en: 'Events', zh: '活动' },
  tabSaved: { en: 'Saved', zh: '收藏' },
  eventsTitle: { en: 'Events', zh: '活动' },
  savedTitle: { en: 'Saved', zh: '我的收藏' },
  savedArticles: { en: 'Articles', zh: '文章' },
  savedEventsSegment: { en: 'Events', zh: '活动' },
  emptySavedArticles: {
    en: 'No saved articles yet. Save an article to read it here later, even offline.',
    zh: '还没有收藏的文章。收藏后可在此阅读，离线也可用。',
  },
  browseNews: { en: 'Browse news', zh: '浏览资讯' },
  noLongerPublished: { en: 'No longer published: shown as you saved it', zh: '已不再发布：显示收藏时的内容' },
  excerptOnly: {
    en: 'Only the summary is bundled with the app: the full article loads when the network answers',
    zh: '应用内仅附带摘要：网络恢复后将加载全文',
  },
  savedCopy: {
    en: 'Your saved copy: the latest version could not be loaded',
    zh: '您收藏的版本：未能加载最新内容',
  },
  eventTitle: { en: 'Event', zh: '活动' },
  save: { en: 'Save', zh: '收藏' },
  savedLabel: { en: 'Saved', zh: '已收藏' },
  addToCalendar: { en: 'Add to calendar', zh: '添加到日历' },
  inCalendar: { en: 'In your calendar', zh: '已在日历中' },
  noDateForCalendar: { en: 'No date yet to put in a calendar', zh: '日期未定，暂无法添加到日历' },
  venue: { en: 'Venue', zh: '地点' },
  organiser: { en: 'Organiser', zh: '主办方' },
  attendance: { en: 'Attendance', zh: '参与方式' },
  register: { en: 'Registration', zh: '报名' },
  eventLinks: { en: 'Links', zh: '链接' },
  onlineSession: { en: 'Online session', zh: '线上参会' },
  copyLink: { en: 'Copy link', zh: '复制链接' },
  'in-person': { en: 'In person', zh: '线下' },
  hybrid: { en: 'Hybrid', zh: '线上线下结合' },
  online: { en: 'Online', zh: '线上' },
  cancelled: { en: 'Cancelled', zh: '已取消' },
  postponed: { en: 'Postponed', zh: '已延期' },
  tentative: { en: 'To be confirmed', zh: '待确认' },
  daysTba: { en: 'Days to be announced', zh: '具体日期待定' },
  noLongerListed: { en: 'No longer listed: shown as you saved it', zh: '已不在活动列表中：显示收藏时的内容' },
  changedSince: { en: 'Changed since you saved it: {what}', zh: '收藏后有变更：{what}' },
  changeDate: { en: 'date', zh: '日期' },
  changeVenue: { en: 'venue', zh: '地点' },
  changeStatus: { en: 'status', zh: '状态' },
  eventMissing: { en: 'This event is no longer available.', zh: '该活动已不存在。' },
  savedToast: { en: 'Saved: find it in Saved, also offline', zh: '已收藏，可在“收藏”中查看，离线也可用' },
  removedToast: { en: 'Removed from Saved', zh: '已从收藏中移除' },
  undo: { en: 'Undo', zh: '撤销' },
  storageFull: {
    en: 'Your phone’s storage for this app is full: nothing was changed.',
    zh: '本小程序存储空间已满，未作任何更改。',
  },
  upcoming: { en: 'Upcoming', zh: '即将举行' },
  past: { en: 'Past events', zh: '往期活动' },
  showPast: { en: 'Show {count} past events', zh: '显示 {count} 个往期活动' },
  showPastOne: { en: 'Show the past event', zh: '显示 1 个往期活动' },
  hidePast: { en: 'Hide past events', zh: '隐藏往期活动' },
  nothingUpcoming: {
    en: 'No upcoming events for now. Here are the most recent ones.',
    zh: '暂无即将举行的活动。以下是最近的往期活动。',
  },
  allTypes: { en: 'All types', zh: '全部类型' },
  'trade-fair': { en: 'Trade fair', zh: '展会' },
  matchmaking: { en: 'Matchmaking', zh: '商务对接' },
  licensing: { en: 'Licensing', zh: '许可' },
  mission: { en: 'Mission', zh: '代表团' },
  conference: { en: 'Conference', zh: '会议' },
  webinar: { en: 'Webinar', zh: '网络研讨会' },
  monthNoDays: {
    en: '{count} events this month, days to be announced',
    zh: '本月 {count} 个活动，具体日期待定',
  },
  monthNoDaysOne: {
    en: 'One event this month, days to be announced',
    zh: '本月 1 个活动，具体日期待定',
  },
  repeatsDaily: { en: 'Repeats every {count} days', zh: '每 {count} 天重复' },
  repeatsDailyOne: { en: 'Repeats every day', zh: '每天重复' },
  repeatsWeekly: { en: 'Repeats every {count} weeks', zh: '每 {count} 周重复' },
  repeatsWeeklyOne: { en: 'Repeats every week', zh: '每周重复' },
  repeatsMonthly: { en: 'Repeats every {count} months', zh: '每 {count} 个月重复' },
  repeatsMonthlyOne: { en: 'Repeats every month', zh: '每月重复' },
  repeatsYearly: { en: 'Repeats every {count} years', zh: '每 {count} 年重复' },
  repeatsYearlyOne: { en: 'Repeats every year', zh: '每年重复' },
  repeatsOnDates: { en: 'Repeats on several dates', zh: '在多个日期举行' },
  eventsOnDay: { en: 'Events on {day}', zh: '{day}的活动' },
  showAllEvents: { en: 'Show all events', zh: '显示全部活动' },
  noEventsFiltered: { en: 'No events match these filters.', zh: '没有符合条件的活动。' },
  emptySaved: {
    en: 'No saved events yet. Save events to find them here, even offline.',
    zh: '还没有收藏的活动。收藏后可在此查看，离线也可用。',
  },
  browseEvents: { en: 'Browse events', zh: '浏览活动' },
  previousMonth: { en: 'Previous month', zh: '上个月' },
  nextMonth: { en: 'Next month', zh: '下个月' },
  remove: { en: 'Remove', zh: '移除' },
  eventsUnavailable: { en: 'The events could not be loaded.', zh: '无法加载活动。' },
  errorOffline: {
    en: 'No connection. Check your network and try again.',
    zh: '网络连接失败，请检查网络后重试。',
  },
  errorTimeout: { en: 'The server took too long to answer. Try again.', zh: '服务器响应超时，请重试。' },
  errorInterrupted: { en: 'Loading was interrupted. Try again.', zh: '加载被中断，请重试。' },
  errorStatus: {
    en: 'The content server had a problem. Try again later.',
    zh: '内容服务器出现问题，请稍后重试。',
  },
  errorFormat: { en: 'The content could not be read. Try again later.', zh: '内容无法读取，请稍后重试。' },
  errorTooLarge: { en: 'The content is too large to load.', zh: '内容过大，无法加载。' },
  errorAborted: { en: 'Loading was cancelled.', zh: '加载已取消。' },
  copied: { en: '{what} copied', zh: '已复制{what}' },
  linkCopied: { en: 'Link copied: open it in your browser', zh: '链接已复制，请在浏览器中打开' },
  callFailed: { en: 'Could not start the call', zh: '无法拨打电话' },
  mapFailed: { en: 'Could not open the map', zh: '无法打开地图' },
  updateReadyTitle: { en: 'Update ready', zh: '发现新版本' },
  updateReadyText: {
    en: 'A new version of the mini program is ready. Restart to use it?',
    zh: '新版本已准备好，是否重启使用？',
  },
  restart: { en: 'Restart', zh: '重启' },
  officeUnavailable: { en: 'The office profile could not be loaded.', zh: '无法加载办公室介绍。' },
} as const satisfies Record<string, Record<UiLanguage, string>>

export type StringKey = keyof typeof STRINGS

/** The string in `language`, with `{name}` placeholders filled. */
export function t(key: StringKey, language: UiLanguage, values: Record<string, string> = {}): string {
  const text: string = STRINGS[key][language]
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}

/**
 * A string about a number of things, `{count}` filled: English has a singular (the key + "One") and a plural; Chinese
 * has one form, so both keys say the same there.
 */
export function tCount(key: StringKey, language: UiLanguage, count: number): string {
  const one = `${key}One`
  const singular = count === 1 && one in STRINGS ? (one as StringKey) : key
  return t(singular, language, { count: String(count) })
}

/** A string in both languages (errors carry both; the page shows the reader's). */
export function both(key: StringKey): { en: string; zh: string } {
  return { en: t(key, 'en'), zh: t(key, 'zh') }
}

/** The strings a view binds, by key, in one language. */
export function strings<K extends StringKey>(keys: readonly K[], language: UiLanguage): Record<K, string> {
  const out = {} as Record<K, string>
  for (const key of keys) out[key] = t(key, language)
  return out
}
