// What the office page shows of the office profile, in one language. Pure.

import type { Domain } from '../core/format'
import { pick, type UiLanguage } from '../core/localized'
import type { Office } from '../core/office'
import { t } from '../core/i18n'

export interface ContactRow {
  kind: 'phone' | 'email' | 'wechat' | 'address'
  label: string
  value: string
  action: string
  /** Shown when the value is a placeholder, not real data. */
  note: string
}

export interface OfficeView {
  name: string
  shortName: string
  description: string
  founded: string
  people: Array<{ name: string; jobTitle: string; description: string }>
  domains: Array<{ code: Domain; name: string; description: string }>
  services: Array<{ id: string; name: string; description: string }>
  partnership: { name: string; description: string; until: string } | undefined
  contacts: ContactRow[]
  account: { username: string; name: string; qrCode: string }
}

/** How to reach the office, each with its action (call, copy, map) and a note on sample values. */
function contactRows(office: Office, language: UiLanguage): ContactRow[] {
  const placeholder = (path: string): string =>
    office.placeholders.includes(path) ? t('placeholder', language) : ''
  const contacts: ContactRow[] = []
  if (office.telephone) {
    contacts.push({
      kind: 'phone',
      label: t('phone', language),
      value: office.telephone,
      action: t('call', language),
      note: placeholder('telephone'),
    })
  }
  if (office.email) {
    contacts.push({
      kind: 'email',
      label: t('email', language),
      value: office.email,
      action: t('copy', language),
      note: placeholder('email'),
    })
  }
  if (office.wechatId) {
    contacts.push({
      kind: 'wechat',
      label: t('wechatId', language),
      value: office.wechatId,
      action: t('copy', language),
      note: placeholder('_bcecc.wechatId'),
    })
  }
  const a = office.address
  if (a) {
    const parts = language === 'zh' ? [a.region, a.locality, a.street] : [a.street, a.locality, a.region]
    const value = parts
      .map((p) => pick(p, language))
      .filter(Boolean)
      .join(language === 'zh' ? '' : ', ')
    if (value) {
      contacts.push({
        kind: 'address',
        label: t('address', language),
        value,
        action: office.geo ? t('map', language) : '',
        note: placeholder('address.streetAddress') || placeholder('geo'),
      })
    }
  }
  return contacts
}

export function officeView(office: Office, language: UiLanguage): OfficeView {
  const contacts = contactRows(office, language)
  const p = office.partnership
  return {
    name: pick(office.name, language),
    shortName: pick(office.shortName, language),
    description: pick(office.description, language),
    founded: office.founded ? t('foundedIn', language, { year: office.founded.slice(0, 4) }) : '',
    people: office.people.map((person) => ({
      name: pick(person.name, language),
      jobTitle: pick(person.jobTitle, language),
      description: pick(person.description, language),
    })),
    domains: office.domains.map((d) => ({
      code: d.code,
      name: pick(d.name, language),
      description: pick(d.description, language),
    })),
    services: office.services.map((s) => ({
      id: s.id,
      name: pick(s.name, language),
      description: pick(s.description, language),
    })),
    partnership: p
      ? {
          name: pick(p.name, language),
          description: pick(p.description, language),
          until: p.until ? t('until', language, { year: p.until.slice(0, 4) }) : '',
        }
      : undefined,
    contacts,
    account: {
      username: office.officialAccount.username,
      name: pick(office.officialAccount.name, language),
      qrCode: office.officialAccount.qrCode ?? '',
    },
  }
}
