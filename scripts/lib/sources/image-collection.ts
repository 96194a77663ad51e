// content/images as a collection: only the pictures something uses are encoded (750 and 1500 px variants, cached)
// and published; one that cannot be read is reported at the picture, naming the articles that use it.

import { join } from 'node:path'
import type { Collection } from './collection'
import type { SourceFolder } from './folder'
import { localImagePath } from './articles'
import { MAX_IMAGE_BYTES, MAX_PIXELS, publishImages, type PublishedImage } from './images'

/** What renders may ask of the published pictures; what they ask for is what gets published. */
export interface PublishedImages {
  /** An article's picture, as the renderer needs it; undefined when there is none, 'failed' when it did not read. */
  article(
    src: string,
    large?: boolean,
  ): { url: string; width: number; height: number; bytes: number; large?: string } | 'failed' | undefined
  /** The same, for a draft: checked, never published. */
  draft(src: string, large?: boolean): ReturnType<PublishedImages['article']>
  /** The phone-size variant's path (the office's QR code), published. */
  main(src: string): string | undefined
  /** The files of the pictures asked for, in path order. */
  assets(): Map<string, Buffer>
  /** How many pictures were published, and how many of them were encoded in this run (not from the cache). */
  counts: { images: number; encoded: number }
}

export interface ImageNeeds {
  /** The images/… paths that sources refer to, and the files that use each (for messages). */
  wanted: ReadonlyMap<string, readonly string[]>
}

export const images: Collection<ReadonlySet<string>, ImageNeeds, Promise<PublishedImages>> = {
  name: 'images',
  owns: (path) => path.startsWith('images/'),
  parse: (folder) => folder.images,
  render: (present, { wanted }, folder) => publishWanted(present, wanted, folder),
}

async function publishWanted(
  present: ReadonlySet<string>,
  wanted: ImageNeeds['wanted'],
  folder: SourceFolder,
): Promise<PublishedImages> {
  const paths = [...wanted.keys()].filter((path) => present.has(path))
  const published = await publishImages(
    paths.map((path) => ({
      path,
      file: join(folder.dir, ...path.split('/')),
      read: () => folder.read(path, MAX_IMAGE_BYTES),
    })),
    folder.options,
  )
  for (const failure of published.failures) {
    const usedBy = wanted.get(failure.path)
    const by = usedBy && usedBy.length > 0 ? `, used by ${usedBy.join(', ')}` : ''
    folder.fileProblem(
      failure.path,
      /\.hei[cf]$/i.test(failure.path)
        ? `is a HEIC photo (an iPhone's format), which the build cannot read${by}; expected it exported as JPEG (on the iPhone: share it, Options, "Most Compatible"; or Settings, Camera, Formats)`
        : `could not be read as an image (${failure.message})${by}; expected a JPEG, PNG, WebP, GIF, TIFF or SVG file of at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB and ${MAX_PIXELS / 1_000_000} megapixels (export a smaller copy of a larger one)`,
    )
  }
  const failed = new Set(published.failures.map((f) => f.path))
  const used = new Set<string>()
  const imageOf = (src: string): PublishedImage | undefined => {
    const path = localImagePath(src)
    return path === undefined ? undefined : published.images.get(path)
  }
  const lookUp = (src: string, mark: boolean, large: boolean): ReturnType<PublishedImages['article']> => {
    const path = localImagePath(src)
    if (path !== undefined && failed.has(path)) return 'failed'
    const image = imageOf(src)
    if (!image) return undefined
    if (mark) used.add(image.main.path)
    if (mark && large && image.large) used.add(image.large.path)
    return {
      url: image.main.path,
      width: image.main.width,
      height: image.main.height,
      bytes: image.main.bytes,
      ...(large && image.large ? { large: image.large.path } : {}),
    }
  }
  return {
    article: (src, large = false) => lookUp(src, true, large),
    draft: (src, large = false) => lookUp(src, false, large),
    main(src) {
      const image = imageOf(src)
      if (image) used.add(image.main.path)
      return image?.main.path
    },
    assets: () =>
      new Map([...published.files].filter(([path]) => used.has(path)).sort(([a], [b]) => (a < b ? -1 : 1))),
    counts: { images: published.images.size, encoded: published.encoded },
  }
}
