// Writing a task's output folder (a build, the hosted editor): only over an empty folder or an earlier output of the
// same task (recognised by the file it always writes), replaced whole.

import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/** Whether `out` holds something other than an earlier output (one that has `marker`): never written over. */
export async function holdsOtherFiles(out: string, marker: string): Promise<boolean> {
  if (!existsSync(out)) return false
  const present = await readdir(out)
  return present.length > 0 && !present.includes(marker)
}

/** Replaces `out` with `files` (paths with forward slashes); the bytes written. */
export async function replaceFolder(out: string, files: ReadonlyMap<string, Buffer>): Promise<number> {
  await rm(out, { recursive: true, force: true })
  let total = 0
  for (const [path, bytes] of files) {
    const file = join(out, ...path.split('/'))
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, bytes)
    total += bytes.length
  }
  return total
}
