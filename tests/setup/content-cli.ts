// `npm run content -- …` as a reader of the README runs it: the CLI in a process of its own (nothing imports it),
// with the environment given (`without` takes keys out first). What it printed, stdout and stderr in the order
// written (both go to one file), and its exit code.

import { spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')

export async function runContentCli(
  args: string[],
  env: Record<string, string> = {},
  without: RegExp = /^$/,
): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'content-cli-'))
  const file = join(dir, 'out.txt')
  const fd = openSync(file, 'w')
  try {
    const code = await new Promise<number>((done, fail) => {
      const child = spawn(process.execPath, [TSX, join(ROOT, 'scripts', 'content.ts'), ...args], {
        cwd: process.cwd(),
        env: {
          ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !without.test(key))),
          ...env,
        },
        stdio: ['ignore', fd, fd],
      })
      child.once('error', fail)
      child.once('exit', (status, signal) => done(status ?? (signal ? 1 : 0)))
    })
    return { code, out: readFileSync(file, 'utf8').replace(/\n$/, '') }
  } finally {
    closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  }
}
