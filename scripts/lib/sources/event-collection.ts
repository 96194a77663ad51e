// events/<uid>.yaml as a collection: each file read in an editor's words into a JSCalendar Event, then rendered into
// the events Group, soonest first (undated events last).

import { reviewImportNote, type Collection } from './collection'
import { SLUG } from './articles'
import { EVENT_FIELDS, readEvent } from './events'
import { SourceFile } from './fields'
import type { Site } from './office'

export const EVENT_PATH = /^events\/([^/]+)\.ya?ml$/i
export { EVENT_FIELDS }

/** uid → the file it came from (as messages name it) and the event, undefined when its fields could not be read. */
export type ParsedEvents = Map<string, { file: string; event: Record<string, unknown> | undefined }>

export interface RenderedEvents {
  group: Record<string, unknown>
  /** The Group's entries with the file each came from (a schema problem names the file). */
  entries: Array<{ event: Record<string, unknown>; file: string }>
}

export const events: Collection<ParsedEvents, { site: Site }, RenderedEvents> = {
  name: 'events',
  document: 'events',
  owns: (path) => path.startsWith('events/'),
  parse(folder) {
    const parsed: ParsedEvents = new Map()
    for (const [name, text] of folder.texts) {
      if (!name.startsWith('events/')) continue
      const match = EVENT_PATH.exec(name)
      if (!match) {
        folder.fileProblem(name, 'is not where events go; expected events/<uid>.yaml')
        continue
      }
      const uid = match[1] ?? ''
      if (!SLUG.test(uid)) {
        folder.fileProblem(
          name,
          `is named "${uid}"; expected a uid of lower-case letters, digits and hyphens, such as cmef-2026`,
        )
        continue
      }
      const event = folder.parsedOnce(name, text, (sink) => {
        const fields = new SourceFile(folder.display(name), text, sink).parseMapping(
          'the event fields: title:, start:, …',
        )
        return fields ? readEvent(uid, fields) : undefined
      })
      const known = parsed.get(uid)
      if (known) {
        folder.fileProblem(
          name,
          `has the uid ${uid} of ${known.file} too; expected one file per event (rename one)`,
        )
        continue
      }
      parsed.set(uid, { file: folder.display(name), event })
      reviewImportNote(folder, name, text)
    }
    return parsed
  },
  render(parsed, { site }) {
    const entries = [...parsed.values()].flatMap((e) => (e.event ? [{ event: e.event, file: e.file }] : []))
    entries.sort((a, b) => {
      const sa = typeof a.event.start === 'string' ? a.event.start : '~'
      const sb = typeof b.event.start === 'string' ? b.event.start : '~'
      return sa < sb ? -1 : sa > sb ? 1 : String(a.event.uid) < String(b.event.uid) ? -1 : 1
    })
    const newest = entries
      .map((e) => String(e.event.updated))
      .sort()
      .pop()
    return {
      group: {
        '@type': 'Group',
        uid: 'bcecc-events',
        ...(newest !== undefined ? { updated: newest } : {}),
        title: site.eventsTitle,
        locale: site.language,
        entries: entries.map((e) => e.event),
      },
      entries,
    }
  },
}
