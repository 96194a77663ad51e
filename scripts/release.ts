// npm run release -- [--dry-run] [--version X.Y.Z]: the mini program compiled by WeChat's official compiler, as an
// upload sends it, with the size of each package and the compiler's warnings; over the budget it stops. Without
// --dry-run it uploads that version with the upload key named by BCECC_WECHAT_UPLOAD_KEY (the key file from the
// admin console: Development → Development settings → Upload key; this machine's IP must be allowed there), and
// says what to do next. The compiler is installed on first use in wechat-ci/.

import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildNpm } from './build-npm'
import { generate } from './generate'
import { runAsEntry } from './lib/entry'
import { PACKAGE_LIMIT_BYTES, compileOfficial, ensureWechatCi, uploadVersion } from './lib/wechat-ci'
import { MAIN_BUDGET_BYTES } from './lib/package-size'

const ROOT = join(__dirname, '..')
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let args
  try {
    args = parseArgs({
      args: argv,
      options: { 'dry-run': { type: 'boolean', default: false }, version: { type: 'string' } },
      strict: true,
    }).values
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\n\nUsage: npm run release -- [--dry-run] [--version 1.2.3]`,
    )
    return 2
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  const version = args.version ?? pkg.version
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    console.error(`version ${version} is not X.Y.Z`)
    return 2
  }
  const key = process.env.BCECC_WECHAT_UPLOAD_KEY
  if (!args['dry-run'] && (!key || !existsSync(key))) {
    console.error(
      'BCECC_WECHAT_UPLOAD_KEY does not name a key file; expected the path of the upload key from the admin console (Development → Development settings → Upload key), or --dry-run to compile only',
    )
    return 2
  }
  if (!ensureWechatCi(console.log)) return 1
  buildNpm()
  await generate()
  console.log("Compiling with WeChat's official compiler (as an upload)…")
  const size = await compileOfficial()
  for (const p of size.packages)
    console.log(
      `${p.name === 'main' ? 'main package' : `subpackage ${p.name}`}: ${kb(p.bytes)} (${p.files} files)`,
    )
  console.log(
    `largest files of the main package: ${size.largest.map((f) => `${f.name} ${kb(f.bytes)}`).join(', ')}`,
  )
  for (const w of size.warnings) console.log(`compiler: ${w}`)
  const main = size.packages.find((p) => p.name === 'main')?.bytes ?? 0
  const over = size.packages.filter((p) => p.bytes > PACKAGE_LIMIT_BYTES)
  if (main > MAIN_BUDGET_BYTES || over.length > 0) {
    console.error(
      `over budget: the main package is ${kb(main)} (budget ${kb(MAIN_BUDGET_BYTES)}, docs/performance.md)${over.length ? `; over WeChat's 2 MB: ${over.map((p) => p.name).join(', ')}` : ''}`,
    )
    return 1
  }
  if (args['dry-run']) {
    console.log(`dry run: version ${version} compiles within budget; nothing was uploaded`)
    return 0
  }
  const description = execFileSync('git', ['log', '-1', '--format=%s'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim()
  await uploadVersion({
    privateKeyPath: key as string,
    version,
    description: description.slice(0, 200),
    onProgress: (line) => console.log(line),
  })
  console.log(
    `uploaded version ${version} ("${description.slice(0, 80)}"). Next, in the admin console (Management → Version management): choose it as the trial version, try it on a phone, then submit it for review; after review, release it.`,
  )
  return 0
}

runAsEntry(__filename, main)
