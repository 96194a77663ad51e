/** @jest-environment node */
// npm run release: an upload needs the upload key from the admin console; without it, a clear message and exit 2,
// before anything is installed or compiled. (The compile itself runs with WeChat's compiler, installed on demand,
// outside npm test: npm run release -- --dry-run.)

import { zipEntries } from '../../scripts/lib/wechat-ci'
import { main } from '../../scripts/release'

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

test('the compiled zip is measured from its central directory, file by file', async () => {
  const { deflateRawSync } = await import('node:zlib')
  const files: Array<[string, Buffer]> = [
    ['app.js', Buffer.from('x'.repeat(5000))],
    ['pages/news/index.js', Buffer.from('y'.repeat(1234))],
  ]
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, data] of files) {
    const packed = deflateRawSync(data)
    const nameBytes = Buffer.from(name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, packed)
    centrals.push(central, nameBytes)
    offset += 30 + nameBytes.length + packed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(files.length, 8)
  end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  expect(zipEntries(Buffer.concat([...locals, directory, end]))).toEqual([
    { name: 'app.js', bytes: 5000 },
    { name: 'pages/news/index.js', bytes: 1234 },
  ])
})
