// Office: the FIT Science & Technology Office in Guangzhou, its domains and services, and how to reach it.

import type { Domain } from '../../core/format'
import type { UiLanguage } from '../../core/localized'
import type { Office } from '../../core/office'
import { call, copy, openMap } from '../../services/actions'
import { content, type Loaded } from '../../services/content'
import { markTab, openNewsFiltered, ROUTES, setTitle } from '../../services/navigation'
import { updateSettings } from '../../services/settings'
import {
  contentPage,
  contentPageData,
  type ContentPage,
  type ContentPageData,
} from '../../behaviors/content-page'
import { strings, t } from '../../core/i18n'
import { officeView, type ContactRow, type OfficeView } from '../../view/office'

const LABELS = [
  'aboutOffice',
  'counselor',
  'domains',
  'domainsHint',
  'services',
  'partnership',
  'contact',
  'retry',
  'switchLanguage',
  'switchLanguageLabel',
  'followTitle',
  'followHint',
  'followButton',
  'followQrHint',
] as const

interface Data extends ContentPageData {
  labels: Record<(typeof LABELS)[number], string>
  office: OfficeView | null
}

interface Fields extends ContentPage {
  model: Office | undefined
}

type Methods = {
  applyLanguage(language: UiLanguage): void
  show(loaded: Loaded<Office>): void
  onOpenDomain(e: WechatMiniprogram.BaseEvent<Record<string, never>, { code: Domain }>): void
  onContact(e: WechatMiniprogram.BaseEvent<Record<string, never>, { kind: ContactRow['kind'] }>): void
  onSwitchLanguage(): void
}

Component<Data, Record<string, never>, Methods, [typeof contentPage], Fields, true>({
  behaviors: [contentPage],

  data: {
    ...contentPageData(),
    labels: strings(LABELS, 'en'),
    office: null,
  },

  methods: {
    onLoad() {
      this.model = undefined
      this.applyLanguage(this.language)
      this.loadContent({
        resource: content.office,
        show: (loaded) => this.show(loaded),
        unavailable: 'officeUnavailable',
      })
    },

    onShow() {
      markTab(this, ROUTES.office)
    },

    applyLanguage(language: UiLanguage) {
      this.language = language
      setTitle(t('officeTitle', language))
      this.setData({
        labels: strings(LABELS, language),
        ...(this.model ? { office: officeView(this.model, language) } : {}),
      })
      this.setStale(this.staleWhy)
    },

    show(loaded: Loaded<Office>) {
      this.model = loaded.value
      this.setData({ state: 'ready', errorMessage: '', office: officeView(loaded.value, this.language) })
    },

    onOpenDomain(e) {
      openNewsFiltered(e.currentTarget.dataset.code)
    },

    onContact(e) {
      const office = this.model
      if (!office) return
      const language = this.language
      switch (e.currentTarget.dataset.kind) {
        case 'phone':
          if (office.telephone) call(office.telephone, language)
          break
        case 'email':
          if (office.email) copy(office.email, t('email', language), language)
          break
        case 'wechat':
          if (office.wechatId) copy(office.wechatId, t('wechatId', language), language)
          break
        case 'address': {
          const view = officeView(office, language)
          const address = view.contacts.find((c) => c.kind === 'address')?.value ?? ''
          if (office.geo) openMap({ ...office.geo, name: view.name, address }, language)
          break
        }
      }
    },

    onSwitchLanguage() {
      updateSettings({ language: this.language === 'en' ? 'zh' : 'en' })
    },
  },
})
