import type mysql from 'mysql2/promise'
import { describe, expect, it } from 'vitest'
import { UpgradeBlockedError } from '../../server/database/preflight'
import { migrateDatabase } from '../../server/database/migrate'
import { connect, MIGRATIONS, ownerDatabase, release1Database, schemaOf, schemaOfFreshDatabase } from './databases'
import { spawnServer } from './server-process'
import { JWT_SECRET } from './support'

/**
 * Rows the owner's collation (MariaDB's utf8mb4_general_ci) holds apart but utf8mb4_unicode_520_ci
 * takes for one: `ß` against `ss`, full-width against ASCII letters (in an email too).
 */
const COLLIDING_ROWS = `
INSERT INTO users (id, username, password, email, update_time) VALUES
  (1, 'strasse', 'p1', 'one@example.com', '2025-01-01 00:00:00'),
  (2, 'alice', 'p2', 'alice@example.com', '2025-01-01 00:00:00'),
  (3, 'straße', 'p3', 'three@example.com', '2025-01-01 00:00:00'),
  (4, 'bob', 'p4', 'ａlice@example.com', '2025-01-01 00:00:00'),
  (5, 'ａｌｉｃｅ', 'p5', NULL, '2025-01-01 00:00:00');`

async function snapshot(databaseUrl: string) {
  const connection = await connect(databaseUrl)
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT * FROM users ORDER BY id')
    return { schema: await schemaOf(databaseUrl), rows }
  }
  finally {
    await connection.end()
  }
}

describe('an upgrade that cannot go on', () => {
  it('names the colliding rows\' ids and what to do, and changes nothing', async () => {
    const databaseUrl = await ownerDatabase('blocked', COLLIDING_ROWS)
    const before = await snapshot(databaseUrl)

    const failure = await migrateDatabase(databaseUrl, MIGRATIONS).then(() => null, (error: unknown) => error)
    expect(failure).toBeInstanceOf(UpgradeBlockedError)
    const message = (failure as Error).message
    expect(message).toContain('nothing was changed')
    expect(message).toMatch(/ids 1, 3 hold the same username/)
    expect(message).toMatch(/ids 2, 5 hold the same username/)
    expect(message).toMatch(/ids 2, 4 hold the same email/)
    expect(message).toContain('UPDATE users SET')
    expect(await snapshot(databaseUrl)).toEqual(before)

    // Once the owner has given each account a name and an address of its own, the upgrade goes through.
    const connection = await connect(databaseUrl)
    await connection.query('UPDATE users SET username = \'strasse-3\', update_time = update_time WHERE id = 3; UPDATE users SET email = NULL, update_time = update_time WHERE id = 4; UPDATE users SET username = \'alice-5\', update_time = update_time WHERE id = 5')
    await connection.end()
    await migrateDatabase(databaseUrl, MIGRATIONS)
    expect(await schemaOf(databaseUrl)).toEqual(await schemaOfFreshDatabase())
  })

  it('stops the built server with that message and no stack trace', async () => {
    const databaseUrl = await ownerDatabase('blocked_server', COLLIDING_ROWS)
    const before = await snapshot(databaseUrl)
    const server = await spawnServer({ NUXT_JWT_SECRET: JWT_SECRET, NUXT_DATABASE_URL: databaseUrl })
    expect(await server.exited).toBe(1)
    expect(server.output()).toMatch(/ids 1, 3 hold the same username/)
    expect(server.output()).not.toMatch(/\n\s+at /)
    expect(await snapshot(databaseUrl)).toEqual(before)
  })

  it('refuses a release-1 password longer than the owner\'s varchar(100)', async () => {
    const databaseUrl = await release1Database('blocked_release1')
    const connection = await connect(databaseUrl)
    await connection.query('INSERT INTO users (id, username, password) VALUES (7, \'long\', ?)', ['x'.repeat(101)])
    await connection.end()
    const before = await snapshot(databaseUrl)
    await expect(migrateDatabase(databaseUrl, MIGRATIONS)).rejects.toThrow(/ids 7 hold a password longer than the 100 characters/)
    expect(await snapshot(databaseUrl)).toEqual(before)
  })
})
