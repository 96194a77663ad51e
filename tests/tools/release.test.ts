/** @jest-environment node */
// npm run release: an upload needs the upload key from the admin console; without it, a clear message and exit 2,
// before anything is installed or compiled. (The compile itself runs with WeChat's compiler, installed on demand,
// outside npm test: npm run release -- --dry-run.)

import { zipEntries } from '../../scripts/lib/wechat-ci'
import { main } from '../../scripts/release'
import { makeZip } from '../setup/zip'

test('without --dry-run and without an upload key, it says what to set and stops', async () => {
  const saved = process.env.BCECC_WECHAT_UPLOAD_KEY
  delete process.env.BCECC_WECHAT_UPLOAD_KEY
  const lines: string[] = []
  const err = jest
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')))
  try {
    expect(await main([])).toBe(2)
  } finally {
    err.mockRestore()
    if (saved !== undefined) process.env.BCECC_WECHAT_UPLOAD_KEY = saved
  }
  expect(lines.join('\n')).toMatch(
    /^BCECC_WECHAT_UPLOAD_KEY does not name a key file; expected .* or --dry-run/,
  )
})

test('a version that is not X.Y.Z is refused', async () => {
  const lines: string[] = []
  const err = jest
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')))
  try {
    expect(await main(['--dry-run', '--version', '1.2'])).toBe(2)
  } finally {
    err.mockRestore()
  }
  expect(lines).toEqual(['version 1.2 is not X.Y.Z'])
})

test('the compiled zip is measured from its central directory, file by file', () => {
  const zip = makeZip([
    { name: 'app.js', data: Buffer.from('x'.repeat(5000)) },
    { name: 'pages/news/index.js', data: Buffer.from('y'.repeat(1234)) },
  ])
  expect(zipEntries(zip)).toEqual([
    { name: 'app.js', bytes: 5000 },
    { name: 'pages/news/index.js', bytes: 1234 },
  ])
})
