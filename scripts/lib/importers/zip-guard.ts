// A zip file (a Word document is one) checked before any library inflates it: the central directory's entries and
// sizes, and each compressed entry inflated once with a ceiling, so that a few hundred kilobytes that would unpack
// to gigabytes (a zip bomb) are refused with a message instead of exhausting memory. Reads the bytes given; writes
// nothing.

import { inflateRawSync } from 'node:zlib'

export interface ZipLimits {
  /** The most bytes all entries may unpack to. */
  totalBytes: number
  /** The most bytes one XML part may unpack to (a parser holds it whole, many times over, in memory). */
  xmlBytes: number
  /** The most entries. */
  entries: number
}

/** Why these bytes are not a zip file that unpacks within the limits; undefined when they are. */
export function zipProblem(bytes: Buffer, limits: ZipLimits): string | undefined {
  // End of central directory: 22 bytes plus a comment of up to 65,535, at the end of the file.
  let end = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i
      break
    }
  }
  if (end < 0) return 'is not a zip file (no central directory)'
  const count = bytes.readUInt16LE(end + 10)
  const directorySize = bytes.readUInt32LE(end + 12)
  const directoryStart = bytes.readUInt32LE(end + 16)
  if (count === 0xffff || directoryStart === 0xffffffff)
    return 'is a zip64 file, which a Word document never is'
  if (count > limits.entries) return `holds ${count} files, more than the ${limits.entries} a document may`
  if (directoryStart + directorySize > end) return 'has a broken central directory'
  let total = 0
  let at = directoryStart
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== 0x02014b50) return 'has a broken central directory'
    const method = bytes.readUInt16LE(at + 10)
    const compressed = bytes.readUInt32LE(at + 20)
    const declared = bytes.readUInt32LE(at + 24)
    const nameLength = bytes.readUInt16LE(at + 28)
    const extraLength = bytes.readUInt16LE(at + 30)
    const commentLength = bytes.readUInt16LE(at + 32)
    const local = bytes.readUInt32LE(at + 42)
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength)
    if (/\.(xml|rels)$/i.test(name) && declared > limits.xmlBytes)
      return `has a part (${name}) of ${Math.round(declared / 1024 / 1024)} MB of text, more than the ${Math.round(limits.xmlBytes / 1024 / 1024)} MB a document's text may be`
    total += declared
    if (total > limits.totalBytes)
      return `unpacks to more than ${Math.round(limits.totalBytes / 1024 / 1024)} MB`
    // The declared size can lie: inflate with a ceiling of what is left, and see.
    if (method === 8) {
      if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50)
        return `has a broken entry (${name})`
      const data = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
      try {
        const out = inflateRawSync(bytes.subarray(data, data + compressed), {
          maxOutputLength: Math.max(1, Math.min(declared, limits.totalBytes - (total - declared)) + 1),
        })
        if (out.length !== declared) return `has an entry whose size is not what it says (${name})`
      } catch (error) {
        // Past the ceiling (checked by code: the class is another realm's in tests).
        return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
          ? `unpacks to more than ${Math.round(limits.totalBytes / 1024 / 1024)} MB`
          : `has an entry that cannot be unpacked (${name})`
      }
    } else if (method !== 0) return `has an entry packed in a way Word never uses (${name})`
    at += 46 + nameLength + extraLength + commentLength
  }
  return undefined
}
