// The contract every kind of content in the editors' folder follows (articles, events, the office, the site's
// settings, images), after Astro's content loaders: one loader per collection, the folder and its problems passed
// in. compileContent (index.ts) is a short driver over them.

import type { DocKind } from '../schema'
import type { SourceFolder } from './folder'
import type { Site } from './office'

export interface Collection<Parsed, Needs, Rendered> {
  readonly name: string
  /** list: whether a file of the folder (a path such as articles/x/index.en.md) is one of this collection's. */
  owns(path: string): boolean
  /** parse: its files into values; every problem is located and goes to the folder. */
  parse(folder: SourceFolder, site: Site | undefined): Parsed
  /** render: its part of what is published, once what it links to (`needs`) is known. */
  render(parsed: Parsed, needs: Needs, folder: SourceFolder): Rendered
  /** check: the published document its part goes into, checked against that kind's schema by the driver. */
  readonly document?: DocKind
}

/** The importers' note at the top of a file ("# Imported from …"): nobody has reviewed it yet. */
const IMPORT_NOTE = /^[ \t]*#[ \t]*Imported from\b/m

/** Says, to review before publishing, that a file still carries an importer's note. */
export function reviewImportNote(folder: SourceFolder, name: string, text: string): void {
  const head = name.endsWith('.md') ? (/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '') : text
  const note = IMPORT_NOTE.exec(head)
  if (!note) return
  const offset = name.endsWith('.md') ? text.indexOf('\n') + 1 : 0
  const line = text.slice(0, offset + note.index).split('\n').length
  folder.problems.push({
    severity: 'warning',
    file: folder.display(name),
    line,
    column: 1,
    message:
      'still has the importer\'s note ("# Imported from …"); check the file, then delete those lines (to review before publishing)',
    review: true,
  })
}
