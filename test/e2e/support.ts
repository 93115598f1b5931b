import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { setup, url } from '@nuxt/test-utils/e2e'
import mysql from 'mysql2/promise'
import { expect, inject } from 'vitest'

export const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789'

const rootDir = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Starts the built app (one per test file) against the run's database, with the per-address
 * rate limit off. `env` adds or overrides environment variables of the server process; `port`
 * fixes its port (for a `NUXT_SITE_URL` that must name it, as provider callbacks do).
 */
export async function startApp(env: Record<string, string> = {}, options: { port?: number } = {}) {
  appDatabaseUrl = env.NUXT_DATABASE_URL ?? inject('databaseUrl')
  await setup({
    rootDir,
    build: false,
    server: true,
    browser: false,
    port: options.port,
    nuxtConfig: { nitro: { output: { dir: `${rootDir}/.output` } } },
    env: {
      NUXT_DATABASE_URL: inject('databaseUrl'),
      NUXT_JWT_SECRET: JWT_SECRET,
      NUXT_AUTH_RATE_LIMIT: '0',
      ...env,
    },
  })
}

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
  /** Set-Cookie lines by cookie name. */
  cookies: Record<string, string>
}

export interface ApiRequest {
  method?: string
  body?: unknown
  /** Sent as-is, unlike `body` which is JSON-encoded. */
  rawBody?: string
  token?: string
  headers?: Record<string, string>
}

/** Calls the running app over real HTTP and answers status, parsed body, headers and cookies. */
export function api<T = any>(path: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  return apiAt<T>(url(path), request)
}

/** Calls `address` (a full URL: a server the test started itself) like `api`. */
export async function apiAt<T = any>(address: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...request.headers }
  if (request.body !== undefined) headers['content-type'] ??= 'application/json'
  if (request.token) headers.authorization = `Bearer ${request.token}`
  const response = await fetch(address, {
    method: request.method ?? (request.body !== undefined || request.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    body: request.rawBody ?? (request.body !== undefined ? JSON.stringify(request.body) : undefined),
    redirect: 'manual',
  })
  const text = await response.text()
  let body: any = text
  try {
    body = JSON.parse(text)
  }
  catch {
    // not JSON: left as text for the assertion to show
  }
  const cookies: Record<string, string> = {}
  for (const line of response.headers.getSetCookie()) cookies[line.split('=')[0]!] = line
  return { status: response.status, body, headers: response.headers, cookies }
}

/** A name no other test of this run uses. */
export function uniqueName(prefix = 'user'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`
}

/** A mobile number no other test of this run uses. */
export function uniqueMobile(): string {
  return `139${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`
}

export const GOOD_PASSWORD = 'correct horse battery staple'

/** Registers a fresh account and answers what register answered plus the credentials. */
export async function registerUser(fields: Record<string, unknown> = {}) {
  const username = uniqueName()
  const response = await api('/api/auth/register', { body: { username, password: GOOD_PASSWORD, ...fields } })
  if (response.status !== 201) throw new Error(`register failed: ${JSON.stringify(response.body)}`)
  return { username, password: GOOD_PASSWORD, ...response.body.data }
}

let connection: mysql.Connection | undefined
/** The database of the app `startApp` started: the run's, unless the test file named another. */
let appDatabaseUrl: string | undefined

/** A connection to the app's database, to assert on rows. */
export async function db(): Promise<mysql.Connection> {
  return (connection ??= await mysql.createConnection({ uri: appDatabaseUrl ?? inject('databaseUrl'), timezone: 'Z' }))
}

/** Logs in with `identifier` (a username, email or mobile) and answers the raw response. */
export function login(identifier: string, password: string, fields: Record<string, unknown> = {}) {
  return api('/api/auth/login', { body: { username: identifier, password, ...fields } })
}

/**
 * Asserts the contract's failure envelope: the HTTP status, `code` equal to it, `success: false`,
 * the `errorCode` and a message for people.
 */
export function expectFailure(response: ApiResponse, status: number, errorCode: string) {
  expect({ status: response.status, errorCode: response.body?.errorCode }).toEqual({ status, errorCode })
  expect(response.body).toMatchObject({ success: false, code: status, errorCode, message: expect.any(String) })
  expect(response.body.message).not.toBe('')
}

/** The value and the attributes (names lower-cased) of a Set-Cookie line. */
export function parseSetCookie(line: string) {
  const [pair = '', ...parts] = line.split(';')
  const attributes: Record<string, string | true> = {}
  for (const part of parts) {
    const [name = '', ...value] = part.trim().split('=')
    attributes[name.toLowerCase()] = value.length ? value.join('=') : true
  }
  return { value: decodeURIComponent(pair.slice(pair.indexOf('=') + 1)), attributes }
}

/** The `users` row of `id`. */
export async function userRow(id: number): Promise<mysql.RowDataPacket> {
  const [rows] = await (await db()).query<mysql.RowDataPacket[]>('SELECT * FROM users WHERE id = ?', [id])
  return rows[0]!
}
