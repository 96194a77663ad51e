// Moving between pages, with typed routes, and the one hand-over between tabs (switchTab takes no query).

import type { Domain } from '../core/format'

export const ROUTES = {
  news: '/pages/news/index',
  events: '/pages/events/index',
  saved: '/pages/saved/index',
  office: '/pages/office/index',
  article: '/pages/article/index',
  event: '/pages/event/index',
} as const

export type TabRoute = typeof ROUTES.news | typeof ROUTES.events | typeof ROUTES.saved | typeof ROUTES.office

/** The tabs in the order the tab bar draws them (app.json's tabBar list follows it too). */
export const TAB_ROUTES: readonly TabRoute[] = [ROUTES.news, ROUTES.events, ROUTES.saved, ROUTES.office]

let pendingNewsDomain: Domain | 'all' | undefined

/** Opens News on a domain filter (from the office page's domains). */
export function openNewsFiltered(domain: Domain | 'all'): void {
  pendingNewsDomain = domain
  wx.switchTab({ url: ROUTES.news })
}

/** The filter another page asked News to show, once. */
export function takePendingNewsDomain(): Domain | 'all' | undefined {
  const domain = pendingNewsDomain
  pendingNewsDomain = undefined
  return domain
}

export function switchTab(url: TabRoute): void {
  wx.switchTab({ url })
}

/** Lights the tab of the page being shown (each tab page has its own custom tab bar; call from onShow). */
export function markTab(
  page: { getTabBar?: () => WechatMiniprogram.Component.TrivialInstance | undefined },
  route: TabRoute,
): void {
  page.getTabBar?.()?.setData({ active: TAB_ROUTES.indexOf(route) })
}

export function openArticle(id: string): void {
  wx.navigateTo({ url: `${ROUTES.article}?id=${encodeURIComponent(id)}` })
}

/** Opens an event; `at` names one occurrence of a recurring event (its original start). */
export function openEvent(uid: string, at?: string): void {
  wx.navigateTo({ url: eventPath(uid, at) })
}

/** The event page's path, as navigation and sharing write it. */
export function eventPath(uid: string, at?: string): string {
  return `${ROUTES.event}?uid=${encodeURIComponent(uid)}${at ? `&at=${encodeURIComponent(at)}` : ''}`
}

/** Scrolls the page to an element of it (an article's footnote), with a short glide. */
export function scrollToElement(selector: string): void {
  wx.pageScrollTo({ selector, duration: 200 })
}

export function setTitle(title: string): void {
  wx.setNavigationBarTitle({ title })
}

export function toast(title: string): void {
  wx.showToast({ title, icon: 'none' })
}

/** Ends the pull-down-to-refresh animation once `work` is done, whether it succeeded or not. */
export function refreshFromPullDown(work: () => Promise<void>): void {
  void work()
    .catch(() => undefined)
    .then(() => wx.stopPullDownRefresh())
}
