import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type mysql from 'mysql2/promise'
import { migrateDatabase } from '../../server/database/migrate'
import { MIGRATIONS, connect, emptyDatabase } from './databases'

/*
 * A login's statements (the account by username, the lock's count and its reset, the session,
 * the last login, the refresh token) go to the database prepared on the server, in the binary
 * protocol (server/database/server-prepared.ts). What they read and write must be what Drizzle's
 * own queries read and write: same account, dates to the millisecond in UTC, booleans, NULLs.
 */

let databaseUrl: string
let connection: mysql.Connection
let users: typeof import('../../server/accounts/users')
let sessions: typeof import('../../server/auth/sessions')
let refreshTokens: typeof import('../../server/auth/refresh-tokens')
let tokens: typeof import('../../server/auth/tokens')
let counters: typeof import('../../server/security/lock-counters')
let db: typeof import('../../server/database/db')

beforeAll(async () => {
  databaseUrl = await emptyDatabase('login_statements')
  await migrateDatabase(databaseUrl, MIGRATIONS)
  connection = await connect(databaseUrl)
  await connection.query(`
    INSERT INTO users (id, username, password, email, mobile, gender, user_role, online_status, create_time, update_time, email_verified_at, last_login_at, last_login_ip)
    VALUES (1, 'plain', 'x', 'plain@example.com', NULL, 2, 1, 0, '2026-01-02 03:04:05', '2026-02-03 04:05:06', '2026-03-04 05:06:07.891', NULL, NULL),
           (2, 'super', 'x', NULL, '13800000000', 0, 0, 0, '2026-01-02 03:04:05', '2026-01-02 03:04:05', NULL, NULL, NULL),
           (3, 'twoRoles', 'x', NULL, NULL, 1, 1, 0, '2026-01-02 03:04:05', '2026-01-02 03:04:05', NULL, NULL, NULL);
    INSERT INTO roles (code, name) VALUES ('R_EDITOR', 'Editor');
    INSERT INTO role_permissions (role_id, permission) SELECT id, 'user:list' FROM roles WHERE code = 'R_EDITOR';
    INSERT INTO user_roles (user_id, role_id) SELECT 3, id FROM roles WHERE code IN ('R_EDITOR', 'R_ADMIN');
  `)
  process.env.NUXT_DATABASE_URL = databaseUrl
  users = await import('../../server/accounts/users')
  sessions = await import('../../server/auth/sessions')
  refreshTokens = await import('../../server/auth/refresh-tokens')
  tokens = await import('../../server/auth/tokens')
  counters = await import('../../server/security/lock-counters')
  db = await import('../../server/database/db')
})

afterEach(() => {
  vi.restoreAllMocks()
})

afterAll(async () => {
  await connection?.end()
  await db?.closeDatabase()
})

const DAY_MS = 24 * 60 * 60 * 1000

/** `date` as the database shows a DATETIME(3) in UTC through DATE_FORMAT(…, '%Y-%m-%d %H:%i:%s.%f'). */
const asWritten = (date: Date) => `${date.toISOString().slice(0, 23).replace('T', ' ')}000`

/** Runs `work` and answers how many statements it sent as text (`query`) and prepared (`execute`). */
async function statementsOf(work: () => Promise<unknown>): Promise<{ text: number, prepared: number }> {
  const pool = db.useDatabasePool()
  const text = vi.spyOn(pool, 'query')
  const prepared = vi.spyOn(pool, 'execute')
  await work()
  return { text: text.mock.calls.length, prepared: prepared.mock.calls.length }
}

describe('the account a login names by username', () => {
  it.each([
    ['a plain account, R_USER by default', 'plain', 1],
    ['a super admin', 'super', 2],
    ['an account with two stored roles', 'twoRoles', 3],
  ])('is %s exactly as the account queries answer it', async (_, username, id) => {
    const found = await users.findUserByIdentifier(username)
    expect(found).toEqual(await users.findUserById(id))
    expect(found?.emailVerifiedAt ?? null).toEqual(id === 1 ? new Date('2026-03-04T05:06:07.891Z') : null)
  })

  it('is found whatever the case, as the column compares, and nothing is found for a name no account has', async () => {
    expect((await users.findUserByIdentifier('PLAIN'))?.id).toBe(1)
    expect(await users.findUserByIdentifier('nobody')).toBeUndefined()
  })

  it('is read with one prepared statement', async () => {
    expect(await statementsOf(() => users.findUserByIdentifier('plain'))).toEqual({ text: 0, prepared: 1 })
  })
})

describe('the writes of a login', () => {
  it('open a session and record the login, dates to the millisecond in UTC', async () => {
    const account = (await users.findUserById(1))!
    // Now, with a millisecond part the database must keep.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 123)
    const at = asWritten(now)
    const sessionId = await sessions.openSession(account, { ip: '192.0.2.7', userAgent: null }, true, now)
    const refreshToken = await refreshTokens.addRefreshToken(sessionId, now)

    const [[session]] = await connection.query<mysql.RowDataPacket[]>(`SELECT user_id, remember_me, user_agent, ip, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f') AS created_at,
      DATE_FORMAT(last_used_at, '%Y-%m-%d %H:%i:%s.%f') AS last_used_at, DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i:%s.%f') AS expires_at, revoked_at FROM sessions WHERE id = ?`, [sessionId])
    expect(session).toEqual({
      user_id: 1, remember_me: 1, user_agent: null, ip: '192.0.2.7',
      created_at: at, last_used_at: at, expires_at: asWritten(new Date(now.getTime() + 30 * DAY_MS)), revoked_at: null,
    })
    const [[token]] = await connection.query<mysql.RowDataPacket[]>(`SELECT session_id, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f') AS created_at, spent_at FROM refresh_tokens WHERE token_hash = ?`, [tokens.hashToken(refreshToken)])
    expect(token).toEqual({ session_id: sessionId, created_at: at, spent_at: null })
    const [[user]] = await connection.query<mysql.RowDataPacket[]>(`SELECT online_status, last_login_ip, DATE_FORMAT(last_login_at, '%Y-%m-%d %H:%i:%s.%f') AS last_login_at,
      DATE_FORMAT(update_time, '%Y-%m-%d %H:%i:%s') AS update_time FROM users WHERE id = 1`)
    // The last login is bookkeeping: the account's own update time stays.
    expect(user).toEqual({ online_status: 1, last_login_ip: '192.0.2.7', last_login_at: at, update_time: '2026-02-03 04:05:06' })
    expect(account).toMatchObject({ onlineStatus: 1, lastLoginAt: now, lastLoginIp: '192.0.2.7' })
    expect((await sessions.findLiveSession(sessionId, 1))?.user).toEqual(await users.findUserById(1))
  })

  it('write a session that is not remembered, and a client with no address', async () => {
    const account = (await users.findUserById(2))!
    const now = new Date()
    const sessionId = await sessions.openSession(account, { ip: null, userAgent: 'Agent/1.0' }, false, now)
    const [[session]] = await connection.query<mysql.RowDataPacket[]>('SELECT remember_me, user_agent, ip, TIMESTAMPDIFF(DAY, created_at, expires_at) AS days FROM sessions WHERE id = ?', [sessionId])
    expect(session).toEqual({ remember_me: 0, user_agent: 'Agent/1.0', ip: null, days: 7 })
  })

  it('are sent as prepared statements, none as text', async () => {
    const account = (await users.findUserById(3))!
    const key = 'login-failures:test'
    expect(await statementsOf(async () => {
      await counters.addToCounter(key, 900)
      await counters.deleteCounters(key)
      const sessionId = await sessions.openSession(account, { ip: '127.0.0.1', userAgent: null }, false, new Date())
      await refreshTokens.addRefreshToken(sessionId, new Date())
    })).toEqual({ text: 0, prepared: 5 })
  })
})
