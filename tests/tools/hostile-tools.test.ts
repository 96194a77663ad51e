/** @jest-environment node */
// The editors' tools on hostile folders and documents: links out of the folder, FIFOs and devices, huge bodies,
// manifests that name local files, keys with control characters, thousands of errors, an empty HOST.

import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listenHost } from '../../scripts/lib/tasks/serve'
import { BuildError } from '../../scripts/lib/build'
import { readPublishedFolder } from '../../scripts/lib/published-folder'
import { escapeControls, formatProblem, validateTarget } from '../../scripts/lib/validate'

const ROOT = join(__dirname, '..', '..')

function copyContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-hostile-'))
  cpSync(join(ROOT, 'tests', 'fixtures', 'endpoint-2022'), dir, { recursive: true })
  return dir
}

const lines = async (target: string): Promise<string[]> =>
  (await validateTarget(target)).problems.map(formatProblem)

function feedOf(items: unknown[]): string {
  return JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', items })
}

/** Serves fixed bodies on 127.0.0.1 for the duration of a test. */
async function serveBodies(
  bodies: Record<string, string | Buffer>,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = bodies[req.url ?? '']
    res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('files the tools refuse', () => {
  test('a link out of the folder, a link to /dev/zero and a FIFO are each named, and nothing is built', async () => {
    const dir = copyContent()
    symlinkSync('/etc/hostname', join(dir, 'images', 'leak.png'))
    symlinkSync('/dev/zero', join(dir, 'zero.json'))
    expect(spawnSync('mkfifo', [join(dir, 'pipe.json')]).status).toBe(0)
    const found = await lines(dir)
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/images\/leak\.png#: is a link to a file outside the content folder/),
        expect.stringMatching(/zero\.json#: is a link to a file outside the content folder/),
        expect.stringMatching(/pipe\.json#: is a named pipe \(FIFO\); expected a regular file/),
      ]),
    )
    await expect(readPublishedFolder(dir)).rejects.toThrow(BuildError)
  })

  test('a link that stays inside the folder is read like the file it names', async () => {
    const dir = copyContent()
    symlinkSync(join(dir, 'images', 'official-account-qr-placeholder.svg'), join(dir, 'images', 'alias.svg'))
    const source = await readPublishedFolder(dir)
    expect(source.assets.get('images/alias.svg')).toEqual(
      source.assets.get('images/official-account-qr-placeholder.svg'),
    )
  })

  test('next_url out of the folder is not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcecc-hostile-'))
    writeFileSync(
      join(dir, 'feed.json'),
      JSON.stringify({ ...JSON.parse(feedOf([])), next_url: '../../../../etc/hostname' }),
    )
    expect(await lines(join(dir, 'feed.json'))).toEqual([
      expect.stringMatching(
        /feed\.json#\/next_url: links to .*hostname, which is outside the content folder/,
      ),
    ])
  })
})

describe('remote documents', () => {
  test('a body over 5 MB is refused without being read whole, and a manifest cannot reach local files', async () => {
    const huge = Buffer.alloc(6 * 1024 * 1024, 0x20)
    const manifest = JSON.stringify({
      kind: 'bcecc-build-manifest',
      version: 1,
      files: {
        'file:///etc/hostname': { bytes: 1, sha256: 'x' },
        '/etc/hostname': { bytes: 1, sha256: 'x' },
        '../secret.json': { bytes: 1, sha256: 'x' },
        '//evil.example/x.json': { bytes: 1, sha256: 'x' },
      },
    })
    const feed = JSON.stringify({ ...JSON.parse(feedOf([])), next_url: 'file:///etc/hostname' })
    const { url, server } = await serveBodies({
      '/huge.json': huge,
      '/manifest.json': manifest,
      '/feed.json': feed,
    })
    try {
      expect(await lines(`${url}/huge.json`)).toEqual([expect.stringMatching(/is larger than 5 MB/)])
      const fromManifest = await lines(`${url}/manifest.json`)
      expect(fromManifest).toHaveLength(4)
      for (const line of fromManifest) expect(line).toMatch(/is not a path inside the build/)
      expect(await lines(`${url}/feed.json`)).toEqual([
        expect.stringMatching(/next_url: links to file:.*a local file/),
      ])
    } finally {
      server.close()
    }
  })
})

describe('validator output', () => {
  test('control characters in keys are escaped: one problem is one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcecc-hostile-'))
    const item = { id: 'a', content_text: 'x', _bcecc: { translations: { 'zh\nerror: forged\u202e': 'b' } } }
    writeFileSync(join(dir, 'feed.json'), feedOf([item]))
    const found = await lines(join(dir, 'feed.json'))
    expect(found.length).toBeGreaterThan(0)
    for (const line of found) expect(line).not.toMatch(/[\n\r\u202e]/)
    expect(found.join('')).toContain('zh\\u000aerror: forged\\u202e')
    expect(escapeControls('a\u0000b\u009bc\u2028')).toBe('a\\u0000b\\u009bc\\u2028')
  })

  test('time grows linearly with the number of problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcecc-hostile-'))
    const timed = async (n: number): Promise<number> => {
      const file = join(dir, `feed-${n}.json`)
      writeFileSync(file, feedOf(Array.from({ length: n }, () => ({}))))
      const started = performance.now()
      const report = await validateTarget(file)
      expect(report.problems.filter((p) => p.severity === 'error')).toHaveLength(2 * n)
      return performance.now() - started
    }
    await timed(500) // warm-up
    const small = Math.min(await timed(2000), await timed(2000))
    const large = Math.min(await timed(8000), await timed(8000))
    expect(large / small).toBeLessThan(9)
  })

  test('a huge invalid item is reported once, without listing its values one by one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcecc-hostile-'))
    writeFileSync(
      join(dir, 'feed.json'),
      feedOf([{ id: 'a', content_text: 'x', authors: Array(200_000).fill(5) }]),
    )
    const found = await lines(join(dir, 'feed.json'))
    expect(found.filter((line) => line.includes('/items/0'))).toEqual([
      expect.stringMatching(/items\/0: does not match the format, and holds more than 5000 values/),
    ])
  })

  test('the whole report reaches a slow pipe before the tool exits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcecc-hostile-'))
    writeFileSync(join(dir, 'feed.json'), feedOf(Array.from({ length: 3000 }, () => ({}))))
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx')
    const run = spawnSync(
      'sh',
      ['-c', `"${tsx}" scripts/content.ts validate "${dir}/feed.json" | (sleep 1; cat)`],
      {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    )
    const out = run.stdout.trimEnd().split('\n')
    expect(out).toHaveLength(6001)
    expect(out[out.length - 1]).toMatch(/^invalid: .* 6000 errors/)
  })

  test('a pipe closed early (| head -1) ends the tool quietly, its work done', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcecc-hostile-'))
    writeFileSync(join(dir, 'feed.json'), feedOf(Array.from({ length: 3000 }, () => ({}))))
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx')
    const run = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${tsx}" scripts/content.ts validate "${dir}/feed.json" | head -1`],
      { cwd: ROOT, encoding: 'utf8' },
    )
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1)
    expect(run.stderr).not.toMatch(/EPIPE|Error/)
    // The reader has gone and the work is done: 0, and no stack trace about the closed pipe.
    expect(run.status).toBe(0)
  })
})

describe('the dev server address', () => {
  test.each([
    [undefined, '127.0.0.1'],
    ['', '127.0.0.1'],
    ['  ', '127.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
  ])('HOST=%p binds %s', (value, expected) => {
    expect(listenHost(value)).toBe(expected)
  })
})
