// @ts-check
// The login with nothing around it: the yardstick for issue 16's login target, as
// bare-session-check.mjs is for the session check. node:http, bcryptjs' comparison on a pool of
// worker threads (one per core, no queue limit, no priorities), jose's HS256 token and the JSON
// envelope of the contract. Two designs, chosen by BARE_LOGIN:
// - `statements` (default): the statements this app sends for a login, as the built server sends
//   them (see docs/benchmarks.md, "The login's ceiling"): the account, the lock's count before the
//   check and its reset after, the session, the last login, the refresh token; then the token
//   pair, also as cookies.
// - `lookup`: the account and the check alone, then the access token: the least a login can do.
// No middleware, no CSRF, no headers beyond those it needs, no validation, no error envelope:
// not a server to deploy. Only POST /api/auth/login and /api/health.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import http from 'node:http'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { SignJWT } from 'jose'
import mysql from 'mysql2/promise'

const { DATABASE_URL, JWT_SECRET, BARE_LOGIN = 'statements', PORT = '3003', HOST = '127.0.0.1' } = process.env
const withStatements = BARE_LOGIN === 'statements'
const FAILURE_WINDOW_MS = 15 * 60 * 1000
const ACCESS_TOKEN_SECONDS = 15 * 60
const REFRESH_TOKEN_MS = 7 * 24 * 60 * 60 * 1000

const pool = mysql.createPool({ uri: DATABASE_URL, connectionLimit: 10, timezone: 'Z' })
const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const bcrypt = require(workerData.bcryptjs)
parentPort.on('message', ({ password, hash }) => parentPort.postMessage(bcrypt.compareSync(password, hash)))
`
const bcryptjs = createRequire(import.meta.url).resolve('bcryptjs')
/** @type {{ worker: Worker, busy: boolean }[]} */
const workers = Array.from({ length: availableParallelism() }, () => ({ worker: new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptjs } }), busy: false }))
/** @type {{ password: string, hash: string, resolve: (valid: boolean) => void }[]} */
const waiting = []

/** @param {{ worker: Worker, busy: boolean }} slot */
function runNext(slot) {
  const job = waiting.shift()
  if (!job) return void (slot.busy = false)
  slot.busy = true
  slot.worker.once('message', (valid) => {
    job.resolve(valid)
    runNext(slot)
  })
  slot.worker.postMessage({ password: job.password, hash: job.hash })
}

/** @param {string} password @param {string} hash @returns {Promise<boolean>} */
function compare(password, hash) {
  return new Promise((resolve) => {
    waiting.push({ password, hash, resolve })
    const idle = workers.find(slot => !slot.busy)
    if (idle) runNext(idle)
  })
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {string[]} [cookies] */
function answer(res, status, body, cookies = []) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), 'set-cookie': cookies })
  res.end(text)
}

/** @param {http.IncomingMessage} req @returns {Promise<any>} */
async function jsonBody(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

/** @param {number} userId @param {string} sessionId */
function accessToken(userId, sessionId) {
  return new SignJWT({ sid: sessionId, role: 'user' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(userId)).setIssuer('community-web').setAudience('community-web').setJti(randomUUID())
    .setIssuedAt().setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`).sign(key)
}

/** @param {string} name @param {string} value @param {number} seconds */
const cookie = (name, value, seconds) => `${name}=${value}; Max-Age=${seconds}; Path=/; HttpOnly; SameSite=Lax`

/** @param {any} user @param {string} password @param {string} ip */
async function logIn(user, password, ip) {
  if (!withStatements) {
    if (!await compare(password, user.password)) return undefined
    return { token: await accessToken(user.id, randomUUID()), cookies: [] }
  }
  const lockKey = `login-failures:user:${user.id}`
  const now = Date.now()
  await pool.query(`INSERT INTO rate_limits (\`key\`, points, expire) VALUES (?, 1, ?) ON DUPLICATE KEY UPDATE
    points = LAST_INSERT_ID(IF(expire <= ?, 1, points + 1)), expire = IF(expire <= ?, ?, expire)`, [lockKey, now + FAILURE_WINDOW_MS, now, now, now + FAILURE_WINDOW_MS])
  if (!await compare(password, user.password)) return undefined
  await pool.query('DELETE FROM rate_limits WHERE `key` IN (?)', [lockKey])
  const at = new Date()
  const sessionId = randomBytes(18).toString('base64url')
  await pool.query('INSERT INTO sessions (id, user_id, remember_me, user_agent, ip, created_at, last_used_at, expires_at, revoked_at) VALUES (?, ?, false, NULL, ?, ?, ?, ?, DEFAULT)',
    [sessionId, user.id, ip, at, at, new Date(at.getTime() + REFRESH_TOKEN_MS)])
  await pool.query('UPDATE users SET online_status = 1, update_time = update_time, last_login_at = ?, last_login_ip = ? WHERE id = ?', [at, ip, user.id])
  const refreshToken = randomBytes(32).toString('base64url')
  await pool.query('INSERT INTO refresh_tokens (token_hash, session_id, created_at, spent_at) VALUES (?, ?, ?, DEFAULT)', [createHash('sha256').update(refreshToken).digest('hex'), sessionId, at])
  const token = await accessToken(user.id, sessionId)
  return { token, refreshToken, cookies: [cookie('cw_access', token, ACCESS_TOKEN_SECONDS), cookie('cw_refresh', refreshToken, REFRESH_TOKEN_MS / 1000)] }
}

http.createServer(async (req, res) => {
  if (req.url === '/api/health') return answer(res, 200, { success: true, code: 200, message: 'ok', data: null })
  if (req.method !== 'POST' || req.url !== '/api/auth/login') return answer(res, 404, { success: false, code: 404, message: 'not found', data: null })
  try {
    const { username, password } = await jsonBody(req)
    const [[user]] = /** @type {[any[], unknown]} */ (await pool.query('SELECT * FROM users WHERE username = ? LIMIT 1', [username]))
    const signedIn = user && await logIn(user, password, req.socket.remoteAddress ?? '')
    if (!signedIn) return answer(res, 401, { success: false, code: 401, message: 'invalid credentials', data: null })
    const { token, refreshToken, cookies } = signedIn
    const publicUser = { id: user.id, username: user.username, email: user.email, mobile: user.mobile, status: user.status }
    answer(res, 200, { success: true, code: 200, message: 'ok', data: { user: publicUser, token, refreshToken, expiresIn: ACCESS_TOKEN_SECONDS, tokenType: 'Bearer' } }, cookies)
  }
  catch (error) {
    console.error(error)
    answer(res, 500, { success: false, code: 500, message: 'error', data: null })
  }
}).listen(Number(PORT), HOST, () => console.log(`bare login (${BARE_LOGIN}) on http://${HOST}:${PORT}`))

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0))
