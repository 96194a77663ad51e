// The web editor as static files, for the chamber's two offices: the same Decap bundle, our configuration and the
// app's own preview as `npm start` serves them, but signing in to the content repository's git host (Gitea/Forgejo
// or GitLab, OAuth with PKCE from the browser: no server of ours) as content/site.yaml's `editor:` says. A save is a
// commit on that host; the content workflow (.gitea/workflows/content.yml) validates it and publishes `main`.
// Any static host can serve the files; `content -- publish --editor` puts them under admin/ next to the endpoint.

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { DECAP_DIR, EDITOR_DIR, bundlePreview, previewCss } from './server'
import type { HostedEditorSettings } from '../scripts/lib/sources/office'

/** Decap's prebuilt bundle (BCECC_DECAP_DIST names another folder: the tests' stand-in, as CI has no editor/). */
export const decapDist = (): string =>
  process.env.BCECC_DECAP_DIST ?? join(DECAP_DIR, 'node_modules', 'decap-cms', 'dist')

export class EditorBuildError extends Error {}

/** Decap's backend for the host: its documented PKCE settings. */
function backend(settings: HostedEditorSettings): Record<string, unknown> {
  const base = settings.baseUrl
  if (settings.backend === 'gitlab')
    return {
      name: 'gitlab',
      repo: settings.repo,
      branch: settings.branch,
      auth_type: 'pkce',
      app_id: settings.appId,
      base_url: base,
      auth_endpoint: 'oauth/authorize',
      api_root: settings.apiRoot ?? `${base}/api/v4`,
    }
  return {
    name: 'gitea',
    repo: settings.repo,
    branch: settings.branch,
    app_id: settings.appId,
    base_url: base,
    api_root: settings.apiRoot ?? `${base}/api/v1`,
  }
}

/** editor/config.yml with the host's backend: folders stay content/… (the repository holds the whole project). */
export function hostedConfig(settings: HostedEditorSettings): string {
  const config = parse(readFileSync(join(EDITOR_DIR, 'config.yml'), 'utf8')) as Record<string, unknown>
  config.backend = backend(settings)
  return `# Made by npm run content -- editor-build from editor/config.yml and content/site.yaml (editor:).\n${stringify(config)}`
}

/** The page: Decap, our labels and preview; no local panels (there is no server to ask). */
function page(settings: HostedEditorSettings): string {
  const host = new URL(settings.baseUrl).host
  return `<!doctype html>
<html lang="en" data-bc-mode="hosted">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="same-origin" />
    <title>BCECC editor · 编辑器</title>
    <style>
      #bc-hosted { position: fixed; left: 16px; bottom: 16px; z-index: 1000; max-width: 360px; padding: 8px 12px;
        font: 12px/1.5 -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif; color: #555; background: #fff;
        border-radius: 8px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15); }
    </style>
  </head>
  <body>
    <p id="bc-hosted">Saving commits to ${settings.repo} on ${host}; readers see it within minutes, once the content
      workflow has checked and published it. · 保存即提交到 ${host}，检查并发布后几分钟内读者可见。</p>
    <script src="defaults.js"></script>
    <script src="cms/decap-cms.js"></script>
    <script src="labels.js"></script>
    <script src="preview.js"></script>
  </body>
</html>
`
}

/** Every file of the hosted editor, by its path inside the folder it is served from. */
export function buildHostedEditor(settings: HostedEditorSettings | undefined): Map<string, Buffer> {
  if (!settings)
    throw new EditorBuildError(
      'content/site.yaml has no editor: settings; expected backend (gitea or gitlab), repo, base_url and app_id (docs/publishing.md)',
    )
  const dist = decapDist()
  if (!existsSync(join(dist, 'decap-cms.js')))
    throw new EditorBuildError(`${dist} has no decap-cms.js; the web editor's packages are not installed`)
  const files = new Map<string, Buffer>([
    ['index.html', Buffer.from(page(settings))],
    ['config.yml', Buffer.from(hostedConfig(settings))],
    ['defaults.js', readFileSync(join(EDITOR_DIR, 'admin', 'defaults.js'))],
    ['labels.js', readFileSync(join(EDITOR_DIR, 'admin', 'labels.js'))],
    ['preview.js', Buffer.from(bundlePreview())],
    ['preview.css', Buffer.from(previewCss())],
  ])
  // The bundle, the chunks it loads next to itself, its WebAssembly and its licence; no source maps.
  for (const name of readdirSync(dist).sort())
    if (/^(decap-cms\.js|\d+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)$/.test(name))
      files.set(`cms/${name}`, readFileSync(join(dist, name)))
  return files
}
