// @ts-check
// The session check with nothing around it: the design issue 16 measured as the ceiling
// ("a bare node:http server doing the same work"). node:http, jose's HS256 check of this app's
// access token, the very query this app's session check prepares (server/auth/sessions.ts, as
// the built server sends it to the database; see docs/benchmarks.md, "Ceiling"), and the JSON
// envelope of the contract. No middleware, no headers beyond the two it needs, no rate limit, no
// error envelope: not a server to deploy, a yardstick. Only GET /api/auth/me and /api/health.
import http from 'node:http'
import { jwtVerify } from 'jose'
import mysql from 'mysql2/promise'

const { DATABASE_URL, JWT_SECRET, PORT = '3002', HOST = '127.0.0.1' } = process.env
const SUPER_ADMIN_ROLE = 0
const DEFAULT_ROLE = 'R_USER'
const SESSION_LOOKUP = [
  'select',
  '`users`.`id`, `users`.`username`, `users`.`password`, `users`.`mobile`, `users`.`email`,',
  '`users`.`gender`, `users`.`avatar`, `users`.`user_role`, `users`.`online_status`,',
  '`users`.`create_time`, `users`.`update_time`, `users`.`status`,',
  '`users`.`email_verified_at`, `users`.`last_login_at`, `users`.`last_login_ip`,',
  '`users`.`username_skeleton`, `sessions`.`last_used_at`, `held_role`.`code`,',
  '`default_role`.`code`, `granted`.`permission`',
  'from `sessions`',
  'inner join `users` on `users`.`id` = `sessions`.`user_id`',
  'left join `user_roles` `held` on `held`.`user_id` = `users`.`id`',
  'left join `roles` `held_role` on `held_role`.`id` = `held`.`role_id`',
  'left join `roles` `default_role` on (`held`.`role_id` is null and `users`.`user_role` <> ? and `default_role`.`code` = ?)',
  'left join `role_permissions` `granted` on `granted`.`role_id` = COALESCE(`held_role`.`id`, `default_role`.`id`)',
  'where (`sessions`.`id` = ? and `sessions`.`user_id` = ? and (`sessions`.`revoked_at` is null and `sessions`.`expires_at` > NOW(3)))',
].join(' ')

const pool = mysql.createPool({ uri: DATABASE_URL, connectionLimit: 10, timezone: 'Z', dateStrings: true })
const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
const isoOf = (/** @type {string | null} */ text) => (text ? new Date(`${text.replace(' ', 'T')}Z`).toISOString() : null)

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
function answer(res, status, body) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

http.createServer(async (req, res) => {
  if (req.url === '/api/health') return answer(res, 200, { success: true, code: 200, message: 'ok', data: null })
  try {
    const { payload } = await jwtVerify((req.headers.authorization ?? '').slice('Bearer '.length), key, { algorithms: ['HS256'], issuer: 'community-web', audience: 'community-web' })
    const [rows] = /** @type {[unknown[][], unknown]} */ (await pool.execute({ sql: SESSION_LOOKUP, rowsAsArray: true }, [SUPER_ADMIN_ROLE, DEFAULT_ROLE, payload.sid, Number(payload.sub)]))
    const row = /** @type {any[] | undefined} */ (rows[0])
    if (!row) return answer(res, 401, { success: false, code: 401, message: 'unauthorized', data: null })
    const user = {
      id: row[0], username: row[1], email: row[4], mobile: row[3], gender: row[5], avatar: row[6],
      role: row[7] === SUPER_ADMIN_ROLE ? 'super_admin' : 'user', roles: [...new Set(rows.map(one => one[17] ?? one[18]))], permissions: rows.map(one => one[19]).filter(Boolean),
      status: row[11], online: row[8] === 1, emailVerified: row[12] !== null, lastLoginAt: isoOf(row[13]), lastLoginIp: row[14], createdAt: isoOf(row[9]), updatedAt: isoOf(row[10]),
    }
    answer(res, 200, { success: true, code: 200, message: 'ok', data: { user } })
  }
  catch {
    answer(res, 401, { success: false, code: 401, message: 'unauthorized', data: null })
  }
}).listen(Number(PORT), HOST, () => console.log(`bare session check on http://${HOST}:${PORT}`))

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0))
