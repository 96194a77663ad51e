// What every content page needs around its own work: requests that end with the page, and the reader's language,
// followed while the page lives. A page with this behaviour has `scope` and `language` before its onLoad, and its
// `applyLanguage`, if it has one, is called when the reader switches language.

import type { UiLanguage } from '../core/localized'
import { createRequestScope, type RequestScope } from '../services/http'
import { currentLanguage, onSettingsChange } from '../services/settings'

export interface PageLife {
  /** The page's requests: aborted when the page goes. */
  scope: RequestScope
  /** The language the page shows. */
  language: UiLanguage
  stopFollowingLanguage: () => void
  applyLanguage?: (language: UiLanguage) => void
}

export const pageLife = Behavior<
  Record<string, never>,
  Record<string, never>,
  Record<string, never>,
  [],
  PageLife
>({
  lifetimes: {
    attached() {
      this.scope = createRequestScope()
      this.language = currentLanguage()
      this.stopFollowingLanguage = onSettingsChange(() => {
        const next = currentLanguage()
        if (next !== this.language) this.applyLanguage?.(next)
      })
    },
    detached() {
      this.scope.abort()
      this.stopFollowingLanguage()
    },
  },
})
