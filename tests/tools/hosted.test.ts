/** @jest-environment node */
// The hosted setup, as files of the project: the editor built as static files (`content -- editor-build`), signing in
// to the git host of site.yaml with PKCE; and the content workflow, whose every command this test runs the way the
// workflow does (against a local S3 server). Decap's bundle is a stand-in here (CI does not install the editor's
// packages); test:editor loads the real one in Chromium.

import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { startS3, type LocalS3 } from '../../scripts/lib/local-s3'
import { runContentCli } from '../setup/content-cli'

const ROOT = join(__dirname, '..', '..')
const BUCKET = 'bcecc-hosted'

let s3: LocalS3
let dist: string

beforeAll(async () => {
  s3 = await startS3(BUCKET)
  dist = mkdtempSync(join(tmpdir(), 'bcecc-decap-'))
  writeFileSync(join(dist, 'decap-cms.js'), 'window.CMS = {}')
  writeFileSync(join(dist, '117.decap-cms.js'), '/* a chunk */')
  writeFileSync(join(dist, 'decap-cms.js.map'), '{}')
  writeFileSync(join(dist, '117.cms.js'), '/* the other build */')
})

afterAll(() => s3.close())

/** A copy of the sample content with `extra` added to its site.yaml. */
function contentWith(extra: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'bcecc-hosted-')), 'content')
  cpSync(join(ROOT, 'content'), dir, { recursive: true })
  appendFileSync(join(dir, 'site.yaml'), extra)
  return dir
}

const GITEA =
  'editor:\n  backend: gitea\n  repo: bcecc/newsletter\n  base_url: https://git.bcecc.example\n  app_id: 0b5c4a52\n'

/** `npm run content -- …` on `dir`, with the storage key in the environment as CI's secrets put it. */
const cli = (dir: string, args: string[]): Promise<{ code: number; out: string }> =>
  runContentCli(args, {
    BCECC_CONTENT_DIR: dir,
    BCECC_DECAP_DIST: dist,
    BCECC_ENV_FILE: join(dir, 'no.env'),
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  })

describe('content -- editor-build', () => {
  test('static files that sign in to the Gitea of site.yaml with PKCE, loading only their own files', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bcecc-admin-')), 'admin')
    const { code, out: printed } = await cli(contentWith(GITEA), ['editor-build', out])
    expect(code).toBe(0)
    expect(printed).toMatch(
      /signs in to gitea at https:\/\/git\.bcecc\.example \(repository bcecc\/newsletter, branch main\)/,
    )
    const config = parse(readFileSync(join(out, 'config.yml'), 'utf8')) as {
      backend: Record<string, unknown>
      collections: Array<{ folder?: string }>
      media_folder: string
    }
    expect(config.backend).toEqual({
      name: 'gitea',
      repo: 'bcecc/newsletter',
      branch: 'main',
      app_id: '0b5c4a52',
      base_url: 'https://git.bcecc.example',
      api_root: 'https://git.bcecc.example/api/v1',
    })
    // The repository holds the whole project: the editor writes content/…
    expect(config.media_folder).toBe('content/images')
    expect(config.collections.some((c) => c.folder === 'content/articles')).toBe(true)
    // Every script the page loads is one of its own files, by a relative path.
    const html = readFileSync(join(out, 'index.html'), 'utf8')
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] as string)
    expect(scripts).toEqual(['defaults.js', 'cms/decap-cms.js', 'labels.js', 'preview.js'])
    for (const src of scripts) expect(readFileSync(join(out, src)).length).toBeGreaterThan(0)
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(readdirSync(join(out, 'cms')).sort()).toEqual(['117.decap-cms.js', 'decap-cms.js'])
  })

  test('GitLab signs in with PKCE too; without editor settings, or with a wrong one, it says what to write', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bcecc-admin-')), 'admin')
    const gitlab = await cli(
      contentWith(
        'editor:\n  backend: gitlab\n  repo: bcecc/content/newsletter\n  base_url: https://gitlab.com\n  app_id: abc\n  branch: live\n',
      ),
      ['editor-build', out],
    )
    expect(gitlab.code).toBe(0)
    expect(
      (parse(readFileSync(join(out, 'config.yml'), 'utf8')) as { backend: unknown }).backend,
    ).toMatchObject({
      name: 'gitlab',
      auth_type: 'pkce',
      app_id: 'abc',
      branch: 'live',
      api_root: 'https://gitlab.com/api/v4',
    })
    const none = await cli(contentWith(''), ['editor-build', join(tmpdir(), `none-${Date.now()}`)])
    expect(none.code).toBe(1)
    expect(none.out).toMatch(
      /site\.yaml has no editor: settings; expected backend \(gitea or gitlab\), repo, base_url and app_id/,
    )
    const wrong = await cli(
      contentWith('editor:\n  backend: github\n  repo: x\n  base_url: http://git.example\n'),
      ['editor-build', join(tmpdir(), `wrong-${Date.now()}`)],
    )
    expect(wrong.code).toBe(1)
    expect(wrong.out).toMatch(
      /site\.yaml:\d+:\d+: error: editor\.backend is "github"; expected gitlab \(a typo\?\), or one of gitea, gitlab/,
    )
    expect(wrong.out).toMatch(/editor\.base_url is .*; expected an https:\/\/ address/)
    expect(wrong.out).toMatch(/editor\.app_id is missing/)
  })
})

describe('the content workflow', () => {
  const workflow = parse(readFileSync(join(ROOT, '.gitea', 'workflows', 'content.yml'), 'utf8')) as {
    on: { push: { branches: string[] }; pull_request: unknown }
    jobs: Record<
      string,
      { steps: Array<{ run?: string; uses?: string; if?: string; env?: Record<string, string> }> }
    >
  }
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)

  test('checks every change, publishes main only, with the key from the secrets', () => {
    expect(workflow.on.push.branches).toEqual(['main'])
    expect(workflow.on.pull_request).toBeDefined()
    const publish = steps.filter((s) => /content -- publish/.test(s.run ?? ''))
    expect(publish).toHaveLength(1)
    expect(publish[0]?.if).toMatch(/github\.ref == 'refs\/heads\/main'/)
    expect(publish[0]?.if).toMatch(/github\.event_name != 'pull_request'/)
    for (const step of steps)
      for (const value of Object.values(step.env ?? {}))
        expect(value).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/)
    expect(Object.keys(publish[0]?.env ?? {}).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
  })

  test('every command it runs is run here, as it runs it: the content validates, and main publishes with the editor', async () => {
    const dir = contentWith(
      `${GITEA}publish:\n  target: s3://${BUCKET}/site\n  endpoint: ${s3.endpoint}\n  region: us-east-1\n  path_style: true\n`,
    )
    const commands = steps.flatMap((s) => (s.run ? [s.run.trim()] : []))
    expect(commands.length).toBeGreaterThan(1)
    for (const command of commands) {
      if (command === 'npm ci') continue // the install every test run starts from
      const m = /^npm run content -- (.+)$/.exec(command)
      if (!m) throw new Error(`the workflow runs "${command}", which no test runs`)
      const args = (m[1] as string).split(/\s+/).map((arg) => (arg === 'content' ? dir : arg))
      const { code, out } = await cli(dir, args)
      expect({ command, code, out }).toMatchObject({ command, code: 0 })
    }
    const keys = await s3.keys('site/')
    expect(keys).toEqual(
      expect.arrayContaining([
        'feed.json',
        'events.json',
        'manifest.json',
        'admin/index.html',
        'admin/config.yml',
      ]),
    )
    const config = (await s3.get('site/admin/config.yml'))?.toString('utf8') ?? ''
    expect(config).toMatch(/name: gitea/)
    const manifest = JSON.parse((await s3.get('site/manifest.json'))?.toString('utf8') ?? '{}') as {
      files: Record<string, unknown>
    }
    expect(Object.keys(manifest.files)).toContain('admin/cms/decap-cms.js')
  })

  test('the npm script the workflow calls is the project’s', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(pkg.scripts.content).toBe('node scripts/run.mjs content.ts')
  })
})
