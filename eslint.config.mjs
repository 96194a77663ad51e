import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// "Now" comes from utils/clock (now()), so that tests and previews can show the app as of any date.
const NOW_SELECTORS = [
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message: 'Use now() from utils/clock.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Use new Date(now()) with now() from utils/clock.',
  },
]

/** The app's folders, lowest layer first: each may import only the ones before it. */
const LAYERS = ['models', 'utils', 'services', 'behaviors', 'pages']

/** The detail pages are subpackages (app.json): the main package may not load their code. */
const SUBPACKAGES = {
  group: ['**/pages/article/*', '**/pages/event/*'],
  message: 'pages/article and pages/event are subpackages: the main package cannot load them.',
}

/** From one page's folder, another page's folder. */
const OTHER_PAGE = {
  group: ['../*/*', '!../../**'],
  message: 'A page imports no other page: what pages share lives in utils/ (presenters) or behaviors/.',
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
            'The official compiler turns async functions and generators into ES5 with the regenerator runtime (17.6 KB of the main package): use .then chains (utils/promise attempt()).',
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
  // The app's layers, each importing only those below it: pages → behaviors → services → utils → models (and the
  // generated code). A test (tests/unit/layers.test.ts) shows a wrong import failing.
  ...LAYERS.map((layer, i) => ({
    files: [`miniprogram/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...LAYERS.slice(i + 1).map((above) => ({
              group: [`**/${above}/*`, `**/${above}/**`],
              message: `${layer}/ may not import ${above}/: the layers go pages → behaviors → services → utils → models (README: Layout).`,
            })),
            ...(layer === 'pages' ? [] : [SUBPACKAGES]),
          ],
        },
      ],
    },
  })),
  {
    // A page imports no other page (what pages share lives in utils/ or behaviors/), and the main package's pages
    // never the subpackages' code.
    files: ['miniprogram/pages/**/*.ts'],
    ignores: ['miniprogram/pages/article/**', 'miniprogram/pages/event/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [SUBPACKAGES, OTHER_PAGE] }],
    },
  },
  {
    files: ['miniprogram/pages/article/**/*.ts', 'miniprogram/pages/event/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [OTHER_PAGE] }] },
  },
  {
    // The app's root and its other folders: never the subpackages' code.
    files: ['miniprogram/*.ts', 'miniprogram/custom-tab-bar/**/*.ts', 'miniprogram/components/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SUBPACKAGES] }] },
  },
  {
    // The one place that reads the system clock.
    files: ['miniprogram/utils/clock.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['miniprogram/{pages,components,models,utils,behaviors}/**/*.ts'],
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
    // Outside input (query values, links, request paths) is decoded only through models/url decodeComponent,
    // which cannot throw on a malformed escape.
    files: ['miniprogram/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'decodeURIComponent', message: 'Use decodeComponent (models/url): it never throws.' },
        { name: 'decodeURI', message: 'Use decodeComponent (models/url): it never throws.' },
      ],
    },
  },
  {
    files: ['miniprogram/{models,utils}/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'wx', message: 'models/ and utils/ are pure: no wx.' },
        { name: 'decodeURIComponent', message: 'Use decodeComponent (models/url): it never throws.' },
        { name: 'decodeURI', message: 'Use decodeComponent (models/url): it never throws.' },
      ],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs}', 'tests/**/*.ts', '*.{js,mjs,cjs}'],
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
