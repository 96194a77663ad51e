// A Word document (.docx) turned into an article source (content/articles/<slug>/index.<lang>.md) with its images
// saved to content/images. mammoth reads the document's structure (Title, headings, lists, tables, links, bold and
// italic) and leaves Word's styling (fonts, colours, highlights) behind; the HTML it gives becomes Markdown.

import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import mammoth from 'mammoth'
import { zipProblem } from './zip-guard'
import sharp from 'sharp'
import {
  ImportError,
  guessLanguage,
  htmlToMarkdown,
  newReport,
  slugify,
  noonOf,
  toYamlWithNote,
  writeNew,
  type ImportReport,
} from './common'

/** Word's heading styles, one level down: the Title is the article's title, Heading 1 its first level. */
// Word writes built-in style names in English whatever its language, capitalised or not ("heading 1").
const STYLE_MAP = [
  ...['Title', 'title'].map((name) => `p[style-name='${name}'] => h1.title:fresh`),
  ...['Heading', 'heading'].flatMap((name) => [
    `p[style-name='${name} 1'] => h2:fresh`,
    `p[style-name='${name} 2'] => h3:fresh`,
    `p[style-name='${name} 3'] => h4:fresh`,
    `p[style-name='${name} 4'] => h4:fresh`,
  ]),
  "p[style-name='Subtitle'] => p.subtitle:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  'u => ',
  'strike => s',
]

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
}

export interface DocxOptions {
  root: string
  slug?: string
  /** The article's date (YYYY-MM-DD); today when not given. */
  date?: string
}

const decodeEntities = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

/** What a Word file may unpack to: its pictures (a long report with photos is tens of MB) and its text. */
export const DOCX_LIMITS = { totalBytes: 200 * 1024 * 1024, xmlBytes: 30 * 1024 * 1024, entries: 2000 }

/**
 * A picture of the Word file, as the article will use it: JPEG, PNG, GIF or WebP as it is, TIFF made JPEG, a drawing
 * (SVG) made PNG; named after the article and numbered (one already there with the same bytes is reused). Other
 * kinds (Windows metafiles) are left out with a note.
 */
async function keepPicture(
  image: { contentType: string; readAsBuffer(): Promise<Buffer> },
  {
    slug,
    source,
    root,
    images,
    report,
  }: {
    slug: string
    source: string
    root: string
    images: Array<{ path: string; bytes: Buffer }>
    report: ImportReport
  },
): Promise<{ src: string }> {
  let data = Buffer.from(await image.readAsBuffer())
  let extension = EXTENSIONS[image.contentType]
  if (!extension && /^image\/tiff?$/.test(image.contentType)) {
    // Scanned pictures: TIFF becomes JPEG, which phones show.
    data = await sharp(data).jpeg({ quality: 90 }).toBuffer()
    extension = 'jpg'
  }
  if (!extension && image.contentType === 'image/svg+xml') {
    // Drawings: drawn to PNG here (librsvg runs no script), so nothing in them can act once published.
    data = await sharp(data, { limitInputPixels: 50_000_000 }).png().toBuffer()
    extension = 'png'
  }
  if (!extension) {
    // Windows metafiles (EMF, WMF) and the like: no phone shows them.
    report.notes.push(
      `${source}: a picture of type ${image.contentType} was left out; save it as PNG or JPEG and add it`,
    )
    return { src: '' }
  }
  // Named after the article, numbered; an image already there with the same bytes is reused.
  let n = images.length + 1
  let path = `images/${slug}-${n}.${extension}`
  const same = (file: string): boolean =>
    createHash('sha256').update(readFileSync(file)).digest('hex') ===
    createHash('sha256').update(data).digest('hex')
  while (existsSync(join(root, path)) && !same(join(root, path))) path = `images/${slug}-${++n}.${extension}`
  images.push({ path, bytes: data })
  return { src: path }
}

export async function importDocx(bytes: Buffer, source: string, options: DocxOptions): Promise<ImportReport> {
  const report = newReport()
  const slug = options.slug ?? slugify(source.replace(/\.docx$/i, ''))
  if (!slug) throw new ImportError(`cannot make a slug from "${source}"; give one with --slug my-article`)
  if (!/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/.test(slug))
    throw new ImportError(`--slug ${slug} is not a slug; expected lower-case letters, digits and hyphens`)

  // Checked before mammoth inflates anything: a small file that unpacks to gigabytes is refused here.
  const problem = zipProblem(bytes, DOCX_LIMITS)
  if (problem)
    throw new ImportError(
      `${source} ${problem}; expected a Word document (.docx) of at most ${DOCX_LIMITS.totalBytes / 1024 / 1024} MB unpacked, with at most ${DOCX_LIMITS.xmlBytes / 1024 / 1024} MB of text`,
    )
  const images: Array<{ path: string; bytes: Buffer }> = []
  let result: { value: string; messages: Array<{ type: string; message: string }> }
  try {
    result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        styleMap: STYLE_MAP,
        convertImage: mammoth.images.imgElement((image) =>
          keepPicture(image, { slug, source, root: options.root, images, report }),
        ),
      },
    )
  } catch (error) {
    throw new ImportError(
      `${source} could not be read as a Word document (${error instanceof Error ? error.message : 'unreadable'}); expected a .docx file`,
    )
  }
  for (const message of result.messages) {
    if (/Unrecognised (paragraph|run) style|referenced but not defined/.test(message.message)) continue
    report.notes.push(`${source}: ${message.message}`)
  }

  let html = result.value.replace(/<img src=""[^>]*>/g, '')
  // The title: the Title paragraph, else the first heading, else the file name.
  let title: string | undefined
  const titled =
    /<h1 class="title">([\s\S]*?)<\/h1>/.exec(html) ?? /^<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/.exec(html)
  if (titled) {
    title = decodeEntities(titled[1]?.replace(/<[^>]+>/g, '') ?? '').trim()
    html = html.replace(titled[0], '')
  }
  if (!title) {
    title = source.replace(/\.docx$/i, '')
    report.notes.push(`${source}: no Title style; the file name is the title`)
  }
  const body = htmlToMarkdown(html)
  const firstParagraph = /<p>([\s\S]*?)<\/p>/.exec(html)?.[1]
  const lead = firstParagraph ? decodeEntities(firstParagraph.replace(/<[^>]+>/g, '')).trim() : ''
  const summary = /^.*?[.!?。！？](?=\s|$)/.exec(lead)?.[0] ?? lead.slice(0, 140)
  const language = guessLanguage(`${title} ${body}`)
  // Noon in the newsletter's time zone, written whole: the web editor's date picker then shows 12:00, not midnight.
  const date = noonOf(options.date ?? new Date().toISOString().slice(0, 10), options.root)
  const head = toYamlWithNote(
    {
      title,
      date,
      ...(summary ? { summary } : {}),
      tags: [],
    },
    [`Imported from ${source}. Check the text, the summary and the images, then delete this line.`],
  ).replace(/^date: .*$/m, (line) => `${line}\n# domain: digital | climate | health`)
  const path = `articles/${slug}/index.${language}.md`
  const text = `---\n${head}---\n\n${body}\n`
  if (!(await writeNew(options.root, path, text, report))) return report
  for (const image of images) {
    if (existsSync(join(options.root, image.path))) continue
    await writeNew(options.root, image.path, image.bytes, report)
  }
  return report
}
