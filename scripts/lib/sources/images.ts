// Images for phones: editors drop originals of any size into content/images; the build publishes variants 750 and
// 1500 pixels wide (never wider than the original), JPEG for photos and PNG where there is transparency, named by a
// hash of the original so that a CDN can cache them for ever. Work is cached by that hash: a build that meets an
// original it has seen before reads the variants from the cache and runs no encoder. SVG and GIF are published as
// they are (a drawing scales; an animation would lose its frames).

import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import sharp from 'sharp'

export const VARIANT_WIDTHS = [750, 1500] as const
/** Bump when the variants change (sizes, formats, quality): every cached image is then made anew. */
const RECIPE = 'v1-750-1500-q80'
/**
 * The largest original read, in bytes and pixels: a camera's photo at full size (a 100-megapixel camera writes files
 * of 30–60 MB) passes; beyond is a file no phone needs, or a decompression bomb.
 */
export const MAX_IMAGE_BYTES = 100 * 1024 * 1024
export const MAX_PIXELS = 200_000_000

export interface Variant {
  /** Published path, e.g. images/cover-1a2b3c4d5e6f-750.jpg */
  path: string
  width: number
  height: number
  bytes: number
}

export interface PublishedImage {
  /** The variant for a phone screen (750 px wide at most): what articles and cards show. */
  main: Variant
  /** The larger variant (up to 1500 px), when the original is wider than 750 px. */
  large?: Variant
}

export interface ImageResult {
  images: Map<string, PublishedImage>
  files: Map<string, Buffer>
  /** Originals turned into variants in this run (not read from the cache). */
  encoded: number
  failures: Array<{ path: string; message: string }>
}

interface CacheEntry {
  variants: Array<Omit<Variant, 'path'> & { suffix: string }>
}

function stem(path: string): string {
  return path.replace(/\.[^./]+$/, '')
}

async function readCache(dir: string): Promise<{ entry: CacheEntry; files: Buffer[] } | undefined> {
  try {
    const entry = JSON.parse(await readFile(join(dir, 'variants.json'), 'utf8')) as CacheEntry
    const files = await Promise.all(entry.variants.map((v) => readFile(join(dir, `${v.width}${v.suffix}`))))
    if (files.some((f, i) => f.length !== entry.variants[i]?.bytes)) return undefined
    return { entry, files }
  } catch {
    return undefined
  }
}

async function writeCache(dir: string, entry: CacheEntry, files: Buffer[]): Promise<void> {
  // Written to a new folder, then renamed: a build stopped half-way leaves no half entry.
  const temporary = `${dir}.tmp-${process.pid}`
  await mkdir(temporary, { recursive: true })
  await Promise.all(
    entry.variants.map((v, i) => writeFile(join(temporary, `${v.width}${v.suffix}`), files[i] as Buffer)),
  )
  await writeFile(join(temporary, 'variants.json'), JSON.stringify(entry))
  await rename(temporary, dir).catch(() => undefined)
}

async function encode(bytes: Buffer): Promise<{ entry: CacheEntry; files: Buffer[] }> {
  const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).autoOrient()
  const meta = await image.metadata()
  const oriented = meta.autoOrient ?? meta
  const width = oriented.width
  const height = oriented.height
  if (!width || !height) throw new Error('has no size')
  const png = meta.hasAlpha === true || (meta.format === 'png' && (meta.channels ?? 3) > 3)
  const widths = [...new Set(VARIANT_WIDTHS.map((w) => Math.min(w, width)))]
  const entry: CacheEntry = { variants: [] }
  const files: Buffer[] = []
  for (const w of widths) {
    const resized = image.clone().resize({ width: w, withoutEnlargement: true })
    const output = png
      ? await resized.png({ compressionLevel: 9, palette: true }).toBuffer({ resolveWithObject: true })
      : await resized
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: 80, mozjpeg: true })
          .toBuffer({ resolveWithObject: true })
    entry.variants.push({
      width: output.info.width,
      height: output.info.height,
      bytes: output.data.length,
      suffix: png ? '.png' : '.jpg',
    })
    files.push(output.data)
  }
  return { entry, files }
}

export interface Original {
  /** Path in content/ (images/…). */
  path: string
  /** The file on disk, and how to read it (bounded, regular files inside the folder only). */
  file: string
  read(): Promise<Buffer>
}

/**
 * Which original has which hash, by path, size and modification time: a build that meets an unchanged original
 * neither reads nor hashes it (as make does). Kept in the cache folder as a list, never as an object keyed by path.
 */
class HashIndex {
  private readonly known = new Map<string, { size: number; mtimeMs: number; hash: string }>()
  private changed = false

  constructor(private readonly file: string | undefined) {}

  async load(): Promise<void> {
    if (!this.file) return
    try {
      const list = JSON.parse(await readFile(this.file, 'utf8')) as unknown
      if (!Array.isArray(list)) return
      for (const entry of list) {
        if (!Array.isArray(entry) || entry.length !== 4) continue
        const [path, size, mtimeMs, hash] = entry as unknown[]
        if (
          typeof path === 'string' &&
          typeof size === 'number' &&
          typeof mtimeMs === 'number' &&
          typeof hash === 'string' &&
          /^[0-9a-f]{12}$/.test(hash)
        )
          this.known.set(path, { size, mtimeMs, hash })
      }
    } catch {
      // No index yet, or an unreadable one: every original is read once more.
    }
  }

  lookUp(path: string, info: { size: number; mtimeMs: number }): string | undefined {
    const entry = this.known.get(path)
    return entry && entry.size === info.size && entry.mtimeMs === info.mtimeMs ? entry.hash : undefined
  }

  remember(path: string, info: { size: number; mtimeMs: number }, hash: string): void {
    this.known.set(path, { size: info.size, mtimeMs: info.mtimeMs, hash })
    this.changed = true
  }

  async save(): Promise<void> {
    if (!this.file || !this.changed) return
    await mkdir(dirname(this.file), { recursive: true })
    const temporary = `${this.file}.tmp-${process.pid}`
    await writeFile(
      temporary,
      JSON.stringify([...this.known].map(([path, e]) => [path, e.size, e.mtimeMs, e.hash])),
    )
    await rename(temporary, this.file)
  }
}

const hashOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 12)

/**
 * Publishes the originals. Failures (not an image, too large) are returned by path, not thrown, so that every bad
 * image is reported at once.
 */
/** Whether an SVG holds anything that could act rather than draw. */
export function activeSvg(bytes: Buffer): boolean {
  const text = bytes.toString('utf8')
  return /<script|<foreignObject|<iframe|<embed|<object|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*["']?\s*(?:https?:|\/\/|data:text)|<!ENTITY|@import/i.test(
    text,
  )
}

export async function publishImages(
  originals: readonly Original[],
  options: { cacheDir?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImageResult> {
  const result: ImageResult = { images: new Map(), files: new Map(), encoded: 0, failures: [] }
  let done = 0
  const list = [...originals].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const index = new HashIndex(options.cacheDir && join(options.cacheDir, 'originals.json'))
  await index.load()
  const work = async (original: Original): Promise<void> => {
    const { path } = original
    const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? ''
    try {
      const info = await stat(original.file)
      let bytes: Buffer | undefined
      const load = async (): Promise<Buffer> => (bytes ??= await original.read())
      let hash = index.lookUp(path, info)
      if (!hash) {
        hash = hashOf(await load())
        index.remember(path, info, hash)
      }
      // An SVG that could run script or fetch something (a script, an event handler, a javascript: or outside link,
      // foreign HTML) is drawn to PNG like a photo; a plain drawing is published as it is.
      if (extension === 'gif' || (extension === 'svg' && !activeSvg(await load()))) {
        const bytes = await load()
        const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
          .metadata()
          .catch(() => undefined)
        const published = `${stem(path)}-${hash}.${extension}`
        result.files.set(published, bytes)
        result.images.set(path, {
          main: { path: published, width: meta?.width ?? 0, height: meta?.height ?? 0, bytes: bytes.length },
        })
        return
      }
      const entryOf = (h: string): string | undefined =>
        options.cacheDir && join(options.cacheDir, `${h}-${RECIPE}`)
      let made = entryOf(hash) ? await readCache(entryOf(hash) as string) : undefined
      if (!made) {
        const original_ = await load()
        // The index may name an older hash (the file changed within the same size and second): trust the bytes.
        const actual = hashOf(original_)
        if (actual !== hash) {
          hash = actual
          index.remember(path, info, hash)
          made = entryOf(hash) ? await readCache(entryOf(hash) as string) : undefined
        }
        if (!made) {
          made = await encode(original_)
          result.encoded++
          const entry = entryOf(hash)
          if (entry) await writeCache(entry, made.entry, made.files)
        }
      }
      const published = made
      const variants = published.entry.variants.map((v, i) => {
        const name = `${stem(path)}-${hash}-${v.width}${v.suffix}`
        result.files.set(name, published.files[i] as Buffer)
        return { path: name, width: v.width, height: v.height, bytes: v.bytes }
      })
      const [main, large] = variants
      if (!main) throw new Error('gave no variant')
      result.images.set(path, { main, ...(large ? { large } : {}) })
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
      result.failures.push({ path, message: reason ?? 'unreadable' })
    } finally {
      options.onProgress?.(++done, list.length)
    }
  }
  // Two at a time: sharp runs each on libuv's thread pool, and this machine has two cores.
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < list.length) await work(list[next++] as Original)
  }
  await Promise.all([worker(), worker()])
  await index.save().catch(() => undefined)
  return result
}
