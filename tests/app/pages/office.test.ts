import { DEVELOPMENT_FEED_URL } from '../../../miniprogram/core/config'
import { openPage, settle, tap, texts, type AnyPage } from '../../setup/simulate'
import { sample } from '../../setup/sample'

const OFFICE_URL = DEVELOPMENT_FEED_URL.replace('feed.json', 'office.json')
const office = sample('office') as Record<string, unknown>

let snapshotOffice: unknown = undefined
jest.mock('../../../miniprogram/generated/snapshot', () => {
  const actual = jest.requireActual<{ SNAPSHOT: { office: unknown } }>(
    '../../../miniprogram/generated/snapshot',
  )
  return {
    get SNAPSHOT() {
      return { ...actual.SNAPSHOT, office: snapshotOffice ?? actual.SNAPSHOT.office }
    },
  }
})
afterEach(() => {
  snapshotOffice = undefined
})

const open = async (): Promise<AnyPage> => (await openPage('pages/office/index')).page
const contact = (page: AnyPage, kind: string): void => {
  const row = page
    .querySelectorAll('.bc-office__action')
    .find((n) => n.dom?.getAttribute('data-kind') === kind)
  if (!row) throw new Error(`no ${kind} action`)
  row.dispatchEvent('tap')
}

describe('office page', () => {
  beforeEach(() => {
    fakeWx.serveJson(OFFICE_URL, office)
  })

  test('presents the office, its counselor, domains, services and partnership in English', async () => {
    const page = await open()
    expect(texts(page, '.bc-office__name')).toEqual(['FIT Science & Technology Office Guangzhou'])
    expect(texts(page, '.bc-office__person .bc-office__strong')).toEqual(['Peter Tanghe'])
    expect(texts(page, '.bc-office__domain .bc-tag')).toEqual(['Digital Tech', 'Climate Tech', 'Health Tech'])
    expect(texts(page, '.bc-office__service .bc-office__strong')).toEqual([
      'Matchmaking',
      'License-in and license-out',
      'Clinical-trial partnering',
      'Trade missions',
    ])
    expect(texts(page, '.bc-section__title')).toContain('Partnership')
  })

  test('marks placeholder contact values as sample data', async () => {
    const page = await open()
    expect(texts(page, '.bc-office__note').length).toBe(4)
    expect(texts(page, '.bc-office__note')[0]).toBe('sample value')
  })

  test('calls, copies the email and the WeChat ID, and opens the map at GCJ-02 coordinates', async () => {
    const page = await open()
    contact(page, 'phone')
    contact(page, 'email')
    contact(page, 'wechat')
    contact(page, 'address')
    await settle()
    expect(fakeWx.calls.filter((c) => c.api !== 'setNavigationBarTitle')).toEqual([
      { api: 'makePhoneCall', options: { phoneNumber: '+862000000000' } },
      { api: 'setClipboardData', options: { data: 'guangzhou-office@example.com' } },
      { api: 'setClipboardData', options: { data: 'placeholder-wechat-id' } },
      {
        api: 'openLocation',
        options: expect.objectContaining({
          latitude: 23.1291,
          longitude: 113.2644,
          name: 'FIT Science & Technology Office Guangzhou',
        }) as unknown,
      },
    ])
    expect(fakeWx.toasts).toEqual(['Email copied', 'WeChat ID copied'])
  })

  test('does not report a cancelled call as a failure', async () => {
    const page = await open()
    fakeWx.failNext.set('makePhoneCall', 'makePhoneCall:fail cancel')
    contact(page, 'phone')
    await settle()
    expect(fakeWx.toasts).toEqual([])
  })

  test('opens News on the domain the reader taps', async () => {
    const page = await open()
    page.querySelectorAll('.bc-office__domain')[2]?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls).toContainEqual({ api: 'switchTab', options: { url: '/pages/news/index' } })
  })

  test('shows the profile in Chinese after the language switch', async () => {
    const page = await open()
    tap(page, '.bc-lang')
    await settle()
    expect(texts(page, '.bc-office__name')).toEqual(['弗兰德投资贸易局广州科技办公室'])
    expect(texts(page, '.bc-office__note')[0]).toBe('示例数据')
  })

  test('with no profile to show, says so and retries', async () => {
    snapshotOffice = { not: 'an office' }
    fakeWx.routes.set(OFFICE_URL, () => ({ statusCode: 500, data: '' }))
    const page = await open()
    expect(page.data.state).toBe('error')
    fakeWx.serveJson(OFFICE_URL, office)
    tap(page, '#retry')
    await settle()
    expect(page.data.state).toBe('ready')
  })
})

describe('follow the official account', () => {
  beforeEach(() => {
    fakeWx.serveJson(OFFICE_URL, office)
  })

  test('shows WeChat’s own card when opened from a scan', async () => {
    fakeWx.launchScene = 1047
    const page = await open()
    expect(page.querySelector('#follow')?.dom?.querySelector('wx-official-account')).toBeTruthy()
  })

  test('offers a button that opens the profile on base library 3.7.10 and later', async () => {
    fakeWx.launchScene = 1001
    fakeWx.sdkVersion = '3.8.0'
    const page = await open()
    const follow = page.querySelector('#follow')
    follow?.querySelector('#follow-profile')?.querySelector('.van-button')?.dispatchEvent('tap')
    await settle()
    expect(fakeWx.calls).toContainEqual({
      api: 'openOfficialAccountProfile',
      options: { username: 'gh_000000000000' },
    })
  })

  test('falls back to the QR code on older base libraries, and when WeChat refuses the profile', async () => {
    fakeWx.sdkVersion = '3.6.0'
    const older = await open()
    const qr = older.querySelector('#follow')
    expect(qr?.data.mode).toBe('qr')
    expect(qr?.data.qrCode).toMatch(
      /^http:\/\/127\.0\.0\.1:8080\/images\/official-account-qr-placeholder-[0-9a-f]{12}\.svg$/,
    )
    expect(qr?.querySelector('.bc-follow__qr-image')).toBeTruthy()

    fakeWx.sdkVersion = '3.8.0'
    fakeWx.failNext.set('openOfficialAccountProfile', 'openOfficialAccountProfile:fail not associated')
    const page = await open()
    const follow = page.querySelector('#follow')
    follow?.querySelector('#follow-profile')?.querySelector('.van-button')?.dispatchEvent('tap')
    await settle()
    expect(follow?.data.mode).toBe('qr')
    expect(follow?.querySelector('.bc-follow__qr-image')).toBeTruthy()
  })
})

test('keeps the profile it has when the check fails, and says why, in the reader\u2019s language', async () => {
  fakeWx.language = 'zh_CN'
  fakeWx.routes.set(OFFICE_URL, () => ({ fail: 'request:fail -101' }))
  const page = await open()
  expect(texts(page, '.bc-stale')).toEqual(['未能更新：无网络连接'])
  expect(texts(page, '.bc-office__name').length).toBe(1)
})
