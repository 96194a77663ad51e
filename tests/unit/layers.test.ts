/** @jest-environment node */
// The app's layers, as lint enforces them (eslint.config.mjs): a deliberately wrong import fails, the right ones
// pass. The tree itself is linted by npm test.

import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')

/**
 * ESLint's verdict on each case, in one process of its own (its configuration is an ES module, which jest's module
 * sandbox cannot load): the import-rule messages for `code` as if it were the app's file `path`.
 */
function lintAll(cases: Array<[string, string]>): string[][] {
  const script = `
    import { ESLint } from 'eslint'
    const cases = JSON.parse(process.argv[1])
    const eslint = new ESLint({ cwd: process.cwd() })
    const out = []
    for (const [path, code] of cases) {
      const [result] = await eslint.lintText(code, { filePath: path })
      out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message))
    }
    console.log(JSON.stringify(out))`
  const text = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  return JSON.parse(text) as string[][]
}

const WRONG: Array<[string, string, RegExp]> = [
  [
    'miniprogram/models/probe.ts',
    "import { content } from '../services/content'\nvoid content\n",
    /models\/ may not import services\//,
  ],
  [
    'miniprogram/models/probe.ts',
    "import { t } from '../utils/i18n'\nvoid t\n",
    /models\/ may not import utils\//,
  ],
  [
    'miniprogram/utils/probe.ts',
    "import { savedItems } from '../services/saved-events'\nvoid savedItems\n",
    /utils\/ may not import services\//,
  ],
  [
    'miniprogram/services/probe.ts',
    "import { contentPage } from '../behaviors/content-page'\nvoid contentPage\n",
    /services\/ may not import behaviors\//,
  ],
  [
    'miniprogram/behaviors/probe.ts',
    "import { lineHeight } from '../pages/events/view'\nvoid lineHeight\n",
    /behaviors\/ may not import pages\//,
  ],
  [
    'miniprogram/pages/news/probe.ts',
    "import { lineHeight } from '../events/view'\nvoid lineHeight\n",
    /imports no other page/,
  ],
  [
    'miniprogram/pages/news/probe.ts',
    "import { toBlocks } from '../article/blocks'\nvoid toBlocks\n",
    /imports no other page|subpackages/,
  ],
  [
    'miniprogram/services/probe.ts',
    "import { toBlocks } from '../pages/article/blocks'\nvoid toBlocks\n",
    /subpackages|may not import pages/,
  ],
]

const RIGHT: Array<[string, string]> = [
  ['miniprogram/utils/probe.ts', "import { parseEvents } from '../models/events'\nvoid parseEvents\n"],
  ['miniprogram/services/probe.ts', "import { t } from '../utils/i18n'\nvoid t\n"],
  ['miniprogram/pages/news/probe.ts', "import { content } from '../../services/content'\nvoid content\n"],
  ['miniprogram/pages/article/probe.ts', "import { toBlocks } from './blocks'\nvoid toBlocks\n"],
]

const verdicts = lintAll([...WRONG.map(([path, code]): [string, string] => [path, code]), ...RIGHT])

test.each(WRONG.map(([path, code, message], i) => [path, code.split('\n')[0], message, i] as const))(
  '%s: a wrong import fails (%s)',
  (_path, _code, message, i) => {
    expect(verdicts[i]?.length).toBeGreaterThan(0)
    expect(verdicts[i]?.join('\n')).toMatch(message)
  },
)

test.each(RIGHT.map(([path, code], i) => [path, code.split('\n')[0], WRONG.length + i] as const))(
  '%s: an import down the layers passes (%s)',
  (_path, _code, i) => {
    expect(verdicts[i]).toEqual([])
  },
)
