// Editors' folders are outside input: the tools read only regular files inside the folder they were given, never
// through a link that leads out of it, never a FIFO, socket or device (a read would hang or never end), and never
// more than a size limit (read in chunks up to the limit, not whole and then measured).

import { constants } from 'node:fs'
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, relative, sep } from 'node:path'

export class UnsafeFileError extends Error {}

/** The largest files the tools read: a JSON document, and any other file (images). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
export const MAX_FILE_BYTES = 20 * 1024 * 1024

/** Why an entry is not a file the tools read, in words for the message; undefined for a regular file. */
function kindProblem(info: {
  isFile(): boolean
  isDirectory(): boolean
  isFIFO(): boolean
}): string | undefined {
  if (info.isFile()) return undefined
  if (info.isDirectory()) return 'is a folder'
  if (info.isFIFO()) return 'is a named pipe (FIFO)'
  return 'is a device or socket'
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep)
}

/** The real path of `path` when it is a regular file inside `root` (links allowed while they stay inside). */
export async function checkRegularFile(root: string, path: string): Promise<string> {
  return regularFileInside(await realpath(root), path)
}

async function regularFileInside(realRoot: string, path: string): Promise<string> {
  let info
  try {
    info = await lstat(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UnsafeFileError(code === 'ENOENT' ? 'was not found' : `could not be read (${code ?? 'error'})`)
  }
  let real: string
  if (info.isSymbolicLink()) {
    try {
      real = await realpath(path)
    } catch {
      throw new UnsafeFileError('is a link to nothing; expected a regular file')
    }
    if (!inside(realRoot, real))
      throw new UnsafeFileError(
        'is a link to a file outside the content folder; expected a regular file inside it',
      )
    info = await stat(real)
  } else {
    real = join(await realpath(dirname(path)), basename(path))
    if (!inside(realRoot, real))
      throw new UnsafeFileError('is outside the content folder; expected a file inside it')
  }
  const problem = kindProblem(info)
  if (problem) throw new UnsafeFileError(`${problem}; expected a regular file`)
  return real
}

/**
 * Reads a regular file inside `root`, at most `maxBytes` (a larger one is refused without being read whole).
 * Throws UnsafeFileError with a message that completes "<file> …".
 */
export async function readFileInside(root: string, path: string, maxBytes: number): Promise<Buffer> {
  return readRegular(await checkRegularFile(root, path), maxBytes)
}

/** A reader of many files inside one folder: the folder's real path is looked up once. */
export function readerInside(root: string): (path: string, maxBytes: number) => Promise<Buffer> {
  let realRoot: Promise<string> | undefined
  return async (path, maxBytes) =>
    readRegular(await regularFileInside(await (realRoot ??= realpath(root)), path), maxBytes)
}

async function readRegular(real: string, maxBytes: number): Promise<Buffer> {
  // O_NONBLOCK: opening a FIFO swapped in after the check does not wait for a writer; O_NOFOLLOW: nor a new link.
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW).catch(
    (error: NodeJS.ErrnoException) => {
      throw new UnsafeFileError(`could not be read (${error.code ?? 'error'})`)
    },
  )
  try {
    const info = await handle.stat()
    const problem = kindProblem(info)
    if (problem) throw new UnsafeFileError(`${problem}; expected a regular file`)
    if (info.size > maxBytes) throw new UnsafeFileError(`is larger than ${formatBytes(maxBytes)}`)
    // One read of the size the file says it has (plus one byte, to see it grow), then chunks if it grew.
    const chunks: Buffer[] = []
    let total = 0
    let want = Math.min(info.size + 1, maxBytes + 1)
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(1, want))
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      total += bytesRead
      chunks.push(chunk.subarray(0, bytesRead))
      if (total > maxBytes) throw new UnsafeFileError(`is larger than ${formatBytes(maxBytes)}`)
      want = Math.min(64 * 1024, maxBytes + 1 - total)
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total)
  } finally {
    await handle.close()
  }
}

export function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${bytes} bytes`
}

export interface Listing {
  /** Regular files (or links to regular files inside the folder) whose names were accepted, sorted. */
  files: string[]
  /** Accepted names that are not regular files inside the folder, with the reason. */
  refused: Array<{ path: string; reason: string }>
}

/**
 * Lists the files below `root` whose names `accept` takes (hidden names and `skipFolders` are passed over). A link to
 * a folder is not followed, so the walk ends however the links loop.
 */
export async function listFilesInside(
  root: string,
  accept: (name: string) => boolean,
  skipFolders: readonly string[] = [],
): Promise<Listing> {
  const out: Listing = { files: [], refused: [] }
  const realRoot = await realpath(root)
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      if (e.name.startsWith('.')) continue
      const full = join(dir, e.name)
      if (e.isDirectory()) {
        if (!skipFolders.includes(e.name)) await walk(full)
        continue
      }
      if (!accept(e.name)) continue
      try {
        await regularFileInside(realRoot, full)
        out.files.push(full)
      } catch (error) {
        if (!(error instanceof UnsafeFileError)) throw error
        out.refused.push({ path: full, reason: error.message })
      }
    }
  }
  await walk(root)
  return out
}

/**
 * Every file below `root` whose name `accept` takes, by its path relative to `root` with forward slashes, in a
 * stable order; the first entry that is not a regular file inside the folder is refused (UnsafeFileError naming it).
 */
export async function readAllInside(
  root: string,
  accept: (name: string) => boolean,
  maxBytes: number,
): Promise<Map<string, Buffer>> {
  const listing = await listFilesInside(root, accept)
  const refused = listing.refused[0]
  if (refused) throw new UnsafeFileError(`${relative(root, refused.path)} ${refused.reason}`)
  const files = new Map<string, Buffer>()
  for (const file of listing.files) {
    const name = relative(root, file).split(sep).join('/')
    try {
      files.set(name, await readFileInside(root, file, maxBytes))
    } catch (error) {
      if (error instanceof UnsafeFileError) throw new UnsafeFileError(`${name} ${error.message}`)
      throw error
    }
  }
  return files
}
