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

/** The bcrypt cost the app hashes at by default, and so the cost of the bench's accounts and of its bcryptjs limit. */
export const BCRYPT_COST = 10

/**
 * The environment the app is measured with: its database, a JWT secret of this run, and no
 * request limits; hashing at `bcryptCost` when given (at 4, a login's work outside the hash
 * shows through it).
 */
export function appEnv(databaseUrl: string, bcryptCost?: string): Record<string, string> {
  return { NUXT_DATABASE_URL: databaseUrl, NUXT_JWT_SECRET: secret, NUXT_AUTH_RATE_LIMIT: '0', ...(bcryptCost ? { NUXT_BCRYPT_COST: bcryptCost } : {}) }
}

/** The bare login (bench/peers/bare-login.mjs), the yardstick of the login's CPU. */
export const BARE_LOGIN = path('./peers/bare-login.mjs')

/** The bare login's environment: the app's database, tables and JWT secret, and its `design` (`statements` or `lookup`). */
export function bareLoginEnv(databaseUrl: string, design: 'statements' | 'lookup'): Record<string, string> {
  return { DATABASE_URL: databaseUrl, JWT_SECRET: secret, BARE_LOGIN: design }
}

/** The request that logs `username` in to this app with the bench's password: the login scenario's. */
export function appLogin(username: string): RequestSpec {
  return json('/api/auth/login', { username, password: PASSWORD })
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
    login: appLogin,
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
