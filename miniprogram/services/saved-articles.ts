// The reader's saved articles: the whole article is kept (its own storage key, named in the index of
// services/saved-store), so it reads offline later, after the content cache is evicted, and after the endpoint
// stops publishing it (then it is marked "no longer published"). A write that fails (storage full) changes nothing
// and says so; no article text is left without an index entry.

import type { Article } from '../core/feed'
import { isDomain, isRecord } from '../core/format'
import { now } from '../core/clock'
import { readSaved, writeSaved, type SavedArticleEntry } from './saved-store'
import { KEYS, defineStore, type WriteResult } from './storage'

export type { SavedArticleEntry } from './saved-store'

/** What an undo needs to put a removed article back. */
export interface RemovedArticle {
  entry: SavedArticleEntry
  article: Article
}

interface Kept {
  id: string
  article: Article
}

const optionalString = (value: unknown): value is string | undefined =>
  value === undefined || typeof value === 'string'
const optionalNumber = (value: unknown): value is number | undefined =>
  value === undefined || (typeof value === 'number' && Number.isFinite(value))
const strings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string')

/** An article as stored, checked field by field; undefined for anything else (the store sets it aside). */
function readArticle(value: unknown): Article | undefined {
  if (!isRecord(value)) return undefined
  const a = value
  if (typeof a.id !== 'string' || typeof a.language !== 'string' || typeof a.title !== 'string')
    return undefined
  if (typeof a.summary !== 'string' || !strings(a.tags) || !strings(a.authors) || !strings(a.relatedEvents))
    return undefined
  if (!optionalString(a.contentHtml) || !optionalString(a.contentText) || !optionalString(a.url))
    return undefined
  if (!optionalString(a.image) || !optionalString(a.officialAccountUrl)) return undefined
  if (!optionalNumber(a.published) || !optionalNumber(a.modified)) return undefined
  if (a.domain !== undefined && !isDomain(a.domain)) return undefined
  if (!isRecord(a.translations)) return undefined
  const translations: Record<string, string> = {}
  for (const language of Object.keys(a.translations)) {
    const id = a.translations[language]
    if (/^[a-z]{2,8}$/.test(language) && typeof id === 'string') translations[language] = id
  }
  return {
    id: a.id,
    language: a.language,
    title: a.title,
    summary: a.summary,
    contentHtml: a.contentHtml,
    contentText: a.contentText,
    url: a.url,
    image: a.image,
    published: a.published,
    modified: a.modified,
    tags: a.tags,
    authors: a.authors,
    domain: a.domain,
    translations,
    officialAccountUrl: a.officialAccountUrl,
    relatedEvents: a.relatedEvents,
  }
}

const slotStore = (slot: string) =>
  defineStore<Kept>({
    key: KEYS.savedArticle(slot),
    version: 1,
    parse(data) {
      if (!isRecord(data) || typeof data.id !== 'string') return undefined
      const article = readArticle(data.article)
      return article && article.id === data.id ? { id: data.id, article } : undefined
    },
  })

/** A slot no saved article uses. */
function freeSlot(entries: readonly SavedArticleEntry[]): string {
  const used = new Set(entries.map((e) => e.slot))
  let n = 0
  while (used.has(n.toString(36))) n++
  return n.toString(36)
}

function entryOf(article: Article): Omit<SavedArticleEntry, 'slot'> {
  return {
    id: article.id,
    savedAt: now(),
    title: article.title,
    summary: article.summary,
    language: article.language,
    domain: article.domain ?? '',
    published: article.published ?? null,
    gone: false,
  }
}

export function savedArticleEntries(): readonly SavedArticleEntry[] {
  return readSaved().articles
}

export function isArticleSaved(id: string): boolean {
  return readSaved().articles.some((e) => e.id === id)
}

/** The saved copy of an article, if it is saved and its text reads. */
export function savedArticle(id: string): Article | undefined {
  const entry = readSaved().articles.find((e) => e.id === id)
  if (!entry) return undefined
  const kept = slotStore(entry.slot).read()
  return kept?.id === id ? kept.article : undefined
}

/**
 * Writes the text under a slot of its own, then the index; if the index cannot be written, the new text goes
 * again and the old copy (if the article was saved before) stays as it was. The old slot goes only once the index
 * points at the new one.
 */
function put(entry: Omit<SavedArticleEntry, 'slot'>, article: Article): WriteResult {
  const saved = readSaved()
  const previous = saved.articles.find((e) => e.id === entry.id)
  const slot = freeSlot(saved.articles)
  const text = slotStore(slot)
  const written = text.write({ id: article.id, article })
  if (written !== 'ok') return written
  const articles = [...saved.articles.filter((e) => e.id !== entry.id), { ...entry, slot }]
  const result = writeSaved({ ...saved, articles })
  if (result !== 'ok') text.remove()
  else if (previous) slotStore(previous.slot).remove()
  return result
}

/** Saves an article as it is now (again, if it was saved: the copy is refreshed, and "gone" forgotten). */
export function saveArticle(article: Article): WriteResult {
  return put(entryOf(article), article)
}

/** The published version of a saved article was read: the copy follows it, and it is no longer "gone". */
export function followPublished(article: Article): WriteResult {
  if (!isArticleSaved(article.id)) return 'ok'
  const copy = savedArticle(article.id)
  if (!copy || JSON.stringify(copy) !== JSON.stringify(article)) return saveArticle(article)
  return markArticleGone(article.id, false)
}

/** Removes a saved article; it comes back, whole, for an undo. */
export function unsaveArticle(id: string): { result: WriteResult; removed?: RemovedArticle } {
  const saved = readSaved()
  const entry = saved.articles.find((e) => e.id === id)
  if (!entry) return { result: 'ok' }
  const article = savedArticle(id)
  const result = writeSaved({ ...saved, articles: saved.articles.filter((e) => e.id !== id) })
  if (result !== 'ok') return { result }
  slotStore(entry.slot).remove()
  return article ? { result, removed: { entry, article } } : { result }
}

/** Puts back an article removed by unsaveArticle (undo), as it was saved. */
export function restoreArticle(removed: RemovedArticle): WriteResult {
  if (isArticleSaved(removed.entry.id)) return 'ok'
  return put(removed.entry, removed.article)
}

/** Marks a saved article as gone from the endpoint (a 404), or as published again. */
export function markArticleGone(id: string, gone: boolean): WriteResult {
  const saved = readSaved()
  const index = saved.articles.findIndex((e) => e.id === id)
  const entry = saved.articles[index]
  if (!entry || entry.gone === gone) return 'ok'
  const articles = saved.articles.slice()
  articles[index] = { ...entry, gone }
  return writeSaved({ ...saved, articles })
}
