/** @jest-environment node */
// The house plan, as lint enforces it (eslint.config.mjs): in the app, each folder imports only the folders below
// it; the tooling imports the app only through core/ and the presenters; the app never imports the tooling. A
// deliberately wrong import fails, the right ones pass. The tree itself is linted by npm test.

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
    'miniprogram/core/probe.ts',
    "import { content } from '../services/content'\nvoid content\n",
    /core\/ may not import services\//,
  ],
  [
    'miniprogram/core/probe.ts',
    "import { eventView } from '../view/event'\nvoid eventView\n",
    /core\/ may not import view\//,
  ],
  [
    'miniprogram/view/probe.ts',
    "import { savedItems } from '../services/saved-events'\nvoid savedItems\n",
    /view\/ may not import services\//,
  ],
  [
    'miniprogram/services/probe.ts',
    "import { eventView } from '../view/event'\nvoid eventView\n",
    /services\/ may not import view\//,
  ],
  [
    'miniprogram/services/probe.ts',
    "import { contentPage } from '../behaviors/content-page'\nvoid contentPage\n",
    /services\/ may not import behaviors\//,
  ],
  [
    'miniprogram/behaviors/probe.ts',
    "import { lineHeight } from '../pages/events/index'\nvoid lineHeight\n",
    /behaviors\/ may not import pages\//,
  ],
  [
    'miniprogram/pages/news/probe.ts',
    "import { lineHeight } from '../events/index'\nvoid lineHeight\n",
    /imports no other page/,
  ],
  [
    'miniprogram/pages/news/probe.ts',
    "import { toBlocks } from '../article/view'\nvoid toBlocks\n",
    /imports no other page|subpackages/,
  ],
  [
    'miniprogram/view/probe.ts',
    "import { toBlocks } from '../pages/article/view'\nvoid toBlocks\n",
    /subpackages|may not import pages/,
  ],
  [
    'miniprogram/core/probe.ts',
    "import { PAYLOADS } from '../../scripts/lib/fixtures'\nvoid PAYLOADS\n",
    /never imports the tooling/,
  ],
  [
    'scripts/lib/probe.ts',
    "import { request } from '../../miniprogram/services/http'\nvoid request\n",
    /only through miniprogram\/core/,
  ],
  [
    'scripts/lib/probe.ts',
    "import { onLaunch } from '../../miniprogram/app'\nvoid onLaunch\n",
    /only through miniprogram\/core/,
  ],
  [
    'editor/probe.ts',
    "import { behavior } from '../miniprogram/pages/news/index'\nvoid behavior\n",
    /only through miniprogram\/core/,
  ],
]

const RIGHT: Array<[string, string]> = [
  ['miniprogram/view/probe.ts', "import { parseEvents } from '../core/events'\nvoid parseEvents\n"],
  ['miniprogram/services/probe.ts', "import { t } from '../core/i18n'\nvoid t\n"],
  ['miniprogram/pages/news/probe.ts', "import { content } from '../../services/content'\nvoid content\n"],
  ['miniprogram/pages/news/probe.ts', "import { newsCards } from '../../view/news'\nvoid newsCards\n"],
  ['miniprogram/pages/article/probe.ts', "import { toBlocks } from './view'\nvoid toBlocks\n"],
  ['scripts/lib/probe.ts', "import { parseEvents } from '../../miniprogram/core/events'\nvoid parseEvents\n"],
  ['editor/probe.ts', "import { eventView } from '../miniprogram/view/event'\nvoid eventView\n"],
  ['editor/probe.ts', "import { toBlocks } from '../miniprogram/pages/article/view'\nvoid toBlocks\n"],
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
  '%s: an import the plan allows passes (%s)',
  (_path, _code, i) => {
    expect(verdicts[i]).toEqual([])
  },
)
