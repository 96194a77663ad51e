// One typed fake of the wx APIs the app uses. Callbacks are asynchronous, as on a phone. Tests route requests,
// inspect what was shown, and fail storage writes on purpose.

export type RouteReply =
  | { statusCode: number; data: unknown; header?: Record<string, string> }
  | { fail: string }
  /** No answer: the platform's own timeout fires (request:fail timeout) after the request's \`timeout\`. */
  | 'hang'
  /** No callback ever, not even on timeout (older base libraries ignore \`timeout\`). */
  | 'silent'

export type Route = (req: { url: string; header: Record<string, string> }) => RouteReply

export interface FakeWx {
  routes: Map<string, Route>
  requests: Array<{ url: string; header: Record<string, string> }>
  toasts: string[]
  /** Every call of the wx APIs below that act for the user, with its options (callbacks left out). */
  calls: Array<{ api: string; options: Record<string, unknown> }>
  launchScene: number
  language: string
  /** What the next call of an API answers: fail with this errMsg (e.g. "makePhoneCall:fail cancel"). */
  failNext: Map<string, string>
  modalConfirm: boolean
  storage: Map<string, string>
  storageQuotaBytes: number
  envVersion: 'develop' | 'trial' | 'release'
  sdkVersion: string
  reset(): void
  /** Serves a JSON body (as the text wx.request returns with responseType "text") at a URL. */
  serveJson(url: string, body: unknown, statusCode?: number): void
  api: Record<string, unknown>
}

const later = (fn: () => void): void => {
  setTimeout(fn, 0)
}

export function createFakeWx(): FakeWx {
  const fake: FakeWx = {
    routes: new Map(),
    requests: [],
    toasts: [],
    calls: [],
    launchScene: 1001,
    language: 'en',
    failNext: new Map(),
    modalConfirm: true,
    storage: new Map(),
    storageQuotaBytes: 10 * 1024 * 1024,
    envVersion: 'develop',
    sdkVersion: '3.7.12',
    reset() {
      fake.routes.clear()
      fake.requests.length = 0
      fake.toasts.length = 0
      fake.calls.length = 0
      fake.launchScene = 1001
      fake.language = 'en'
      fake.failNext.clear()
      fake.modalConfirm = true
      fake.storage.clear()
      fake.storageQuotaBytes = 10 * 1024 * 1024
      fake.envVersion = 'develop'
      fake.sdkVersion = '3.7.12'
    },
    serveJson(url, body, statusCode = 200) {
      fake.routes.set(url, () => ({
        statusCode,
        data: typeof body === 'string' ? body : JSON.stringify(body),
      }))
    },
    api: {},
  }

  const systemInfo = () => ({
    SDKVersion: fake.sdkVersion,
    platform: 'devtools',
    language: fake.language,
    theme: 'light',
    windowWidth: 375,
    windowHeight: 812,
    screenWidth: 375,
    screenHeight: 812,
    pixelRatio: 2,
    statusBarHeight: 44,
    safeArea: { top: 44, bottom: 778, left: 0, right: 375, width: 375, height: 734 },
    environment: '',
  })

  fake.api = {
    request(options: WechatMiniprogram.RequestOption) {
      const header = (options.header ?? {}) as Record<string, string>
      const req = { url: options.url, header }
      fake.requests.push(req)
      const route = fake.routes.get(options.url.split('?')[0] ?? options.url)
      const reply: RouteReply = route ? route(req) : { statusCode: 404, data: '{"error":"not_found"}' }
      let aborted = false
      if (reply === 'hang' && options.timeout) {
        setTimeout(() => {
          if (!aborted)
            options.fail?.({
              errMsg: 'request:fail timeout',
              errno: 0,
            } as unknown as WechatMiniprogram.RequestFailCallbackErr)
        }, options.timeout)
      } else if (reply !== 'hang' && reply !== 'silent') {
        later(() => {
          if (aborted) return
          if ('fail' in reply)
            options.fail?.({
              errMsg: reply.fail,
              errno: 0,
            } as unknown as WechatMiniprogram.RequestFailCallbackErr)
          else
            options.success?.({
              statusCode: reply.statusCode,
              data: reply.data as string,
              header: reply.header ?? {},
              cookies: [],
              errMsg: 'request:ok',
            } as unknown as WechatMiniprogram.RequestSuccessCallbackResult)
          options.complete?.({ errMsg: 'request:complete' })
        })
      }
      return {
        abort() {
          aborted = true
          later(() =>
            options.fail?.({
              errMsg: 'request:fail abort',
              errno: 0,
            } as unknown as WechatMiniprogram.RequestFailCallbackErr),
          )
        },
      }
    },
    getStorageSync(key: string) {
      const raw = fake.storage.get(key)
      return raw === undefined ? '' : (JSON.parse(raw) as unknown)
    },
    setStorageSync(key: string, value: unknown) {
      const raw = JSON.stringify(value)
      let used = 0
      for (const [k, v] of fake.storage) if (k !== key) used += k.length + v.length
      if (raw.length > 1024 * 1024 || used + key.length + raw.length > fake.storageQuotaBytes) {
        throw new Error('setStorageSync:fail exceed storage max size')
      }
      fake.storage.set(key, raw)
    },
    removeStorageSync(key: string) {
      fake.storage.delete(key)
    },
    getStorageInfoSync() {
      let used = 0
      for (const [k, v] of fake.storage) used += k.length + v.length
      return {
        keys: [...fake.storage.keys()],
        currentSize: Math.ceil(used / 1024),
        limitSize: Math.floor(fake.storageQuotaBytes / 1024),
      }
    },
    showToast(options: { title: string }) {
      fake.toasts.push(options.title)
    },
    stopPullDownRefresh() {
      fake.calls.push({ api: 'stopPullDownRefresh', options: {} })
    },
    getSystemInfoSync: systemInfo,
    getAppBaseInfo: () => ({ SDKVersion: fake.sdkVersion, language: fake.language, theme: 'light' }),
    getLaunchOptionsSync: () => ({ scene: fake.launchScene, path: '', query: {} }),
    getWindowInfo: systemInfo,
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'touristappid', envVersion: fake.envVersion, version: '' },
    }),
    canIUse: () => true,
  }
  // A modal is answered as the reader would: confirm, unless a test sets modalConfirm to false.
  fake.api.showModal = (
    options: Record<string, unknown> & { success?: (r: { confirm: boolean; cancel: boolean }) => void },
  ) => {
    const { success, ...rest } = options
    fake.calls.push({ api: 'showModal', options: rest })
    later(() => success?.({ confirm: fake.modalConfirm, cancel: !fake.modalConfirm }))
  }
  // APIs that act for the user: recorded, then answered (success, or the failure set in failNext).
  for (const api of [
    'navigateTo',
    'redirectTo',
    'switchTab',
    'setNavigationBarTitle',
    'makePhoneCall',
    'setClipboardData',
    'openLocation',
    'previewImage',
    'openOfficialAccountArticle',
    'openOfficialAccountProfile',
    'addPhoneCalendar',
    'openSetting',
    'pageScrollTo',
  ]) {
    fake.api[api] = (
      options: Record<string, unknown> & { success?: (r: unknown) => void; fail?: (e: unknown) => void },
    ) => {
      const { success, fail, complete, ...rest } = options as typeof options & { complete?: unknown }
      void complete
      fake.calls.push({ api, options: rest })
      const failure = fake.failNext.get(api)
      fake.failNext.delete(api)
      later(() => (failure ? fail?.({ errMsg: failure }) : success?.({ errMsg: `${api}:ok` })))
    }
  }
  return fake
}
