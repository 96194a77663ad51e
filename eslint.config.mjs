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
  {
    // The detail pages are subpackages (app.json): the main package may not load their code.
    files: ['miniprogram/**/*.ts'],
    ignores: ['miniprogram/pages/article/**', 'miniprogram/pages/event/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/pages/article/*', '**/pages/event/*'],
              message: 'pages/article and pages/event are subpackages: the main package cannot load them.',
            },
          ],
        },
      ],
    },
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
