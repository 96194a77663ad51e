// The duplicate-code report: jscpd (a copy/paste detector, pinned in package.json) over the tree (the app, the
// tooling, the editor and the tests), with the settings of .jscpd.json: TypeScript and JavaScript blocks of six lines
// or more. `npm run duplicates` prints it; tests/tools/duplicates.test.ts holds the code (tests aside) to none.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')

export interface Clone {
  lines: number
  a: { file: string; start: number; end: number }
  b: { file: string; start: number; end: number }
}

interface Report {
  duplicates: Array<{
    lines: number
    firstFile: { name: string; start: number; end: number }
    secondFile: { name: string; start: number; end: number }
  }>
}

/** Every duplicated block jscpd finds in the tree (or another folder), paths from its root. */
export function findClones(root = ROOT): Clone[] {
  const out = mkdtempSync(join(tmpdir(), 'jscpd-'))
  try {
    const bin = join(ROOT, 'node_modules', '.bin', 'jscpd')
    // The whole tree, so that files are named from the root; .gitignore and .jscpd.json leave out what is not ours.
    execFileSync(bin, ['--config', join(ROOT, '.jscpd.json'), '--silent', '-r', 'json', '-o', out, '.'], {
      cwd: root,
      stdio: 'pipe',
    })
    const report = JSON.parse(readFileSync(join(out, 'jscpd-report.json'), 'utf8')) as Report
    return report.duplicates.map((d) => ({
      lines: d.lines,
      a: { file: d.firstFile.name, start: d.firstFile.start, end: d.firstFile.end },
      b: { file: d.secondFile.name, start: d.secondFile.start, end: d.secondFile.end },
    }))
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/** The block's two places, as a line of the report. */
export function cloneLine(clone: Clone): string {
  return `${String(clone.lines).padStart(3)} lines  ${clone.a.file}:${clone.a.start}-${clone.a.end}  ~  ${clone.b.file}:${clone.b.start}-${clone.b.end}`
}

/** Whether a block stands in the code (the app, the tooling, the editor) on either side, not only in the tests. */
export function inCode(clone: Clone): boolean {
  return [clone.a.file, clone.b.file].some((file) => !file.startsWith('tests/'))
}
