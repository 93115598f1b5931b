import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase } from '../../server/database/migrate'
import { MIGRATIONS, connect, emptyDatabase } from './databases'

/*
 * The session check reads its row through a statement prepared on the database server
 * (server/database/server-prepared.ts), in the binary protocol. The account it answers must be
 * the one every other query answers (Drizzle's own driver, the text protocol): same fields, same
 * types, same dates to the millisecond, same roles and permissions.
 */

let databaseUrl: string
let sessions: typeof import('../../server/auth/sessions')
let users: typeof import('../../server/accounts/users')
let closeDatabase: () => Promise<void>

const DAY = 'INTERVAL 1 DAY'

beforeAll(async () => {
  databaseUrl = await emptyDatabase('session_lookup')
  await migrateDatabase(databaseUrl, MIGRATIONS)
  const connection = await connect(databaseUrl)
  try {
    await connection.query(`
      INSERT INTO users (id, username, password, email, mobile, gender, avatar, user_role, online_status, create_time, update_time, email_verified_at, last_login_at, last_login_ip)
      VALUES (1, 'plain', 'x', 'plain@example.com', NULL, 2, NULL, 1, 1, '2026-01-02 03:04:05', '2026-02-03 04:05:06', '2026-03-04 05:06:07.891', '2026-04-05 06:07:08.009', '127.0.0.1'),
             (2, 'super', 'x', NULL, '13800000000', 0, 'https://example.com/a.png', 0, 0, '2026-01-02 03:04:05', '2026-01-02 03:04:05', NULL, NULL, NULL),
             (3, 'twoRoles', 'x', NULL, NULL, 1, NULL, 1, 0, '2026-01-02 03:04:05', '2026-01-02 03:04:05', NULL, NULL, NULL);
      INSERT INTO roles (code, name) VALUES ('R_EDITOR', 'Editor');
      INSERT INTO role_permissions (role_id, permission) SELECT id, 'user:list' FROM roles WHERE code = 'R_EDITOR';
      INSERT INTO user_roles (user_id, role_id) SELECT 3, id FROM roles WHERE code IN ('R_EDITOR', 'R_ADMIN');
      INSERT INTO sessions (id, user_id, last_used_at, expires_at, revoked_at) VALUES
        ('live-plain', 1, '2026-05-06 07:08:09.123', NOW(3) + ${DAY}, NULL),
        ('live-super', 2, NOW(3), NOW(3) + ${DAY}, NULL),
        ('live-two-roles', 3, NOW(3), NOW(3) + ${DAY}, NULL),
        ('revoked', 1, NOW(3), NOW(3) + ${DAY}, NOW(3)),
        ('expired', 1, NOW(3), NOW(3) - ${DAY}, NULL);
    `)
  }
  finally {
    await connection.end()
  }
  process.env.NUXT_DATABASE_URL = databaseUrl
  sessions = await import('../../server/auth/sessions')
  users = await import('../../server/accounts/users')
  ;({ closeDatabase } = await import('../../server/database/db'))
})

afterAll(async () => {
  await closeDatabase?.()
})

describe('findLiveSession (a statement prepared on the server)', () => {
  it.each([
    ['a plain account, R_USER by default', 'live-plain', 1],
    ['a super admin', 'live-super', 2],
    ['an account with two stored roles', 'live-two-roles', 3],
  ])('answers %s exactly as the account queries do', async (_, sessionId, userId) => {
    const found = await sessions.findLiveSession(sessionId, userId)
    const account = await users.findUserById(userId)
    expect(account).toBeDefined()
    expect(found?.user).toEqual(account)
    expect(found?.user.createTime).toBeInstanceOf(Date)
  })

  it('reads dates to the millisecond, in UTC', async () => {
    const found = await sessions.findLiveSession('live-plain', 1)
    expect(found?.lastUsedAt).toEqual(new Date('2026-05-06T07:08:09.123Z'))
    expect(found?.user.emailVerifiedAt).toEqual(new Date('2026-03-04T05:06:07.891Z'))
    expect(found?.user.lastLoginAt).toEqual(new Date('2026-04-05T06:07:08.009Z'))
    expect(found?.user.createTime).toEqual(new Date('2026-01-02T03:04:05.000Z'))
  })

  it('answers the roles and permissions the account holds', async () => {
    expect((await sessions.findLiveSession('live-plain', 1))?.user).toMatchObject({ roles: ['R_USER'], permissions: [] })
    const twoRoles = (await sessions.findLiveSession('live-two-roles', 3))!.user
    expect(twoRoles.roles.toSorted()).toEqual(['R_ADMIN', 'R_EDITOR'])
    expect(twoRoles.permissions).toContain('user:list')
  })

  it('answers nothing for a revoked or expired session, or for another account\'s', async () => {
    expect(await sessions.findLiveSession('revoked', 1)).toBeUndefined()
    expect(await sessions.findLiveSession('expired', 1)).toBeUndefined()
    expect(await sessions.findLiveSession('live-plain', 2)).toBeUndefined()
    expect(await sessions.findLiveSession('no-such-session', 1)).toBeUndefined()
  })

  it('answers each of many checks at once as it answers it alone (checks sent together under load)', async () => {
    const checks: [string, number][] = [
      ['live-plain', 1], ['revoked', 1], ['live-super', 2], ['live-plain', 2], ['expired', 1],
      ['live-two-roles', 3], ['no-such-session', 1], ['live-plain', 1], ['live-two-roles', 1],
    ]
    const alone = []
    for (const [sessionId, userId] of checks) alone.push(await sessions.findLiveSession(sessionId, userId))
    expect(alone.filter(Boolean)).toHaveLength(4)
    // Three rounds of every check at once: the first goes alone, the others wait for it and go
    // together, in a batch whose size is not a power of two.
    const together = await Promise.all([...checks, ...checks, ...checks].map(([sessionId, userId]) => sessions.findLiveSession(sessionId, userId)))
    expect(together).toEqual([...alone, ...alone, ...alone])
    // Each answer is its own object: one request's changes to its user reach no other.
    expect(together[0]!.user).not.toBe(together[7]!.user)
  })
})
