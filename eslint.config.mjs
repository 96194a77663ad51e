import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// "Now" comes from core/clock (now()), so that tests and previews can show the app as of any date.
const NOW_SELECTORS = [
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message: 'Use now() from core/clock.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Use new Date(now()) with now() from core/clock.',
  },
]

/**
 * The app's folders and what each may import (README: Architecture). core/ is the shared pure logic (the content
 * format, HTML, recurrence, time, schedules, strings); view/ the presenters, one module per screen; services/ the
 * only code that calls wx; behaviors/ what pages share; pages/ thin controllers. Everything else is forbidden.
 */
const MAY_IMPORT = {
  core: ['generated'],
  view: ['core'],
  services: ['core', 'generated'],
  behaviors: ['core', 'view', 'services'],
  components: ['core', 'view', 'services', 'behaviors'],
  'custom-tab-bar': ['core', 'view', 'services', 'behaviors'],
  pages: ['core', 'view', 'services', 'behaviors'],
}
const FOLDERS = [...Object.keys(MAY_IMPORT), 'generated']

/** The detail pages are subpackages (app.json): the main package may not load their code. */
const SUBPACKAGES = {
  group: ['**/pages/article/*', '**/pages/event/*'],
  message: 'pages/article and pages/event are subpackages: the main package cannot load them.',
}

/** From one page's folder, another page's folder. */
const OTHER_PAGE = {
  group: ['../*/*', '!../../**'],
  message: 'A page imports no other page: what pages share lives in view/ (presenters) or behaviors/.',
}

/** The app never loads the tools or the tests. */
const TOOLING = {
  group: ['**/scripts/**', '**/tests/**', '**/editor/**'],
  message: 'The app never imports the tooling or the tests.',
}

/** What a folder of the app may not import: every other folder not in its MAY_IMPORT list. */
function forbiddenFor(folder) {
  return FOLDERS.filter((other) => other !== folder && !MAY_IMPORT[folder].includes(other)).map((other) => ({
    group: [`**/${other}/*`, `**/${other}/**`],
    message: `${folder}/ may not import ${other}/: it may import ${MAY_IMPORT[folder].join(', ') || 'nothing'} (README: Architecture).`,
  }))
}

/**
 * The tooling (scripts/) shares the app's pure code only: core/, the presenters of view/ (the editor's preview
 * draws with them) and a subpackage's own presenter (pages/article/view.ts, kept in the subpackage for its size).
 */
const APP_FROM_TOOLING = {
  group: [
    // Listed one by one: a pattern over a whole folder could not let core/ and view/ back in.
    '**/miniprogram/*',
    '!**/miniprogram/core',
    '!**/miniprogram/view',
    '!**/miniprogram/pages',
    '!**/miniprogram/generated',
    '**/miniprogram/pages/*/*',
    '!**/miniprogram/pages/*/view',
  ],
  message:
    'The tooling (scripts/, editor/) imports the app only through miniprogram/core/ and the presenters (view/, pages/*/view.ts).',
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'miniprogram/miniprogram_npm/',
      'miniprogram/generated/',
      'miniprogram/pages/article/lib/',
      'preview/',
      'dist/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The app runs in WeChat: no Node, no DOM, and storage or network only through services/.
    files: ['miniprogram/**/*.ts'],
    languageOptions: {
      globals: {
        wx: 'readonly',
        App: 'readonly',
        Page: 'readonly',
        Component: 'readonly',
        Behavior: 'readonly',
        getApp: 'readonly',
        getCurrentPages: 'readonly',
      },
    },
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Function']",
          message: 'The mini program runtime forbids new Function.',
        },
        { selector: "CallExpression[callee.name='eval']", message: 'The mini program runtime forbids eval.' },
        {
          selector:
            'CallExpression[callee.property.name=/^(matchAll|replaceAll|at|findLast|findLastIndex)$/]',
          message: 'Older WeChat clients (iOS 12–14 JavaScriptCore) lack this: use an ES2019 equivalent.',
        },
        {
          selector: ':function[async=true], AwaitExpression, :function[generator=true]',
          message:
            'The official compiler turns async functions and generators into ES5 with the regenerator runtime (17.6 KB of the main package): use .then chains (core/promise attempt()).',
        },
        {
          selector: 'CallExpression > SpreadElement, NewExpression > SpreadElement',
          message:
            'Spreading into a call puts every element on the stack: a long list from content overflows it (Math.min(...months)). Use a loop or concat.',
        },
        ...NOW_SELECTORS,
      ],
    },
  },
  // The app's folders, each importing only what MAY_IMPORT lists; a page no other page, and the main package never
  // a subpackage's code. A test (tests/tools/layers.test.ts) shows wrong imports failing.
  ...Object.keys(MAY_IMPORT).map((folder) => ({
    files: [`miniprogram/${folder}/**/*.ts`],
    ...(folder === 'pages'
      ? { ignores: ['miniprogram/pages/article/**', 'miniprogram/pages/event/**'] }
      : {}),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbiddenFor(folder),
            TOOLING,
            SUBPACKAGES,
            ...(folder === 'pages' ? [OTHER_PAGE] : []),
          ],
        },
      ],
    },
  })),
  {
    // The subpackages' pages: the same rules, and their own code is theirs to import.
    files: ['miniprogram/pages/article/**/*.ts', 'miniprogram/pages/event/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...forbiddenFor('pages'), TOOLING, OTHER_PAGE] }],
    },
  },
  {
    // The app's root files: never the subpackages' code, nor the tooling.
    files: ['miniprogram/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SUBPACKAGES, TOOLING] }] },
  },
  {
    files: ['scripts/**/*.ts', 'editor/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [APP_FROM_TOOLING] }] },
  },
  {
    // The one place that reads the system clock.
    files: ['miniprogram/core/clock.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['miniprogram/{pages,components,core,view,behaviors,custom-tab-bar}/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'wx', property: 'request', message: 'Only services/http calls wx.request.' },
        { object: 'wx', property: 'setStorage', message: 'Only services/storage touches storage.' },
        { object: 'wx', property: 'setStorageSync', message: 'Only services/storage touches storage.' },
        { object: 'wx', property: 'getStorage', message: 'Only services/storage touches storage.' },
        { object: 'wx', property: 'getStorageSync', message: 'Only services/storage touches storage.' },
        { object: 'wx', property: 'removeStorageSync', message: 'Only services/storage touches storage.' },
        { object: 'wx', property: 'clearStorageSync', message: 'Only services/storage touches storage.' },
        {
          object: 'wx',
          property: 'stopPullDownRefresh',
          message: 'Use refreshFromPullDown (services/navigation): it stops the animation whatever happens.',
        },
      ],
    },
  },
  {
    // Outside input (query values, links, request paths) is decoded only through core/url decodeComponent,
    // which cannot throw on a malformed escape.
    files: ['miniprogram/**/*.ts', 'scripts/**/*.ts', 'editor/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'decodeURIComponent', message: 'Use decodeComponent (core/url): it never throws.' },
        { name: 'decodeURI', message: 'Use decodeComponent (core/url): it never throws.' },
      ],
    },
  },
  {
    files: ['miniprogram/{core,view}/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'wx', message: 'core/ and view/ are pure: no wx (services/ calls it).' },
        { name: 'decodeURIComponent', message: 'Use decodeComponent (core/url): it never throws.' },
        { name: 'decodeURI', message: 'Use decodeComponent (core/url): it never throws.' },
      ],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs}', 'editor/*.ts', 'tests/**/*.ts', '*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The web editor's page scripts run in the browser, as plain scripts.
    files: ['editor/admin/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs', 'jest*.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
