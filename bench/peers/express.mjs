// @ts-check
// The design people copy from tutorials, as the benchmark's baseline: Express, mysql2,
// jsonwebtoken and bcryptjs (cost 10, its async API, which still computes on the main thread).
// The session check verifies the JWT and reads the user by id: no session row, so no way to
// revoke a token before it expires. Plain JavaScript, so that it runs under plain `node` as the
// built server does. Same database and same `users` table as the app.
import bcrypt from 'bcryptjs'
import express from 'express'
import jwt from 'jsonwebtoken'
import mysql from 'mysql2/promise'

const { DATABASE_URL, JWT_SECRET, PORT = '3001', HOST = '127.0.0.1' } = process.env
const BCRYPT_COST = 10

const pool = mysql.createPool({ uri: DATABASE_URL, connectionLimit: 10, timezone: 'Z' })
const app = express()
app.use(express.json())

app.post('/api/auth/register', async (req, res, next) => {
  try {
    const { username, password } = req.body
    const hash = await bcrypt.hash(password, BCRYPT_COST)
    const [result] = /** @type {[import('mysql2').ResultSetHeader, unknown]} */ (
      await pool.execute('INSERT INTO users (username, password) VALUES (?, ?)', [username, hash]))
    const token = jwt.sign({ sub: String(result.insertId) }, /** @type {string} */ (JWT_SECRET), { expiresIn: '15m' })
    res.status(201).json({ user: { id: result.insertId, username }, token })
  }
  catch (error) {
    next(error)
  }
})

app.post('/api/auth/login', async (req, res, next) => {
  try {
    const { username, password } = req.body
    const [rows] = /** @type {[import('mysql2').RowDataPacket[], unknown]} */ (
      await pool.execute('SELECT id, username, password FROM users WHERE username = ?', [username]))
    const user = rows[0]
    if (!user || !(await bcrypt.compare(password, user.password))) return res.status(401).json({ message: 'invalid credentials' })
    const token = jwt.sign({ sub: String(user.id) }, /** @type {string} */ (JWT_SECRET), { expiresIn: '15m' })
    res.json({ user: { id: user.id, username: user.username }, token })
  }
  catch (error) {
    next(error)
  }
})

/** @type {import('express').RequestHandler} */
async function authenticate(req, res, next) {
  try {
    const token = req.headers.authorization?.split(' ')[1]
    if (!token) return res.status(401).json({ message: 'no token' })
    const claims = /** @type {import('jsonwebtoken').JwtPayload} */ (jwt.verify(token, /** @type {string} */ (JWT_SECRET)))
    const [rows] = /** @type {[import('mysql2').RowDataPacket[], unknown]} */ (
      await pool.execute('SELECT id, username, email, mobile, gender, avatar, user_role, create_time FROM users WHERE id = ?', [claims.sub ?? '']))
    if (!rows[0]) return res.status(401).json({ message: 'no user' })
    res.locals.user = rows[0]
    next()
  }
  catch {
    res.status(401).json({ message: 'invalid token' })
  }
}

app.get('/api/auth/me', authenticate, (req, res) => {
  res.json({ user: res.locals.user })
})

app.get('/api/health', (req, res) => {
  res.json({ status: 'ok' })
})

app.listen(Number(PORT), HOST, () => console.log(`express peer on http://${HOST}:${PORT}`))

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0))
