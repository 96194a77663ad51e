// Fetches the full table of HTML character references (core/entities.ts) from the article subpackage the first
// time a text needs it: WeChat downloads that subpackage if it has not already (require.async, base library 2.11.2).
// Outside WeChat (tests) the module is required directly.

import {
  fullDecoderFailed,
  installFullDecoder,
  setFullDecoderLoader,
  type FullDecoder,
} from '../core/entities'

/** The article subpackage's bundle of the `entities` package (scripts/build-npm.ts). */
const TABLE = '../pages/article/lib/entities.js'

export function enableFullDecoder(): void {
  setFullDecoderLoader(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- require.async, or a plain require outside WeChat
    const load = typeof require.async === 'function' ? require.async(TABLE) : Promise.resolve(require(TABLE))
    ;(load as Promise<FullDecoder>).then(installFullDecoder, () => fullDecoderFailed())
  })
}
