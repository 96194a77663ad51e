// Where a publish goes and with which key. The target and the storage's address are settings of the content
// (content/site.yaml, `publish:`), the same on every machine; the key is not: it comes from the environment (CI's
// secrets) or from the git-ignored file `.env` at the project's root that `npm start` and the content tool read, and
// it is never printed: every message that leaves a publish passes `redact`.

import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { existsSync, readFileSync, statSync } from 'node:fs'
import type { PublishSettings } from './sources/office'

export class PublishError extends Error {}

export interface Target {
  bucket: string
  /** Key prefix, empty or ending in "/". */
  prefix: string
}

/** s3://bucket/optional/prefix → bucket and prefix. */
export function parseTarget(text: string): Target {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(text)
  if (!m) throw new PublishError(`${text} is not a target; expected s3://bucket or s3://bucket/prefix`)
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '')
  if (prefix.split('/').some((part) => part === '..' || part === '.'))
    throw new PublishError(`${text}: the prefix may not contain . or .. segments`)
  if (/[^\w.~/-]/.test(prefix))
    throw new PublishError(`${text}: the prefix may hold only letters, digits, - _ . ~ and /`)
  return { bucket: m[1] as string, prefix: prefix ? `${prefix}/` : '' }
}

/** The settings the content tool takes from the environment (or `.env`); nothing else there is read. */
const ENV_KEYS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'BCECC_S3_ENDPOINT',
  'BCECC_S3_REGION',
  'BCECC_S3_PATH_STYLE',
  'BCECC_S3_TIMEOUT_MS',
  'BCECC_PUBLISH_TARGET',
] as const
type EnvKey = (typeof ENV_KEYS)[number]
export type PublishEnv = Partial<Record<EnvKey, string>>

/**
 * The `.env` file's settings: KEY=value lines (optionally quoted, `export ` allowed, # comments), only the keys
 * above; a missing file is no settings. A file that is not a regular file, or over 64 KB, is refused.
 */
export function readEnvFile(path: string): PublishEnv {
  if (!existsSync(path)) return {}
  const info = statSync(path)
  if (!info.isFile() || info.size > 64 * 1024)
    throw new PublishError(`${path} is not a settings file (expected a small text file of KEY=value lines)`)
  const out: PublishEnv = {}
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(raw)
    if (!m || !(ENV_KEYS as readonly string[]).includes(m[1] as string)) continue
    let value = m[2] as string
    const quoted = /^(["'])(.*)\1$/.exec(value)
    if (quoted) value = quoted[2] as string
    else value = value.replace(/\s+#.*$/, '')
    out[m[1] as EnvKey] = value
  }
  return out
}

/** The environment first (CI's secrets, a shell's exports), then the `.env` file for what it does not set. */
export function publishEnv(env: NodeJS.ProcessEnv, envFile?: string): PublishEnv {
  const file = envFile ? readEnvFile(envFile) : {}
  const out: PublishEnv = {}
  for (const key of ENV_KEYS) {
    const value = env[key] || file[key]
    if (value) out[key] = value
  }
  return out
}

/** Replaces every secret in `text` (the key's id, secret and session token) with "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***')
  return out
}

/** How long one storage request may take (a picture of a few MB on a slow line included). */
export const REQUEST_TIMEOUT_MS = 60_000

export interface Connection {
  client: S3Client
  target: Target
  /** s3://bucket/prefix, as the settings name it. */
  where: string
  /** The values `redact` hides. */
  secrets: string[]
  /** The feed's public address, when the settings tell it (site.yaml's base_url, else the storage's address). */
  feedUrl?: string
}

/** Why publishing cannot start here, in words for an editor, or undefined when it can. */
export function missingSettings(settings: PublishSettings | undefined, env: PublishEnv): string | undefined {
  if (!settings?.target && !env.BCECC_PUBLISH_TARGET)
    return 'Publishing is not set up: content/site.yaml has no publish: target (docs/publishing.md) · 尚未设置发布目标'
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY)
    return 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; expected the storage key in the environment or in the git-ignored file .env (docs/publishing.md) · 未设置存储密钥'
  return undefined
}

/** The storage client and target from the settings, the environment and `target` (a command's argument) first. */
export function connect(
  options: {
    settings?: PublishSettings
    env: PublishEnv
    target?: string
    baseUrl?: string
    /** How long one request may take before it counts as failed (a storage that never answers). */
    requestTimeoutMs?: number
  },
  note: (line: string) => void = console.error,
): Connection {
  const { settings, env } = options
  const missing = missingSettings(
    options.target ? { target: options.target } : settings,
    options.target ? { ...env, BCECC_PUBLISH_TARGET: options.target } : env,
  )
  if (missing) throw new PublishError(missing)
  const where = (options.target ?? env.BCECC_PUBLISH_TARGET ?? settings?.target) as string
  const target = parseTarget(where)
  // The SDK's own notice is nine lines on every run; one line, once, says the same.
  const major = Number(/^v(\d+)/.exec(process.version)?.[1] ?? 0)
  if (major < 22 && process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED !== 'true') {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
    note(
      `note: publishing works on Node.js ${process.version}; the storage library's releases from 2027 need Node.js 22 or later`,
    )
  }
  const endpoint = env.BCECC_S3_ENDPOINT || settings?.endpoint
  const region = env.BCECC_S3_REGION || settings?.region || 'ap-guangzhou'
  const pathStyle =
    env.BCECC_S3_PATH_STYLE !== undefined
      ? env.BCECC_S3_PATH_STYLE === '1' || env.BCECC_S3_PATH_STYLE === 'true'
      : (settings?.pathStyle ?? false)
  const credentials = {
    accessKeyId: env.AWS_ACCESS_KEY_ID as string,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  }
  // The SDK waits forever for an answer unless told otherwise: a storage that hangs would keep a publish (and the
  // editor's button) running until a restart.
  const config: S3ClientConfig = {
    region,
    forcePathStyle: pathStyle,
    maxAttempts: 3,
    credentials,
    requestHandler: {
      // Without this the handler only warns when the time is up, and waits on.
      throwOnRequestTimeout: true,
      connectionTimeout: 10_000,
      requestTimeout: options.requestTimeoutMs ?? (Number(env.BCECC_S3_TIMEOUT_MS) || REQUEST_TIMEOUT_MS),
    },
  }
  if (endpoint) config.endpoint = endpoint
  const feedUrl = options.baseUrl
    ? `${options.baseUrl.replace(/\/+$/, '')}/feed.json`
    : endpoint
      ? storageAddress(endpoint, target, pathStyle)
      : undefined
  return {
    client: new S3Client(config),
    target,
    where,
    secrets: [credentials.accessKeyId, credentials.secretAccessKey, env.AWS_SESSION_TOKEN ?? ''],
    ...(feedUrl ? { feedUrl } : {}),
  }
}

/** The feed's address on the storage itself (path style: endpoint/bucket/…; else bucket.host/…). */
function storageAddress(endpoint: string, target: Target, pathStyle: boolean): string | undefined {
  try {
    const url = new URL(endpoint)
    const base = url.pathname.replace(/\/+$/, '')
    if (pathStyle) return `${url.origin}${base}/${target.bucket}/${target.prefix}feed.json`
    return `${url.protocol}//${target.bucket}.${url.host}${base}/${target.prefix}feed.json`
  } catch {
    return undefined
  }
}

/**
 * The client from the environment alone (BCECC_S3_ENDPOINT, BCECC_S3_REGION, BCECC_S3_PATH_STYLE and the standard
 * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), for a known target.
 */
export function clientFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  note: (line: string) => void = console.error,
): S3Client {
  return connect({ env: publishEnv(env), target: 's3://placeholder' }, note).client
}
