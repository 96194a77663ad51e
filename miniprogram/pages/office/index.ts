// Office: the FIT Science & Technology Office in Guangzhou, its domains and services, and how to reach it.

import type { Domain } from '../../models/format'
import type { UiLanguage } from '../../models/localized'
import type { Office } from '../../models/office'
import { call, copy, openMap } from '../../services/actions'
import { content, failureLabel, staleNotice, userMessage, type Loaded } from '../../services/content'
import {
  markTab,
  openNewsFiltered,
  refreshFromPullDown,
  ROUTES,
  setTitle,
  toast,
} from '../../services/navigation'
import { updateSettings } from '../../services/settings'
import { pageLife, type PageLife } from '../../behaviors/page-life'
import { strings, t, type StringKey } from '../../utils/i18n'
import { officeView, type ContactRow, type OfficeView } from './view'

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

interface Data {
  labels: Record<(typeof LABELS)[number], string>
  state: 'loading' | 'ready' | 'error'
  errorMessage: string
  /** Above kept content after a failed check: why it was not updated. */
  stale: string
  office: OfficeView | null
}

interface Fields extends PageLife {
  model: Office | undefined
  /** Why the last check failed, while the kept content shows. */
  staleWhy: StringKey | undefined
}

type Methods = {
  applyLanguage(language: UiLanguage): void
  show(loaded: Loaded<Office>): void
  refresh(force: boolean): Promise<void>
  setStale(why: StringKey | undefined): void
  onRetry(): void
  onOpenDomain(e: WechatMiniprogram.BaseEvent<Record<string, never>, { code: Domain }>): void
  onContact(e: WechatMiniprogram.BaseEvent<Record<string, never>, { kind: ContactRow['kind'] }>): void
  onSwitchLanguage(): void
}

Component<Data, Record<string, never>, Methods, [typeof pageLife], Fields, true>({
  behaviors: [pageLife],

  data: {
    labels: strings(LABELS, 'en'),
    state: 'loading',
    errorMessage: '',
    stale: '',
    office: null,
  },

  methods: {
    onLoad() {
      this.model = undefined
      this.applyLanguage(this.language)
      const shown = content.office.peek()
      if (shown) this.show(shown)
      void this.refresh(false)
    },

    onShow() {
      markTab(this, ROUTES.office)
    },

    onPullDownRefresh() {
      refreshFromPullDown(() => this.refresh(true))
    },

    applyLanguage(language: UiLanguage) {
      this.language = language
      setTitle(t('officeTitle', language))
      this.setData({
        labels: strings(LABELS, language),
        ...(this.model ? { office: officeView(this.model, language) } : {}),
        stale: staleNotice(this.staleWhy, language),
      })
    },

    show(loaded: Loaded<Office>) {
      this.model = loaded.value
      this.setData({ state: 'ready', errorMessage: '', office: officeView(loaded.value, this.language) })
    },

    async refresh(force: boolean) {
      const url = content.urls().office
      if (!url) {
        if (!this.model) this.setData({ state: 'error', errorMessage: t('officeUnavailable', this.language) })
        return
      }
      const outcome = await content.office.refresh(this.scope, url, { force })
      if (this.scope.aborted) return
      if (outcome.kind !== 'failed' && this.staleWhy) this.setStale(undefined)
      if (outcome.kind === 'updated') this.show(outcome.loaded)
      else if (outcome.kind === 'failed') {
        if (this.model) {
          if (force) toast(userMessage(outcome.error)[this.language])
          this.setStale(failureLabel(outcome.error))
        } else {
          this.setData({ state: 'error', errorMessage: userMessage(outcome.error)[this.language] })
        }
      }
    },

    setStale(why: StringKey | undefined) {
      this.staleWhy = why
      this.setData({ stale: staleNotice(why, this.language) })
    },

    onRetry() {
      this.setData({ state: 'loading' })
      void this.refresh(true)
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
