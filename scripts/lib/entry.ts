// Whether a script file is the one Node was asked to run (require.main is typed away by the mini program's own
// `require` declaration, so compare paths instead).

import { resolve } from 'node:path'

export function isEntry(file: string): boolean {
  const argv = process.argv[1]
  return (
    argv !== undefined && resolve(argv).replace(/\.[cm]?[jt]s$/, '') === file.replace(/\.[cm]?[jt]s$/, '')
  )
}

/** Runs `main` when `file` is the script Node was started with, exiting with its code; a failure is one line. */
export function runAsEntry(file: string, main: () => Promise<number>): void {
  if (!isEntry(file)) return
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}

/** Output piped into a command that stops reading (| head -1): the work is done; end quietly, not with a trace. */
export function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0)
      throw error
    })
}
