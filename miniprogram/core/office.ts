// The office profile (schema.org in JSON-LD) read into a typed model, checked against
// content/schema/office.schema.json. Invalid optional parts are left out; the profile fails only without its
// name, description or official account.

import { SCHEMAS } from '../generated/schemas'
import { isDomain, type Domain } from './format'
import { INVALID, compilePrune, type PruneStats } from './json-schema'
import { toLocalized, type Localized } from './localized'
import { ContentFormatError } from './errors'
import { httpsUrl, isLocalDevelopment } from './url'

export interface Office {
  id: string
  name: Localized
  shortName?: Localized
  description: Localized
  founded?: string
  parent?: Localized
  people: Array<{
    id?: string
    name: Localized
    jobTitle?: Localized
    description?: Localized
    image?: string
  }>
  domains: Array<{ code: Domain; name: Localized; description?: Localized }>
  services: Array<{ id: string; name: Localized; description?: Localized }>
  address?: {
    street?: Localized
    locality?: Localized
    region?: Localized
    postalCode?: string
    country?: string
  }
  /** GCJ-02. */
  geo?: { latitude: number; longitude: number }
  telephone?: string
  email?: string
  wechatId?: string
  officialAccount: { username: string; name: Localized; qrCode?: string }
  partnership?: { name: Localized; description?: Localized; until?: string }
  /** Dotted paths of values that are placeholders, not real data. */
  placeholders: string[]
  /** Invalid optional fields left out. */
  repaired: number
}

const readOffice = compilePrune(SCHEMAS.office)

type Text = unknown
interface RawOffice {
  identifier: string
  name: Text
  alternateName?: Text
  description: Text
  foundingDate?: string
  parentOrganization?: { name: Text }
  employee?: Array<{ identifier?: string; name: Text; jobTitle?: Text; description?: Text; image?: string }>
  knowsAbout?: Array<{ termCode: string; name: Text; description?: Text }>
  hasOfferCatalog?: { itemListElement: Array<{ identifier: string; name: Text; description?: Text }> }
  address?: {
    streetAddress?: Text
    addressLocality?: Text
    addressRegion?: Text
    postalCode?: string
    addressCountry?: string
  }
  geo?: { latitude: number; longitude: number }
  telephone?: string
  email?: string
  _bcecc: {
    placeholders?: string[]
    wechatId?: string
    partnership?: { name: Text; description?: Text; until?: string }
    officialAccount: { username: string; name: Text; qrCode?: string }
  }
}

const text = (value: Text): Localized | undefined => toLocalized(value, 'en')

/** A field only when it has a value (the model's optional fields are absent, not undefined). */
const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }

/** The office's people (with their pictures), technology domains (each once) and services, unnamed ones left out. */
function officeLists(raw: RawOffice, url: string): Pick<Office, 'people' | 'domains' | 'services'> {
  const people = (raw.employee ?? []).flatMap((p) => {
    const personName = text(p.name)
    if (!personName) return []
    const image = httpsUrl(p.image, url, isLocalDevelopment(url))
    return [
      {
        ...optional('id', p.identifier),
        name: personName,
        ...optional('jobTitle', text(p.jobTitle)),
        ...optional('description', text(p.description)),
        ...optional('image', image),
      },
    ]
  })
  const seenDomains = new Set<Domain>()
  const domains = (raw.knowsAbout ?? []).flatMap((d) => {
    const domainName = text(d.name)
    if (!isDomain(d.termCode) || !domainName || seenDomains.has(d.termCode)) return []
    seenDomains.add(d.termCode)
    return [{ code: d.termCode, name: domainName, ...optional('description', text(d.description)) }]
  })
  const services = (raw.hasOfferCatalog?.itemListElement ?? []).flatMap((s) => {
    const serviceName = text(s.name)
    return serviceName
      ? [{ id: s.identifier, name: serviceName, ...optional('description', text(s.description)) }]
      : []
  })
  return { people, domains, services }
}

export function parseOffice(json: unknown, url: string): Office {
  const stats: PruneStats = { pruned: 0 }
  const raw = readOffice(json, stats) as RawOffice | typeof INVALID
  if (raw === INVALID)
    throw new ContentFormatError(
      'not an office profile: its name, description or official account is missing or invalid',
    )
  const name = text(raw.name)
  const description = text(raw.description)
  const accountName = text(raw._bcecc.officialAccount.name)
  if (!name || !description || !accountName)
    throw new ContentFormatError('not an office profile: empty name or description')
  const shortName = text(raw.alternateName)
  const parent = raw.parentOrganization ? text(raw.parentOrganization.name) : undefined
  const { people, domains, services } = officeLists(raw, url)
  const a = raw.address
  const address = a
    ? {
        ...optional('street', text(a.streetAddress)),
        ...optional('locality', text(a.addressLocality)),
        ...optional('region', text(a.addressRegion)),
        ...optional('postalCode', a.postalCode),
        ...optional('country', a.addressCountry),
      }
    : undefined
  const p = raw._bcecc.partnership
  const partnershipName = p ? text(p.name) : undefined
  const qrCode = httpsUrl(raw._bcecc.officialAccount.qrCode, url, isLocalDevelopment(url))
  return {
    id: raw.identifier,
    name,
    ...optional('shortName', shortName),
    description,
    ...optional('founded', raw.foundingDate),
    ...optional('parent', parent),
    people,
    domains,
    services,
    ...(address && Object.keys(address).length > 0 ? { address } : {}),
    ...optional('geo', raw.geo ? { latitude: raw.geo.latitude, longitude: raw.geo.longitude } : undefined),
    ...optional('telephone', raw.telephone),
    ...optional('email', raw.email),
    ...optional('wechatId', raw._bcecc.wechatId),
    officialAccount: {
      username: raw._bcecc.officialAccount.username,
      name: accountName,
      ...optional('qrCode', qrCode),
    },
    ...(p && partnershipName
      ? {
          partnership: {
            name: partnershipName,
            ...optional('description', text(p.description)),
            ...optional('until', p.until),
          },
        }
      : {}),
    placeholders: raw._bcecc.placeholders ?? [],
    repaired: stats.pruned,
  }
}
