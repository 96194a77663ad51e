// The one error type of models/: the document is not of the expected kind at all.

export class ContentFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ContentFormatError'
  }
}

/** Content that is readable but older than the version the reader already has (a stale CDN copy): kept out. */
export class OlderContentError extends ContentFormatError {
  constructor(message: string) {
    super(message)
    this.name = 'OlderContentError'
  }
}
