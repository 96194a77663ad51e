// The sample content as the endpoint publishes it: the documents compiled from content/ by `npm run generate`
// (npm test runs it first), every article on one feed page. Tests read it to drive pages with real content.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEVELOPMENT_FEED_URL } from '../../miniprogram/core/config'

const SAMPLE = join(__dirname, '..', '..', '.cache', 'sample')

export function sampleText(name: 'feed' | 'events' | 'office'): string {
  try {
    return readFileSync(join(SAMPLE, `${name}.json`), 'utf8')
  } catch {
    throw new Error(`.cache/sample/${name}.json is missing: run npm test (or npm run generate) first`)
  }
}

export function sample<T = unknown>(name: 'feed' | 'events' | 'office'): T {
  return JSON.parse(sampleText(name)) as T
}

/** The sample events Group, its entries as plain records for tests to copy and change. */
export function sampleEvents(): { entries: Array<Record<string, unknown>> } {
  return sample('events')
}

/** Where the app finds the sample content in development: what relative links in it resolve against. */
export const CONTENT_BASE = DEVELOPMENT_FEED_URL.replace('feed.json', '')
