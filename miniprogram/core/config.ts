// Where the app reads its content, in one place. The feed links to every other document.

/** `npm start` serves the bundled content here (DevTools: "Do not verify domain names" must be on). */
export const DEVELOPMENT_FEED_URL = 'http://127.0.0.1:8080/feed.json'

/**
 * The chamber's published static build (`npm run content -- build`). Placeholder until the chamber's HTTPS,
 * ICP-filed domain is whitelisted as a request domain in the mini program's admin console.
 */
export const RELEASE_FEED_URL = 'https://content.bcecc.example/feed.json'

export type EnvVersion = 'develop' | 'trial' | 'release'

export function feedUrlFor(env: EnvVersion): string {
  return env === 'develop' ? DEVELOPMENT_FEED_URL : RELEASE_FEED_URL
}

/** Network requests give up after this long (wx.request's own default is 60 s). */
export const REQUEST_TIMEOUT_MS = 10_000

/** Largest document we accept (characters of the JSON text): one storage key holds at most 1 MB. */
export const MAX_RESPONSE_CHARS = 1024 * 1024

/** Cached content younger than this is shown without asking the server again. */
export const CONTENT_TTL_MS = 10 * 60 * 1000
