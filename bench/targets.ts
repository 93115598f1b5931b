import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { RequestSpec } from './load'

export const PASSWORD = 'correct horse battery staple'

/** The accounts registered before the scenarios, whose logins and sessions they go round. */
export const SEEDED_USERS = 32

/** A server the benchmark measures, and how its three endpoints are called. */
export interface Target {
  key: 'app' | 'express' | 'betterAuth'
  label: string
  script: string
  /** Options of `node` itself, before the script. */
  nodeArgs: string[]
  env: (databaseUrl: string) => Record<string, string>
  register: (username: string) => RequestSpec
  login: (username: string) => RequestSpec
  /** The session check: who is signed in, from a Bearer token. */
  me: (token: string) => RequestSpec
  /** The Bearer token in the JSON answer of a login or a registration. */
  tokenOf: (body: unknown) => string
}

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url))
const json = (path: string, body: unknown): RequestSpec => ({ method: 'POST', path, body })
const bearer = (path: string, token: string): RequestSpec => ({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } })
const secret = randomBytes(36).toString('base64url')

export const APP_ENTRY = path('../.output/server/index.mjs')

/** The environment the app is measured with: its database, a JWT secret of this run, and no request limits. */
export function appEnv(databaseUrl: string): Record<string, string> {
  return { NUXT_DATABASE_URL: databaseUrl, NUXT_JWT_SECRET: secret, NUXT_AUTH_RATE_LIMIT: '0' }
}

/** The options `npm start` gives node (e.g. the heap limit): the app is measured as it runs in production. */
export function startOptions(): string[] {
  const { scripts } = JSON.parse(readFileSync(path('../package.json'), 'utf8')) as { scripts: { start: string } }
  return scripts.start.split(/\s+/).filter(word => word.startsWith('--'))
}
export const BETTER_AUTH_DIR = path('./peers/better-auth')

export const TARGETS: Target[] = [
  {
    key: 'app',
    label: 'community-web (this app)',
    script: APP_ENTRY,
    nodeArgs: startOptions(),
    env: appEnv,
    register: username => json('/api/auth/register', { username, password: PASSWORD }),
    login: username => json('/api/auth/login', { username, password: PASSWORD }),
    me: token => bearer('/api/auth/me', token),
    tokenOf: body => (body as { data: { token: string } }).data.token,
  },
  {
    key: 'express',
    label: 'Express + mysql2 + jsonwebtoken, bcryptjs cost 10',
    script: path('./peers/express.mjs'),
    nodeArgs: [],
    env: databaseUrl => ({ DATABASE_URL: databaseUrl, JWT_SECRET: secret }),
    register: username => json('/api/auth/register', { username, password: PASSWORD }),
    login: username => json('/api/auth/login', { username, password: PASSWORD }),
    me: token => bearer('/api/auth/me', token),
    tokenOf: body => (body as { token: string }).token,
  },
  {
    key: 'betterAuth',
    label: 'Better Auth 1.7 (email + username), scrypt',
    script: path('./peers/better-auth/server.mjs'),
    nodeArgs: [],
    env: databaseUrl => ({ DATABASE_URL: databaseUrl, AUTH_SECRET: secret }),
    register: username => json('/api/auth/sign-up/email', { email: `${username}@bench.test`, name: username, username, password: PASSWORD }),
    login: username => json('/api/auth/sign-in/username', { username, password: PASSWORD }),
    me: token => bearer('/api/auth/get-session', token),
    tokenOf: body => (body as { token: string }).token,
  },
]
