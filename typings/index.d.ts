// App-wide typings only: wx types come from miniprogram-api-typings.

interface IAppOption {
  globalData: Record<string, never>
}

// APIs newer than miniprogram-api-typings 5.2 knows, declared optional so that callers must detect them.
declare namespace WechatMiniprogram {
  interface OfficialAccountCallbacks {
    success?: () => void
    fail?: (err: GeneralCallbackResult) => void
  }
  interface Wx {
    /** Base library 3.4.8; from a tap only. */
    openOfficialAccountArticle?: (options: { url: string } & OfficialAccountCallbacks) => void
    /** Base library 3.7.10; from a tap only; the account must be of the same or an associated entity. */
    openOfficialAccountProfile?: (options: { username: string } & OfficialAccountCallbacks) => void
  }
}
