// One problem, one line: text from content is printed with its control characters escaped.

/**
 * Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides written as \u escapes:
 * a key or file name from content can then never start a new line or disguise the output.
 */
export function escapeControls(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
