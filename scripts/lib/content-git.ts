// The content's history in git: every save of the web editor becomes a commit of just the files it wrote, and every
// publish names the commit it was built from. Our own commit step, not decap-server's git mode: that mode keeps
// entries on branches of its own (its editorial workflow) and commits with its own messages and identity, while a
// save here is one plain commit on the branch the editor works on, by the machine's git user, with Decap's message
// ("Update Articles “health-tech”"). Outside a git repository nothing is committed, and the editor says so once.

import { execFile } from 'node:child_process'
import { escapeControls } from './escape'

export interface GitResult {
  ok: boolean
  out: string
}

function git(cwd: string, args: string[], input?: string): Promise<GitResult> {
  return new Promise((done) => {
    const child = execFile(
      'git',
      args,
      { cwd, timeout: 30_000, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout, stderr) => done({ ok: !error, out: (error ? stderr || error.message : stdout).trim() }),
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}

/** Whether `dir` is inside a git working tree (and git is installed). */
export async function inGitRepository(dir: string): Promise<boolean> {
  const result = await git(dir, ['rev-parse', '--is-inside-work-tree'])
  return result.ok && result.out === 'true'
}

/** The commit `dir` is at, and whether its files differ from it; undefined outside a repository. */
export async function contentCommit(dir: string): Promise<{ commit: string; dirty: boolean } | undefined> {
  const head = await git(dir, ['rev-parse', 'HEAD'])
  if (!head.ok || !/^[0-9a-f]{40,64}$/.test(head.out)) return undefined
  const status = await git(dir, ['status', '--porcelain', '--', '.'])
  return { commit: head.out, dirty: status.ok && status.out.length > 0 }
}

/** Who is publishing: CI's actor, else the machine's git user. */
export async function publisherName(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const actor = env.GITEA_ACTOR || env.GITHUB_ACTOR || env.GITLAB_USER_LOGIN
  if (actor) return actor
  const name = await git(dir, ['config', 'user.name'])
  return name.ok && name.out ? name.out : undefined
}

/** A commit message from outside (the editor's page): one line of printable text, bounded. */
export function cleanMessage(message: unknown, fallback: string): string {
  const text = typeof message === 'string' ? escapeControls(message.replace(/\s+/g, ' ')).trim() : ''
  return (text || fallback).slice(0, 200)
}

/**
 * Commits exactly `paths` (relative to `dir`: added, changed or deleted) with `message`; other changes in the
 * working tree, staged or not, stay as they were. Nothing to commit is not an error.
 */
export async function commitPaths(dir: string, paths: string[], message: string): Promise<GitResult> {
  if (paths.length === 0) return { ok: true, out: '' }
  const add = await git(dir, ['add', '--all', '--', ...paths])
  if (!add.ok) return add
  const staged = await git(dir, ['diff', '--cached', '--name-only', '--', ...paths])
  if (staged.ok && staged.out === '') return { ok: true, out: '' }
  // A machine without a git identity still records the save, under the editor's name.
  const [name, email] = await Promise.all([
    git(dir, ['config', 'user.name']),
    git(dir, ['config', 'user.email']),
  ])
  const identity =
    name.out && email.out && name.ok && email.ok
      ? []
      : ['-c', 'user.name=BCECC web editor', '-c', 'user.email=editor@localhost']
  const commit = await git(
    dir,
    [...identity, 'commit', '--quiet', '--no-verify', '-F', '-', '--only', '--', ...paths],
    message,
  )
  if (!commit.ok) return commit
  return git(dir, ['rev-parse', 'HEAD'])
}
