// How long the functions are: every function, method and arrow function of the app (limit 80 lines) and of the
// tooling (limit 100), measured from its first line to its last. `npm run functions` prints the ones over their
// limit; tests/tools/function-lengths.test.ts holds them to the list written down in long-functions.json (none may
// grow, none may join), so that the list only shrinks.

import { readFileSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import ts from 'typescript'

const ROOT = join(__dirname, '..', '..')

export const LIMITS = { app: 80, tooling: 100 } as const

export interface LongFunction {
  /** file:name, stable across edits that move it. */
  id: string
  file: string
  line: number
  lines: number
  limit: number
}

function sources(dir: string, skip: RegExp): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (skip.test(relative(ROOT, path).split(sep).join('/'))) continue
    if (entry.isDirectory()) out.push(...sources(path, skip))
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

/** A function's name as a reader finds it: its own, its variable's, its property's, or "(anonymous)". */
function nameOf(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node }
  if (named.name && ts.isIdentifier(named.name)) return named.name.text
  if (named.name && ts.isStringLiteral(named.name)) return named.name.text
  const parent = node.parent
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text
  if (ts.isPropertyAssignment(parent) && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name)))
    return parent.name.text
  return '(anonymous)'
}

/** Every function over its limit in the app and the tooling. */
export function longFunctions(): LongFunction[] {
  const out: LongFunction[] = []
  const skip = /(^|\/)(node_modules|miniprogram_npm|generated|lib\/entities\.js)(\/|$)/
  const files = [
    ...sources(join(ROOT, 'miniprogram'), skip).map((f) => [f, LIMITS.app] as const),
    ...sources(join(ROOT, 'scripts'), skip).map((f) => [f, LIMITS.tooling] as const),
    ...sources(join(ROOT, 'editor'), skip).map((f) => [f, LIMITS.tooling] as const),
  ]
  for (const [file, limit] of files) {
    const text = readFileSync(file, 'utf8')
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const seen = new Map<string, number>()
    const visit = (node: ts.Node): void => {
      if (
        ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node)
      ) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line
        const lines = end - start + 1
        if (lines > limit) {
          const rel = relative(ROOT, file).split(sep).join('/')
          const name = nameOf(node)
          const n = (seen.get(name) ?? 0) + 1
          seen.set(name, n)
          out.push({ id: `${rel}:${name}${n > 1 ? `#${n}` : ''}`, file: rel, line: start + 1, lines, limit })
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return out.sort((a, b) => b.lines - a.lines)
}

export const BASELINE = join(__dirname, 'long-functions.json')

/** The functions allowed over their limit, with the length they may not pass. */
export function readBaseline(): Record<string, number> {
  return JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, number>
}
