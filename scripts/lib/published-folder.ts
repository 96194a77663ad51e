// The build's other way in: a folder of published JSON documents (an earlier build, the 2022 endpoint) instead of
// the editors' sources. An adapter: the validator checks the folder once (schemas, links, the content rules; regular
// files inside the folder only), and what passed is read as typed documents.

import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BuildError } from './build'
import type { EventsDocument, FeedDocument, OfficeDocument, SiteSource } from './documents'
import { MAX_FILE_BYTES, UnsafeFileError, readAllInside } from './safe-fs'
import { validateTarget, type Report } from './validate'

const ASSET = /\.(png|jpe?g|gif|webp|svg)$/i

/** A folder the validator refused, with its report (every problem, for the caller to print). */
export class PublishedFolderError extends BuildError {
  constructor(
    message: string,
    readonly report: Report,
  ) {
    super(message)
  }
}

/** The folder's feed.json, events.json and office.json, and its images, once the validator found no error. */
export async function readPublishedFolder(dir: string): Promise<SiteSource> {
  const report = await validateTarget(dir)
  if (report.problems.some((p) => p.severity === 'error'))
    throw new PublishedFolderError(`${dir} has errors; nothing was built`, report)
  const json = (name: string): Record<string, unknown> | undefined => {
    const url = pathToFileURL(join(dir, name)).href
    return report.docs.find((doc) => doc.url.href === url)?.json
  }
  const [feed, events, office] = [json('feed.json'), json('events.json'), json('office.json')]
  if (!feed || !events || !office)
    throw new PublishedFolderError(
      `${dir}: expected feed.json, events.json and office.json; nothing was built`,
      report,
    )
  try {
    const assets = await readAllInside(dir, (name) => ASSET.test(name), MAX_FILE_BYTES)
    // Typed here, once: each passed its schema above.
    return {
      feed: feed as FeedDocument,
      events: events as EventsDocument,
      office: office as OfficeDocument,
      assets,
    }
  } catch (error) {
    if (error instanceof UnsafeFileError) throw new BuildError(`${error.message}; nothing was built`)
    throw error
  }
}
