// npm run preview: the page renders of tests/preview, through the same setup as the tests.
const base = require('./jest.config')

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['**/tests/preview/**/*.preview.ts'],
  setupFilesAfterEnv: [...base.setupFilesAfterEnv, '<rootDir>/tests/preview/setup.ts'],
  testTimeout: 60000,
}
