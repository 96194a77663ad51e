// Whether a script file is the one Node was asked to run (require.main is typed away by the mini program's own
// `require` declaration, so compare paths instead).

import { resolve } from 'node:path'

export function isEntry(file: string): boolean {
  const argv = process.argv[1]
  return (
    argv !== undefined && resolve(argv).replace(/\.[cm]?[jt]s$/, '') === file.replace(/\.[cm]?[jt]s$/, '')
  )
}
