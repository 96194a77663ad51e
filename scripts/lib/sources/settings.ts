// The site's settings (site.yaml) and the office profile (office.yaml) as collections: the settings come first (the
// articles' dates are read in their time zone); the office renders once its QR code image is published.

import { isMap } from 'yaml'
import { localImagePath } from './articles'
import type { Collection } from './collection'
import { SourceFile, type Fields } from './fields'
import type { SourceFolder } from './folder'
import type { PublishedImages } from './image-collection'
import { feedHead, readOffice, readSite, type Site } from './office'

function settingsFile(folder: SourceFolder, name: string, what: string, missing: string): Fields | undefined {
  const text = folder.texts.get(name)
  if (text === undefined) {
    folder.fileProblem(name, missing)
    return undefined
  }
  return new SourceFile(folder.display(name), text, folder.problems).parseMapping(what)
}

/** site.yaml: the newsletter's settings; rendered as the feed's head. */
export const siteSettings: Collection<Site | undefined, undefined, Record<string, unknown> | undefined> = {
  name: 'site',
  owns: (path) => path === 'site.yaml',
  parse(folder) {
    const fields = settingsFile(
      folder,
      'site.yaml',
      'the newsletter settings: title:, language:, …',
      'is missing; expected the newsletter settings (title:, language:, time_zone:)',
    )
    return fields ? readSite(fields) : undefined
  },
  render: (site) => (site ? feedHead(site) : undefined),
}

/** office.yaml: the office profile, with its official account's QR code from content/images. */
export const officeProfile: Collection<
  Fields | undefined,
  PublishedImages,
  Record<string, unknown> | undefined
> & {
  /** The images/… path of the official account's QR code, when it names one. */
  images(parsed: Fields | undefined): string[]
} = {
  name: 'office',
  document: 'office',
  owns: (path) => path === 'office.yaml',
  parse: (folder) =>
    settingsFile(
      folder,
      'office.yaml',
      'the office profile: name:, description:, …',
      'is missing; expected the office profile (name:, description:, …)',
    ),
  images(office) {
    const account = office?.value('official_account')
    const qr = isMap(account) ? account.get('qr_code') : undefined
    const path = typeof qr === 'string' ? localImagePath(qr) : undefined
    return path === undefined ? [] : [path]
  },
  render(office, images) {
    if (!office) return undefined
    return readOffice(office, (src, at) => {
      const url = images.main(src)
      if (!url)
        office.file.report(
          'error',
          at,
          `qr_code ${src} was not found; expected an image in content/images, such as images/qr.png`,
        )
      return url
    })
  },
}
