import { createHash, createHmac } from 'node:crypto'
import bcrypt from 'bcryptjs'
import { SignJWT } from 'jose'
import type mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appliedMigrations, connect, release1Database, schemaOf, schemaOfFreshDatabase } from './databases'
import { startServer } from './server-process'
import { api, apiAt, expectFailure, JWT_SECRET, login, startApp } from './support'

const SESSION_ID = 'Rel1SessionAbCdEfGhIjKlM'
const REFRESH_TOKEN = 'release-1-refresh-token-of-alice-0123456789abcdef'
const CODE = '246810'

/** What release 1 stored for a code: its keyed hash (server/accounts/codes.ts, security/keyed-hash.ts). */
function codeHash(value: string): string {
  const purposeKey = createHmac('sha256', JWT_SECRET).update('community-web:verification-code').digest()
  return createHmac('sha256', purposeKey).update(value).digest('hex')
}

/** An access token of release 1 for alice's session: the format has not changed. */
function accessToken(): Promise<string> {
  return new SignJWT({ sid: SESSION_ID, role: 'super_admin' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('1').setIssuer('community-web').setAudience('community-web').setIssuedAt().setExpirationTime('15m')
    .sign(new TextEncoder().encode(JWT_SECRET))
}

async function countRows(connection: mysql.Connection): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of ['users', 'sessions', 'refresh_tokens', 'verification_codes', 'rate_limits']) {
    const [[row]] = await connection.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``)
    counts[table] = Number(row!.n)
  }
  return counts
}

describe('a database made by release 1: int ids, with sessions, refresh tokens, codes and locks', async () => {
  const databaseUrl = await release1Database('release1')
  const old = await connect(databaseUrl)
  // Release 1's table allowed NULL roles, statuses and times; bob and carol have some.
  await old.query(
    `INSERT INTO users (id, username, password, mobile, email, gender, user_role, online_status, create_time, update_time, email_verified_at) VALUES
       (1, 'alice', ?, '13900000001', 'alice@example.com', 2, 0, 1, '2025-01-01 08:00:00', '2025-01-02 08:00:00', NULL),
       (2, 'bob', 'bob-plain-pass', NULL, 'bob@example.com', 0, NULL, NULL, NULL, '2025-02-02 08:00:00', '2025-02-02 08:00:00'),
       (3, 'carol', ?, NULL, NULL, 1, 1, 0, '2025-03-01 08:00:00', NULL, NULL)`,
    [bcrypt.hashSync('alice-password-1', 4), bcrypt.hashSync('carol-password-1', 4)],
  )
  await old.query(
    `INSERT INTO sessions (id, user_id, remember_me, user_agent, ip, expires_at) VALUES (?, 1, 0, 'release-1 browser', '127.0.0.1', UTC_TIMESTAMP(3) + INTERVAL 7 DAY)`,
    [SESSION_ID],
  )
  await old.query('INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, UTC_TIMESTAMP(3))', [createHash('sha256').update(REFRESH_TOKEN).digest('hex'), SESSION_ID])
  await old.query(
    `INSERT INTO verification_codes (user_id, purpose, code_hash, created_at, expires_at)
       VALUES (1, 'verify_email', ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL 15 MINUTE)`,
    [codeHash(`verify_email:1:alice@example.com:${CODE}`)],
  )
  // carol's account is locked: rate-limiter-flexible's row of a blocked key.
  await old.query('INSERT INTO rate_limits (`key`, points, expire) VALUES (\'login-failures:user:3\', 6, ?)', [Date.now() + 15 * 60_000])
  const countsBefore = await countRows(old)
  const [[idBefore]] = await old.query<mysql.RowDataPacket[]>('SELECT DATA_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \'users\' AND COLUMN_NAME = \'id\'')

  await startApp({ NUXT_DATABASE_URL: databaseUrl })

  beforeAll(async () => {
    expect((await api('/api/health')).status).toBe(200)
  })
  afterAll(() => old.end())

  it('starts from release 1\'s int ids', () => {
    expect(idBefore!.type).toBe('int')
  })

  it('ends with the schema of a new database, table for table: bigint ids, the owner\'s columns and key names', async () => {
    const schema = await schemaOf(databaseUrl)
    expect(schema).toEqual(await schemaOfFreshDatabase())
    expect(schema.users).toMatch(/`id` bigint(\(20\))? NOT NULL AUTO_INCREMENT COMMENT '用户唯一标识ID'/)
    expect(schema.sessions).toMatch(/`user_id` bigint/)
  })

  it('loses no row of any table', async () => {
    expect(await countRows(old)).toEqual(countsBefore)
  })

  it('fills in what the owner\'s NOT NULL columns need, keeping update_time where there was one', async () => {
    const [rows] = await old.query<mysql.RowDataPacket[]>('SELECT id, user_role, online_status, create_time, update_time FROM users ORDER BY id')
    expect(rows[0]).toEqual({ id: 1, user_role: 0, online_status: expect.any(Number), create_time: '2025-01-01 08:00:00', update_time: '2025-01-02 08:00:00' })
    expect(rows[1]).toEqual({ id: 2, user_role: 1, online_status: 0, create_time: '2025-02-02 08:00:00', update_time: '2025-02-02 08:00:00' })
    expect(rows[2]).toEqual({ id: 3, user_role: 1, online_status: 0, create_time: '2025-03-01 08:00:00', update_time: '2025-03-01 08:00:00' })
  })

  it('keeps the live session: its access token still works', async () => {
    const response = await api('/api/auth/me', { token: await accessToken() })
    expect(response.status).toBe(200)
    expect(response.body.data.user).toMatchObject({ id: 1, username: 'alice', role: 'super_admin', gender: 2 })
  })

  it('keeps the live session: its refresh token still rotates', async () => {
    const response = await api('/api/auth/refresh', { body: { refreshToken: REFRESH_TOKEN } })
    expect(response.status).toBe(200)
    expect(response.body.data.refreshToken).toEqual(expect.any(String))
  })

  it('keeps the mailed code: it still verifies the address', async () => {
    const response = await api('/api/auth/verify-email', { body: { email: 'alice@example.com', code: CODE } })
    expect(response.status).toBe(200)
    expect(response.body.data.user).toMatchObject({ id: 1, emailVerified: true })
  })

  it('keeps the lock: carol is still refused, the right password included', async () => {
    expectFailure(await login('carol', 'carol-password-1'), 429, 'TOO_MANY_REQUESTS')
  })

  it('logs in a release-1 row with a NULL role as a user', async () => {
    const response = await login('bob', 'bob-plain-pass')
    expect(response.status).toBe(200)
    expect(response.body.data.user).toMatchObject({ id: 2, role: 'user' })
  })

  it('restarts on the upgraded database: nothing to migrate, same schema, sessions still live', async () => {
    const schema = await schemaOf(databaseUrl)
    const applied = await appliedMigrations(databaseUrl)
    const server = await startServer({ NUXT_DATABASE_URL: databaseUrl })
    try {
      expect((await apiAt(`${server.url}/api/auth/me`, { token: await accessToken() })).status).toBe(200)
      expect(await schemaOf(databaseUrl)).toEqual(schema)
      expect(await appliedMigrations(databaseUrl)).toEqual(applied)
    }
    finally {
      await server.stop()
    }
  })
})
