// Better Auth 1.7 as a peer in `npm run bench`: email + password with the username plugin and
// its default password hashing (scrypt), the bearer plugin for a token header, on mysql2 with
// the same pool size as the app, on a bare node:http server. Its tables (user, session, account,
// verification) are created by its own migrations in the benchmark's database.
import { createServer } from 'node:http'
import { betterAuth } from 'better-auth'
import { getMigrations } from 'better-auth/db/migration'
import { toNodeHandler } from 'better-auth/node'
import { bearer, username } from 'better-auth/plugins'
import mysql from 'mysql2/promise'

const { DATABASE_URL, AUTH_SECRET, PORT = '3002', HOST = '127.0.0.1' } = process.env

const options = {
  database: mysql.createPool({ uri: DATABASE_URL, connectionLimit: 10, timezone: 'Z' }),
  secret: AUTH_SECRET,
  baseURL: `http://${HOST}:${PORT}`,
  emailAndPassword: { enabled: true },
  plugins: [username(), bearer()],
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
}

const { runMigrations } = await getMigrations(options)
await runMigrations()
const handle = toNodeHandler(betterAuth(options))

createServer((req, res) => {
  if (req.url === '/api/health') {
    res.setHeader('content-type', 'application/json')
    res.end('{"status":"ok"}')
    return
  }
  handle(req, res)
}).listen(Number(PORT), HOST, () => console.log(`better-auth peer on http://${HOST}:${PORT}`))
