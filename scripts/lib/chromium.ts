// The system's Chromium (Debian's chromium package), for pictures and browser tests: never a downloaded browser.

import { spawnSync } from 'node:child_process'

export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()
    if (found) return found
  }
  return undefined
}
