// The one error type of models/: the document is not of the expected kind at all.

export class ContentFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ContentFormatError'
  }
}
