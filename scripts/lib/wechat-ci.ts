// WeChat's official compiler and uploader (miniprogram-ci), from its own package in wechat-ci/ (about 275 MB, so
// installed on first use, never by npm ci or CI). Compiling needs no network: the project gets a throwaway RSA key
// (only an upload checks the key) and the default project attributes (else it asks WeChat's servers for them).
// What it compiles is exactly what an upload sends; its zip is measured here, package by package.

import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensurePackageDeps } from './package-deps'

const ROOT = join(__dirname, '..', '..')
export const WECHAT_CI_DIR = join(ROOT, 'wechat-ci')
const ENTRY = join(WECHAT_CI_DIR, 'node_modules', 'miniprogram-ci', 'package.json')

/** How long a compile may take (it takes about 10 s here). */
const COMPILE_LIMIT_MS = 5 * 60_000

/** The largest a package may be (WeChat's limit per package, main or sub). */
export const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024

export function ensureWechatCi(log: (line: string) => void): boolean {
  return ensurePackageDeps(WECHAT_CI_DIR, ENTRY, "WeChat's official compiler (miniprogram-ci)", log)
}

/** The little of miniprogram-ci used here. */
interface MiniprogramCi {
  Project: new (options: Record<string, unknown>) => unknown
  DefaultProjectAttr: unknown
  getCompiledResult(options: Record<string, unknown>, zipPath: string): Promise<unknown>
  upload(options: Record<string, unknown>): Promise<unknown>
}

function load(): MiniprogramCi {
  return createRequire(ENTRY)('miniprogram-ci') as MiniprogramCi
}

function project(ci: MiniprogramCi, privateKeyPath: string): unknown {
  const config = JSON.parse(readFileSync(join(ROOT, 'project.config.json'), 'utf8')) as { appid: string }
  return new ci.Project({
    appid: config.appid,
    type: 'miniProgram',
    projectPath: ROOT,
    privateKeyPath,
    ignores: [
      'node_modules/**/*',
      'editor/**/*',
      'wechat-ci/**/*',
      'scripts/**/*',
      'tests/**/*',
      'content/**/*',
    ],
    attr: async () => ci.DefaultProjectAttr,
  })
}

/** The files of a zip and their unpacked sizes, from its central directory. */
export function zipEntries(zip: Buffer): Array<{ name: string; bytes: number }> {
  let end = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i
      break
    }
  if (end < 0) throw new Error('the compiler wrote no zip')
  const out: Array<{ name: string; bytes: number }> = []
  let at = zip.readUInt32LE(end + 16)
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const nameLength = zip.readUInt16LE(at + 28)
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength)
    if (!name.endsWith('/')) out.push({ name, bytes: zip.readUInt32LE(at + 24) })
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
  }
  return out
}

export interface OfficialSize {
  /** Each package (the main one first, then subpackages by root) with its unpacked bytes and file count. */
  packages: Array<{ name: string; bytes: number; files: number }>
  /** The largest files of the main package, for seeing what weighs. */
  largest: Array<{ name: string; bytes: number }>
  /** The compiler's warnings, one line each. */
  warnings: string[]
}

/** The subpackage roots app.json declares (a file under one belongs to it; all others to the main package). */
function subpackageRoots(): string[] {
  const app = JSON.parse(readFileSync(join(ROOT, 'miniprogram', 'app.json'), 'utf8')) as {
    subpackages?: Array<{ root: string }>
    subPackages?: Array<{ root: string }>
  }
  return (app.subpackages ?? app.subPackages ?? []).map((p) => p.root.replace(/^\/|\/$/g, ''))
}

/** Compiles the mini program as an upload would (minified), and measures what it made. */
export async function compileOfficial(): Promise<OfficialSize> {
  const ci = load()
  const dir = mkdtempSync(join(tmpdir(), 'bcecc-wechat-ci-'))
  const key = join(dir, 'throwaway.key')
  writeFileSync(
    key,
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }),
  )
  const warnings: string[] = []
  const { warn, error, log } = console
  // The compiler prints its warnings, progress and, offline, its failure to fetch an optional list from WeChat's
  // servers: warnings are kept to be shown once, as lines; the rest is its chatter.
  const chatter =
    /^\[(summer-compiler|miniprogram-builder)\]|^serialize |white ?ext ?list|getaddrinfo|ENOTFOUND/i
  const keep = (...args: unknown[]): void => {
    const line = args.map(String).join(' ')
    if (!chatter.test(line)) warnings.push(line)
  }
  console.warn = keep
  console.error = keep
  console.log = keep
  try {
    const zipPath = join(dir, 'compiled.zip')
    // It has been seen to wait for ever on some settings: a limit, and a message, rather than a hung command.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      ci.getCompiledResult(
        { project: project(ci, key), setting: { useProjectConfig: true, minify: true }, threads: 1 },
        zipPath,
      ),
      new Promise((_, fail) => {
        timer = setTimeout(
          () => fail(new Error(`WeChat's compiler did not finish in ${COMPILE_LIMIT_MS / 60_000} minutes`)),
          COMPILE_LIMIT_MS,
        )
        timer.unref()
      }),
    ]).finally(() => clearTimeout(timer))
    const entries = zipEntries(readFileSync(zipPath))
    const roots = subpackageRoots()
    const packageOf = (name: string): string =>
      roots.find((root) => name.startsWith(`${root}/`) || name.startsWith(`miniprogram/${root}/`)) ?? 'main'
    const sizes = new Map<string, { bytes: number; files: number }>()
    for (const e of entries) {
      const p = packageOf(e.name)
      const known = sizes.get(p) ?? { bytes: 0, files: 0 }
      sizes.set(p, { bytes: known.bytes + e.bytes, files: known.files + 1 })
    }
    const packages = [...sizes.entries()]
      .map(([name, size]) => ({ name, ...size }))
      .sort((a, b) => (a.name === 'main' ? -1 : b.name === 'main' ? 1 : a.name < b.name ? -1 : 1))
    const largest = entries
      .filter((e) => packageOf(e.name) === 'main')
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, Number(process.env.BCECC_LARGEST ?? 8))
    return { packages, largest, warnings }
  } finally {
    Object.assign(console, { warn, error, log })
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Uploads a version with the upload key (from the admin console) at `privateKeyPath`. */
export async function uploadVersion(options: {
  privateKeyPath: string
  version: string
  description: string
  onProgress: (line: string) => void
}): Promise<void> {
  const ci = load()
  await ci.upload({
    project: project(ci, options.privateKeyPath),
    version: options.version,
    desc: options.description,
    setting: { useProjectConfig: true, minify: true },
    threads: 1,
    onProgressUpdate: (task: unknown) =>
      options.onProgress(typeof task === 'string' ? task : JSON.stringify(task)),
  })
}
