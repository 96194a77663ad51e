// Preview runs only (npm run preview): WXSS made browser CSS before simulate prefixes it, as WeChat would draw it
// on a 375 px wide screen.

import { toBrowserCss } from '../../scripts/lib/wxss'

export { toBrowserCss }

// eslint-disable-next-line @typescript-eslint/no-require-imports
const wxss = require('miniprogram-simulate/src/wxss') as {
  compile: (css: string, options: { prefix?: string }) => string
}
const compile = wxss.compile.bind(wxss)
wxss.compile = (css: string, options: { prefix?: string }) =>
  compile(toBrowserCss(css, options.prefix ?? ''), options)

/** simulate's own compile (class prefixes, minifying), for CSS already made browser CSS. */
export const compileWxss = compile
