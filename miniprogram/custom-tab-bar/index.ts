// The tab bar, drawn by us so that its labels follow the app's language (the native one would need
// wx.setTabBarItem on every change). Each tab page sets `active` in its onShow.

import type { UiLanguage } from '../models/localized'
import { switchTab, ROUTES, type TabRoute } from '../services/navigation'
import { currentLanguage, onSettingsChange } from '../services/settings'
import { t, type StringKey } from '../utils/i18n'

const TABS: Array<{ route: TabRoute; icon: string; label: StringKey }> = [
  { route: ROUTES.news, icon: 'newspaper-o', label: 'tabNews' },
  { route: ROUTES.events, icon: 'calendar-o', label: 'tabEvents' },
  { route: ROUTES.saved, icon: 'star-o', label: 'tabSaved' },
  { route: ROUTES.office, icon: 'hotel-o', label: 'tabOffice' },
]

function tabs(language: UiLanguage): Array<{ icon: string; label: string }> {
  return TABS.map((tab) => ({ icon: tab.icon, label: t(tab.label, language) }))
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
      const tab = TABS[e.detail]
      if (tab) switchTab(tab.route)
    },
  },
})
