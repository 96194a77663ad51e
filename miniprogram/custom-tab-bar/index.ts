// The tab bar, drawn by us so that its labels follow the app's language (the native one would need
// wx.setTabBarItem on every change). Each tab page sets `active` in its onShow, through markTab.

import type { UiLanguage } from '../core/localized'
import { switchTab, ROUTES, TAB_ROUTES, type TabRoute } from '../services/navigation'
import { currentLanguage, onSettingsChange } from '../services/settings'
import { t, type StringKey } from '../core/i18n'

const LOOK: Record<TabRoute, { icon: string; label: StringKey }> = {
  [ROUTES.news]: { icon: 'newspaper-o', label: 'tabNews' },
  [ROUTES.events]: { icon: 'calendar-o', label: 'tabEvents' },
  [ROUTES.saved]: { icon: 'star-o', label: 'tabSaved' },
  [ROUTES.office]: { icon: 'hotel-o', label: 'tabOffice' },
}

function tabs(language: UiLanguage): Array<{ icon: string; label: string }> {
  return TAB_ROUTES.map((route) => ({ icon: LOOK[route].icon, label: t(LOOK[route].label, language) }))
}

interface Data {
  active: number
  tabs: Array<{ icon: string; label: string }>
}
type Methods = { onChange(e: { detail: number }): void }

Component<Data, Record<string, never>, Methods, [], { stop?: () => void }>({
  data: {
    active: 0,
    tabs: tabs('en'),
  },

  lifetimes: {
    attached() {
      this.setData({ tabs: tabs(currentLanguage()) })
      this.stop = onSettingsChange(() => this.setData({ tabs: tabs(currentLanguage()) }))
    },
    detached() {
      this.stop?.()
    },
  },

  methods: {
    onChange(e) {
      const route = TAB_ROUTES[e.detail]
      if (route) switchTab(route)
    },
  },
})
