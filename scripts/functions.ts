// npm run functions: the functions over their length limit (app 80 lines, tooling 100), longest first, and how the
// list compares with the one written down (scripts/lib/long-functions.json); `-- --record` writes the list anew.

import { writeFileSync } from 'node:fs'
import { isEntry, quietOnClosedPipe } from './lib/entry'
import { BASELINE, LIMITS, longFunctions, readBaseline } from './lib/function-lengths'

if (isEntry(__filename)) {
  quietOnClosedPipe()
  const found = longFunctions()
  const baseline = readBaseline()
  for (const f of found)
    console.log(
      `${String(f.lines).padStart(4)} lines  ${f.file}:${f.line}  ${f.id.split(':').pop() ?? ''}  (limit ${f.limit})`,
    )
  const app = found.filter((f) => f.limit === LIMITS.app).length
  console.log(
    `\n${found.length} functions over their limit: ${app} in the app (over ${LIMITS.app} lines), ${found.length - app} in the tooling (over ${LIMITS.tooling})`,
  )
  const grown = found.filter((f) => f.lines > (baseline[f.id] ?? f.limit))
  if (grown.length > 0) console.log(`longer than written down: ${grown.map((f) => f.id).join(', ')}`)
  if (process.argv.includes('--record')) {
    writeFileSync(
      BASELINE,
      `${JSON.stringify(Object.fromEntries(found.map((f) => [f.id, f.lines])), null, 2)}\n`,
    )
    console.log(`written down in ${BASELINE}`)
  }
}
