// Large, realistic endpoint documents made from the sample content, for the benchmark and for tests of big
// inputs: the same input every run.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The sample documents compiled from content/ by npm run generate (or a folder of documents given by the bench). */
const CONTENT = process.env.BCECC_CONTENT ?? join(__dirname, '..', '..', '.cache', 'sample')

interface Sized {
  feed: string
  events: string
}

type Item = Record<string, unknown> & { id: string; _bcecc?: Record<string, unknown> }
type Entry = Record<string, unknown> & { uid: string; start?: string }

const firstSentence = (text: unknown): string =>
  typeof text === 'string' ? (/^.*?[.。]/.exec(text)?.[0] ?? text) : ''

/**
 * A feed page of `articles` items and an events Group of `events` entries, as JSON text. `compact` events (the
 * smaller "typical" payload) have a one-sentence description in English only, the city without venue notes and no
 * participants.
 */
export function largeContent(articles: number, events: number, compact = false): Sized {
  const feed = JSON.parse(readFileSync(join(CONTENT, 'feed.json'), 'utf8')) as { items: Item[] }
  const group = JSON.parse(readFileSync(join(CONTENT, 'events.json'), 'utf8')) as { entries: Entry[] }
  const items = Array.from({ length: articles }, (_, i) => {
    const base = feed.items[i % feed.items.length] as Item
    const copy = i % feed.items.length
    const id = `${base.id}-${i}`
    const ext = base._bcecc ?? {}
    return {
      ...base,
      id,
      title: `${String(base.title)} (${i + 1})`,
      date_published: new Date(Date.UTC(2022, 0, 24) - i * 86_400_000).toISOString(),
      _bcecc: {
        ...ext,
        translations: {},
        related_events: [`${String(group.entries[copy % group.entries.length]?.uid)}-${copy}`],
      },
    }
  })
  const entries = Array.from({ length: events }, (_, i) => {
    const base = group.entries[i % group.entries.length] as Entry
    const day = new Date(Date.UTC(2022, 0, 1) + i * 86_400_000 * 0.3)
    const start = base.start === undefined ? undefined : `${day.toISOString().slice(0, 10)}T09:00:00`
    if (!compact) return { ...base, uid: `${base.uid}-${i}`, ...(start ? { start } : {}), sequence: i % 3 }
    // The compact event: short descriptions, the city without venue notes, no participants.
    const {
      participants: _participants,
      localizations,
      locations,
      ...rest
    } = base as Entry & {
      participants?: unknown
      localizations?: Record<string, Record<string, unknown>>
      locations?: Record<string, Record<string, unknown>>
    }
    void _participants
    return {
      ...rest,
      uid: `${base.uid}-${i}`,
      ...(start ? { start } : {}),
      sequence: i % 3,
      description: firstSentence(base.description),
      ...(locations
        ? {
            locations: Object.fromEntries(
              Object.entries(locations).map(([id, l]) => [id, { ...l, description: undefined }]),
            ),
          }
        : {}),
      localizations: Object.fromEntries(
        Object.entries(localizations ?? {}).map(([lang, patch]) => [
          lang,
          Object.fromEntries(
            Object.entries(patch).filter(
              ([path]) => !path.startsWith('participants/') && !path.endsWith('description'),
            ),
          ),
        ]),
      ),
    }
  })
  return {
    feed: JSON.stringify({ ...feed, items }),
    events: JSON.stringify({ ...group, entries }),
  }
}

/** The two benchmark payloads of the content-client issue. */
export const PAYLOADS = {
  typical: () => largeContent(50, 200, true),
  stress: () => largeContent(200, 1000),
}
