// The feed's settings (content/site.yaml) and the office profile (content/office.yaml), turned into the JSON Feed's
// head and the schema.org JSON-LD document the app reads.

import type { Fields, Localized } from './fields'
import { isTimeZone } from './when'
import { DEFAULT_TIME_ZONE } from './events'

export interface Site {
  title: string
  description?: string
  language: 'en' | 'zh'
  author?: string
  homePageUrl?: string
  baseUrl?: string
  timeZone: string
  /** Warn when the images of one article weigh more than this. */
  imageBudgetBytes: number
  eventsTitle: string
  /** Where "Publish to readers" and `content -- publish` upload (no keys: those never live in the repository). */
  publish?: PublishSettings
  /** The hosted web editor's git host and sign-in (`content -- editor-build`). */
  editor?: HostedEditorSettings
}

export interface PublishSettings {
  /** s3://bucket/prefix */
  target: string
  endpoint?: string
  region?: string
  pathStyle?: boolean
}

export interface HostedEditorSettings {
  backend: 'gitea' | 'gitlab'
  /** owner/name of the content repository on the host. */
  repo: string
  /** The host's address, e.g. https://git.bcecc.example or https://gitlab.com. */
  baseUrl: string
  /** Its API, when not the usual place (Gitea: base_url/api/v1; GitLab: base_url/api/v4). */
  apiRoot?: string
  /** The OAuth application's client ID (no secret: the browser signs in with PKCE). */
  appId: string
  branch: string
}

const SITE_FIELDS = [
  'title',
  'description',
  'language',
  'author',
  'home_page_url',
  'base_url',
  'time_zone',
  'image_budget_kb',
  'events_title',
  'publish',
  'editor',
] as const

const PUBLISH_FIELDS = ['target', 'endpoint', 'region', 'path_style'] as const
const EDITOR_FIELDS = ['backend', 'repo', 'base_url', 'api_root', 'app_id', 'branch'] as const

/** An address: https://, or http:// to this machine (a local storage server, a test). */
function address(fields: Fields, name: string, required = false): string | undefined {
  const expected = 'an https:// address'
  const value = fields.text(name, expected, required)
  if (value === undefined) return undefined
  if (
    /^https:\/\/[^\s/]+\S*$/.test(value) ||
    /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/\S*)?$/.test(value)
  )
    return value.replace(/\/+$/, '')
  fields.wrong(name, expected)
  return undefined
}

function readPublishSettings(fields: Fields): PublishSettings | undefined {
  fields.only(PUBLISH_FIELDS)
  const target = fields.text('target', 'the storage to publish to, as s3://bucket/prefix', true)
  if (target !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/\S*)?$/.test(target))
    fields.wrong('target', 'the storage to publish to, as s3://bucket/prefix (bucket in lower case)')
  const endpoint = address(fields, 'endpoint')
  const region = fields.text('region', 'the storage region, such as ap-guangzhou')
  const pathStyle = fields.bool('path_style')
  if (target === undefined || !/^s3:\/\//.test(target)) return undefined
  return {
    target,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(pathStyle !== undefined ? { pathStyle } : {}),
  }
}

function readEditorSettings(fields: Fields): HostedEditorSettings | undefined {
  fields.only(EDITOR_FIELDS)
  const backend = fields.choice('backend', ['gitea', 'gitlab'] as const, true)
  const repo = fields.text('repo', "the content repository's owner/name", true)
  if (repo !== undefined && !/^[\w.-]+(\/[\w.-]+)+$/.test(repo))
    fields.wrong('repo', "the content repository's owner/name, such as bcecc/newsletter")
  const baseUrl = address(fields, 'base_url', true)
  const apiRoot = address(fields, 'api_root')
  const appId = fields.text('app_id', "the OAuth application's client ID", true)
  const branch = fields.text('branch', 'the branch readers are published from, such as main') ?? 'main'
  if (!backend || !repo || !baseUrl || !appId || !/^[\w.-]+(\/[\w.-]+)+$/.test(repo)) return undefined
  return { backend, repo, baseUrl, appId, branch, ...(apiRoot !== undefined ? { apiRoot } : {}) }
}

export function readSite(fields: Fields): Site | undefined {
  fields.only(SITE_FIELDS)
  const title = fields.text('title', "the newsletter's name, such as BCECC Newsletter", true)
  const timeZone = fields.text('time_zone', 'an IANA time zone such as Asia/Shanghai') ?? DEFAULT_TIME_ZONE
  if (!isTimeZone(timeZone))
    fields.wrong('time_zone', 'an IANA time zone such as Asia/Shanghai or Europe/Brussels')
  const url = (name: string): string | undefined => {
    const value = fields.text(name, 'an https:// address')
    if (value !== undefined && !/^https:\/\/\S+$/.test(value)) {
      fields.wrong(name, 'an https:// address')
      return undefined
    }
    return value
  }
  const homePageUrl = url('home_page_url')
  const baseUrl = url('base_url')
  const budget = fields.number(
    'image_budget_kb',
    'a number of kilobytes such as 400',
    (n) => n > 0 && n < 1e6,
  )
  if (title === undefined) return undefined
  const site: Site = {
    title,
    language: fields.choice('language', ['en', 'zh'] as const) ?? 'en',
    timeZone,
    imageBudgetBytes: Math.round((budget ?? 400) * 1024),
    eventsTitle: fields.text('events_title', "the calendar's name") ?? `${title}: events`,
  }
  const description = fields.text('description', 'one sentence about the newsletter')
  if (description !== undefined) site.description = description
  const author = fields.text('author', "the publisher's name")
  if (author !== undefined) site.author = author
  if (homePageUrl !== undefined) site.homePageUrl = homePageUrl
  if (baseUrl !== undefined) site.baseUrl = baseUrl
  const publishFields = fields.group('publish', 'the publishing settings: target:, endpoint:, region:')
  const publish = publishFields && readPublishSettings(publishFields)
  if (publish) site.publish = publish
  const editorFields = fields.group(
    'editor',
    'the hosted editor settings: backend:, repo:, base_url:, app_id:',
  )
  const editor = editorFields && readEditorSettings(editorFields)
  if (editor) site.editor = editor
  return site
}

/** The head of the JSON Feed (everything but items). */
export function feedHead(site: Site): Record<string, unknown> {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: site.title,
    ...(site.homePageUrl !== undefined ? { home_page_url: site.homePageUrl } : {}),
    ...(site.description !== undefined ? { description: site.description } : {}),
    language: site.language,
    ...(site.author !== undefined ? { authors: [{ name: site.author }] } : {}),
  }
}

const OFFICE_FIELDS = [
  'id',
  'name',
  'short_name',
  'description',
  'founded',
  'parent',
  'people',
  'domains',
  'services_title',
  'services',
  'address',
  'coordinates',
  'telephone',
  'email',
  'wechat_id',
  'partnership',
  'official_account',
  'placeholders',
] as const

/** Names of values an editor may mark as placeholders → where they are in the office document. */
const PLACEHOLDER_PATHS: ReadonlyMap<string, string> = new Map([
  ['address.street', 'address.streetAddress'],
  ['address.city', 'address.addressLocality'],
  ['address.region', 'address.addressRegion'],
  ['coordinates', 'geo'],
  ['telephone', 'telephone'],
  ['email', 'email'],
  ['wechat_id', '_bcecc.wechatId'],
  ['official_account.username', '_bcecc.officialAccount.username'],
  ['official_account.qr_code', '_bcecc.officialAccount.qrCode'],
])

function language(text: Localized | undefined): Record<string, string> | undefined {
  if (!text) return undefined
  const out: Record<string, string> = {}
  if (text.en !== undefined) out.en = text.en
  if (text.zh !== undefined) out.zh = text.zh
  return out
}

function compact(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))
}

const CONTEXT = {
  '@vocab': 'https://schema.org/',
  name: { '@container': '@language' },
  alternateName: { '@container': '@language' },
  description: { '@container': '@language' },
  jobTitle: { '@container': '@language' },
  streetAddress: { '@container': '@language' },
  addressLocality: { '@container': '@language' },
  addressRegion: { '@container': '@language' },
}

/** The office's people, technology domains and services, each a list of groups. */
function listsOf(fields: Fields): {
  people: Array<Record<string, unknown>>
  domains: Array<Record<string, unknown>>
  services: Array<Record<string, unknown>>
} {
  const people = fields.groups('people', 'a person: id:, name:, job_title:, description:').map((person) => {
    person.only(['id', 'name', 'job_title', 'description'])
    return compact({
      '@type': 'Person',
      identifier: person.text('id', 'a short name such as peter-tanghe', true),
      name: language(person.localized('name', "the person's name", true)),
      jobTitle: language(person.localized('job_title', 'their job title')),
      description: language(person.localized('description', 'a few lines about them')),
    })
  })
  const domains = fields.groups('domains', 'a domain: code:, name:, description:').map((domain) => {
    domain.only(['code', 'name', 'description'])
    return compact({
      '@type': 'DefinedTerm',
      termCode: domain.choice('code', ['digital', 'climate', 'health'] as const, true),
      name: language(domain.localized('name', "the domain's name", true)),
      description: language(domain.localized('description', 'what Flanders offers in it')),
    })
  })
  const services = fields.groups('services', 'a service: id:, name:, description:').map((service) => {
    service.only(['id', 'name', 'description'])
    return compact({
      '@type': 'Service',
      identifier: service.text('id', 'a short name such as matchmaking', true),
      name: language(service.localized('name', "the service's name", true)),
      description: language(service.localized('description', 'what it is')),
    })
  })
  return { people, domains, services }
}

/** The official account: its group, original ID (gh_…) and the published address of its QR code. */
function accountOf(
  fields: Fields,
  image: (path: string, at: ReturnType<Fields['at']>) => string | undefined,
): { account: Fields | undefined; username: string | undefined; qrCode: string | undefined } {
  const account = fields.group('official_account', 'name:, username: (gh_…) and qr_code: (an image)')
  account?.only(['name', 'username', 'qr_code'])
  const qrPath = account?.text('qr_code', 'an image in content/images, such as images/qr.png')
  const qrCode = qrPath === undefined || !account ? undefined : image(qrPath, account.at('qr_code'))
  const username = account?.text('username', "the account's original ID, gh_ and twelve letters or digits")
  if (username !== undefined && account && !/^gh_[0-9a-f]{12}$/i.test(username))
    account.wrong(
      'username',
      "the account's original ID, gh_ followed by twelve letters or digits",
      'warning',
    )

  return { account, username, qrCode }
}

/** The sample texts still marked as placeholders, as the paths the app marks. */
function placeholdersOf(fields: Fields): string[] {
  const placeholders: string[] = []
  for (const mark of fields.texts('placeholders', `one of ${[...PLACEHOLDER_PATHS.keys()].join(', ')}`)) {
    const path = PLACEHOLDER_PATHS.get(mark)
    if (path) placeholders.push(path)
    else
      fields.file.report(
        'error',
        fields.at('placeholders'),
        `placeholders has "${mark}"; expected one of ${[...PLACEHOLDER_PATHS.keys()].join(', ')}`,
      )
  }
  return placeholders
}

/**
 * The office's JSON-LD document. `image` turns a path in content/images into its published address (undefined
 * when there is no such image; the caller reports it).
 */
export function readOffice(
  fields: Fields,
  image: (path: string, at: ReturnType<Fields['at']>) => string | undefined,
): Record<string, unknown> | undefined {
  fields.only(OFFICE_FIELDS)
  const id = fields.text('id', 'a short name such as fit-guangzhou', true)
  const name = fields.localized('name', "the office's name", true)
  const { people, domains, services } = listsOf(fields)
  const address = fields.group('address', 'street:, city:, region:, country:')
  address?.only(['street', 'city', 'region', 'country'])
  const coordinates = fields.coordinates('coordinates', '23.1291, 113.2644')
  const geo = coordinates && {
    '@type': 'GeoCoordinates',
    latitude: Number(coordinates.latitude),
    longitude: Number(coordinates.longitude),
  }
  const partnership = fields.group('partnership', 'name:, description:, until:')
  partnership?.only(['name', 'description', 'until'])
  const { account, username, qrCode } = accountOf(fields, image)
  const placeholders = placeholdersOf(fields)
  const founded = fields.text('founded', 'a year such as 2021')
  const servicesTitle = language(
    fields.localized('services_title', 'the heading of the services, such as Services'),
  )
  if (id === undefined || name === undefined) return undefined
  return compact({
    '@context': CONTEXT,
    '@type': 'GovernmentOffice',
    identifier: id,
    name: language(name),
    alternateName: language(fields.localized('short_name', 'a short name such as FIT Guangzhou')),
    description: language(fields.localized('description', 'who the office is and what it does')),
    foundingDate: founded,
    parentOrganization: fields.has('parent')
      ? {
          '@type': 'GovernmentOrganization',
          name: language(fields.localized('parent', "the parent organisation's name")),
        }
      : undefined,
    employee: people.length > 0 ? people : undefined,
    knowsAbout: domains.length > 0 ? domains : undefined,
    hasOfferCatalog:
      services.length > 0
        ? compact({ '@type': 'OfferCatalog', name: servicesTitle, itemListElement: services })
        : undefined,
    address: address
      ? compact({
          '@type': 'PostalAddress',
          streetAddress: language(address.localized('street', 'the street address')),
          addressLocality: language(address.localized('city', 'the city')),
          addressRegion: language(address.localized('region', 'the province or region')),
          addressCountry: address.text('country', 'a two-letter country code such as CN'),
        })
      : undefined,
    geo,
    telephone: fields.text('telephone', 'a phone number such as +86 20 1234 5678'),
    email: fields.text('email', 'an email address'),
    _bcecc: compact({
      version: 1,
      placeholders: placeholders.length > 0 ? placeholders : undefined,
      wechatId: fields.text('wechat_id', "the office's WeChat ID"),
      partnership: partnership
        ? compact({
            name: language(partnership.localized('name', "the partnership's name")),
            description: language(partnership.localized('description', 'what it is')),
            until: partnership.text('until', 'a year such as 2026'),
          })
        : undefined,
      officialAccount: account
        ? compact({
            username,
            name: language(account.localized('name', "the account's name", true)),
            qrCode,
          })
        : undefined,
    }),
  })
}
