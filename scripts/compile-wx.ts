// Offline WXML/WXSS compile check with WeChat's own compilers (wcc, wcsc, shipped in miniprogram-compiler): real
// syntax errors with file and line, in well under a second.

import { isEntry } from './lib/entry'
import { spawnSync } from 'node:child_process'
import { chmodSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

const ROOT = join(__dirname, '..')
const APP = join(ROOT, 'miniprogram')
const BIN = join(
  ROOT,
  'node_modules',
  'miniprogram-compiler',
  'bin',
  process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux',
)

function files(dir: string, ext: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'miniprogram_npm' || e.name.startsWith('.')) continue
    const full = join(dir, e.name)
    if (e.isDirectory()) out.push(...files(full, ext))
    else if (e.name.endsWith(ext)) out.push(relative(APP, full).split(sep).join('/'))
  }
  return out.sort()
}

function run(tool: 'wcc' | 'wcsc', args: string[]): string | undefined {
  const bin = join(BIN, process.platform === 'win32' ? `${tool}.exe` : tool)
  try {
    chmodSync(bin, 0o755)
  } catch {
    // read-only install: it is executable already or spawn says so below
  }
  const result = spawnSync(bin, args, { cwd: APP, maxBuffer: 64 * 1024 * 1024 })
  if (result.error) return `${tool} could not run: ${result.error.message}`
  if (result.status !== 0) return `${result.stderr.toString().trim() || result.stdout.toString().trim()}`
  return undefined
}

export function compileCheck(): { wxml: number; wxss: number; errors: string[] } {
  const wxml = files(APP, '.wxml')
  const wxs = files(APP, '.wxs')
  const wxss = files(APP, '.wxss')
  const errors: string[] = []
  if (wxml.length > 0) {
    const problem = run('wcc', ['-d', '-cc', '0', ...wxml, ...wxs, '-gn', '$gwx'])
    if (problem) errors.push(problem)
  }
  // One file at a time, so that an error names the file it is in.
  for (const file of wxss) {
    const problem = run('wcsc', ['-db', '-pc', '0', file])
    if (problem) errors.push(`${file}: ${problem}`)
  }
  return { wxml: wxml.length + wxs.length, wxss: wxss.length, errors }
}

if (isEntry(__filename)) {
  const { wxml, wxss, errors } = compileCheck()
  if (errors.length > 0) {
    console.error(errors.join('\n'))
    process.exit(1)
  }
  console.log(`wcc/wcsc: ${wxml} WXML/WXS and ${wxss} WXSS files compile`)
}
