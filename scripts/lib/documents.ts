// The three documents the endpoint publishes, typed as the build reads them: what the sources compiler makes, and
// what a folder of published JSON gives once it has passed the validator (published-folder.ts). The schemas in
// content/schema/ say the rest; these types name what the build relies on.

export interface FeedItem {
  id: string
  date_published?: string
  [field: string]: unknown
}

/** A JSON Feed 1.1 with the `_bcecc` extension. */
export interface FeedDocument {
  version: string
  title: string
  items: FeedItem[]
  feed_url?: string
  next_url?: string
  _bcecc?: Record<string, unknown>
  [field: string]: unknown
}

export interface EventEntry {
  '@type': 'Event'
  uid: string
  [field: string]: unknown
}

/** A JSCalendar (RFC 8984) Group of events. */
export interface EventsDocument {
  '@type': 'Group'
  entries: EventEntry[]
  [field: string]: unknown
}

/** The office profile (schema.org JSON-LD). */
export type OfficeDocument = Record<string, unknown>

export interface Documents {
  feed: FeedDocument
  events: EventsDocument
  office: OfficeDocument
}

/** What the build publishes: the documents and the files besides them (images), by path. */
export interface SiteSource extends Documents {
  assets: Map<string, Buffer>
}
