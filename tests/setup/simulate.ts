// Loading pages and components into miniprogram-simulate the way WeChat resolves them.

import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import simulate from 'miniprogram-simulate'

export const APP_ROOT = join(__dirname, '..', '..', 'miniprogram')

/** Maps npm component paths (@vant/weapp/…) to miniprogram_npm, failing loudly when the build is missing. */
function npmComponents(componentPath: string): Record<string, string> {
  const json = JSON.parse(readFileSync(`${componentPath}.json`, 'utf8')) as {
    usingComponents?: Record<string, string>
  }
  const mapped: Record<string, string> = {}
  for (const [tag, path] of Object.entries(json.usingComponents ?? {})) {
    if (path.startsWith('/') || path.startsWith('.')) continue
    const target = `/miniprogram_npm/${path}`
    if (!existsSync(join(APP_ROOT, `${target}.json`))) {
      throw new Error(`${tag} → ${path}: ${target} is missing; run npm run build:npm`)
    }
    mapped[tag] = target
  }
  return mapped
}

/** Loads a page or component by its path under miniprogram/, e.g. "pages/news/index". */
export function load(path: string): string {
  const full = join(APP_ROOT, path)
  if (!existsSync(dirname(full))) throw new Error(`no such component: ${path}`)
  return simulate.load(full, { rootPath: APP_ROOT, usingComponents: npmComponents(full) })
}

/** Lets queued macrotasks (fake wx callbacks, timers at 0) run. */
export async function settle(ticks = 5): Promise<void> {
  for (let i = 0; i < ticks; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

export { simulate }
