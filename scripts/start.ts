// The main job on a fresh clone: builds miniprogram_npm, builds the editors' sources in content/ and serves them,
// rebuilding on every save.

import { join, relative } from 'node:path'
import { DEVELOPMENT_FEED_URL } from '../miniprogram/core/config'
import { buildNpm } from './build-npm'
import { serveSettings, serveTask } from './lib/tasks/serve'
import { generate } from './generate'

const ROOT = join(__dirname, '..')

async function main(): Promise<number> {
  console.log(`Built miniprogram_npm (${buildNpm().join(', ')}).`)
  // Content errors are reported by serve below, with one line per problem.
  await generate().then(
    () => console.log('Generated the schemas and the bundled snapshot (miniprogram/generated/).'),
    () => undefined,
  )
  return serveTask(join(ROOT, 'content'), serveSettings(process.env), (url) => {
    const project = relative(process.cwd(), ROOT) || '.'
    console.log(`
Content endpoint ready: ${url}

Open the app in WeChat DevTools:
  1. Import the project folder (${project === '.' ? 'this folder' : project}); it has project.config.json.
  2. In Details → Local Settings, tick "Do not verify valid domain names" (the local endpoint is plain http).
  3. The app reads ${DEVELOPMENT_FEED_URL} in development (miniprogram/core/config.ts).${
    url === DEVELOPMENT_FEED_URL
      ? ''
      : `\n     This server is at ${url}: change DEVELOPMENT_FEED_URL to match, or run on port 8080.`
  }
Edit the articles and events in content/ (guide: content/README.md): every save rebuilds, and a save with
errors keeps the last good version online. Pull down on the News tab to see a change.
Press Ctrl-C to stop.`)
  })
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
