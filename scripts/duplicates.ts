// npm run duplicates: the blocks of six lines or more that stand twice in the tree (jscpd, .jscpd.json), longest
// first; exit 1 when one is in the app, the tooling or the editor (tests may share a few lines of setup).

import { isEntry, quietOnClosedPipe } from './lib/entry'
import { cloneLine, findClones, inCode } from './lib/duplicates'

if (isEntry(__filename)) {
  quietOnClosedPipe()
  const clones = findClones().sort((a, b) => b.lines - a.lines)
  for (const clone of clones) console.log(cloneLine(clone))
  const code = clones.filter(inCode)
  console.log(
    `\n${clones.length} duplicated block${clones.length === 1 ? '' : 's'} of 6 lines or more (${clones.reduce((n, c) => n + c.lines, 0)} lines); ${code.length} in the code (app, tooling, editor)`,
  )
  process.exitCode = code.length > 0 ? 1 : 0
}
