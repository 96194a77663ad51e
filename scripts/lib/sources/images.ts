// Images for phones: editors drop originals of any size into content/images; the build publishes variants 750 and
// 1500 pixels wide (never wider than the original), JPEG for photos and PNG where there is transparency, named by a
// hash of the original so that a CDN can cache them for ever. Work is cached by that hash: a build that meets an
// original it has seen before reads the variants from the cache and runs no encoder. SVG and GIF are published as
// they are (a drawing scales; an animation would lose its frames).

import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'

export const VARIANT_WIDTHS = [750, 1500] as const
/** Bump when the variants change (sizes, formats, quality): every cached image is then made anew. */
const RECIPE = 'v1-750-1500-q80'
/** Originals larger than this many pixels are refused (a decompression bomb, not a photo). */
const MAX_PIXELS = 100_000_000

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

/**
 * Publishes the originals (path in content/ → bytes). Failures (not an image, too large) are returned by path, not
 * thrown, so that every bad image is reported at once.
 */
export async function publishImages(
  originals: ReadonlyMap<string, Buffer>,
  options: { cacheDir?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImageResult> {
  const result: ImageResult = { images: new Map(), files: new Map(), encoded: 0, failures: [] }
  let done = 0
  const list = [...originals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const work = async ([path, bytes]: [string, Buffer]): Promise<void> => {
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12)
    const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? ''
    try {
      if (extension === 'svg' || extension === 'gif') {
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
      const cacheDir = options.cacheDir && join(options.cacheDir, `${hash}-${RECIPE}`)
      let made = cacheDir ? await readCache(cacheDir) : undefined
      if (!made) {
        made = await encode(bytes)
        result.encoded++
        if (cacheDir) await writeCache(cacheDir, made.entry, made.files)
      }
      const variants = made.entry.variants.map((v, i) => {
        const published = `${stem(path)}-${hash}-${v.width}${v.suffix}`
        result.files.set(published, made.files[i] as Buffer)
        return { path: published, width: v.width, height: v.height, bytes: v.bytes }
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
    while (next < list.length) await work(list[next++] as [string, Buffer])
  }
  await Promise.all([worker(), worker()])
  return result
}
