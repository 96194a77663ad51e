// The reader's end of `npm run test:editor`'s whole chain: the app's own content client against a live bucket
// (BCECC_CHAIN_FEED_URL), through the same setup as the tests. Not part of npm test: it needs that bucket.
const base = require('./jest.config')

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['**/tests/e2e/**/*.chain.ts'],
  testTimeout: 60000,
}
