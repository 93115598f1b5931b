import mysql from 'mysql2/promise'
import { describe, expect, inject, it } from 'vitest'
import { migrateDatabase } from '../../server/database/migrate'
import { IDENTIFIER_COLLATION } from '../../server/database/preflight'
import { connect, MIGRATIONS, ownerDatabase, schemaOfFreshDatabase } from './databases'

/** Everything information_schema says of a table's columns, but the collation of each. */
async function columnsOf(databaseUrl: string) {
  const connection = await connect(databaseUrl)
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, CHARACTER_SET_NAME, COLLATION_NAME
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION`,
    )
    const [keys] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns_
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' GROUP BY INDEX_NAME, NON_UNIQUE ORDER BY INDEX_NAME`,
    )
    const [[table]] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT ENGINE, TABLE_COLLATION, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \'users\'',
    )
    return { columns: rows, keys, table }
  }
  finally {
    await connection.end()
  }
}

describe('migrateDatabase', () => {
  it('creates a missing database, and several instances migrating at once apply each migration once', async () => {
    const databaseUrl = `${inject('databaseUrl')}_parallel`
    await Promise.all([1, 2, 3].map(() => migrateDatabase(databaseUrl, MIGRATIONS)))

    const connection = await mysql.createConnection(databaseUrl)
    try {
      const [applied] = await connection.query<mysql.RowDataPacket[]>('SELECT hash FROM __drizzle_migrations')
      expect(applied.map(row => row.hash)).toEqual(MIGRATIONS.map(migration => migration.hash))
      const [tables] = await connection.query<mysql.RowDataPacket[]>('SHOW TABLES')
      expect(tables.map(row => Object.values(row)[0]).sort()).toEqual(['__drizzle_migrations', 'identities', 'rate_limits', 'refresh_tokens', 'role_permissions', 'roles', 'sessions', 'user_roles', 'users', 'verification_codes'])
    }
    finally {
      await connection.end()
    }
  })

  it('gives a new database the owner\'s users table column for column, then the service\'s columns', async () => {
    await schemaOfFreshDatabase()
    const fresh = await columnsOf(`${inject('databaseUrl')}_fresh`)
    const owner = await columnsOf(await ownerDatabase('owner_only', ''))

    const identifier = (name: string) => ['username', 'mobile', 'email'].includes(name)
    const withoutCollation = ({ CHARACTER_SET_NAME: _, COLLATION_NAME: __, ...column }: mysql.RowDataPacket) => column
    expect(fresh.columns.slice(0, 11).map(withoutCollation)).toEqual(owner.columns.map(withoutCollation))
    // Collations: the owner's (the server's default) but for the identifiers, which compare under IDENTIFIER_COLLATION.
    for (const [index, column] of owner.columns.entries()) {
      const expected = identifier(column.COLUMN_NAME) ? IDENTIFIER_COLLATION : column.COLLATION_NAME
      expect([column.COLUMN_NAME, fresh.columns[index]!.COLLATION_NAME]).toEqual([column.COLUMN_NAME, expected])
    }
    expect(fresh.columns.slice(11).map(column => column.COLUMN_NAME)).toEqual(['status', 'email_verified_at', 'last_login_at', 'last_login_ip', 'username_skeleton'])
    // The owner's keys, and the look-alike key on the service's skeleton column (drizzle/0004).
    expect(fresh.keys.filter(key => key.INDEX_NAME !== 'idx_username_skeleton')).toEqual(owner.keys)
    expect(fresh.keys.find(key => key.INDEX_NAME === 'idx_username_skeleton')).toMatchObject({ NON_UNIQUE: 0, columns_: 'username_skeleton' })
    expect(owner.keys.map(key => key.INDEX_NAME).sort()).toEqual(['PRIMARY', 'idx_email', 'idx_mobile', 'idx_username'])
    expect(fresh.table).toEqual(owner.table)
    expect(owner.table).toMatchObject({ ENGINE: 'InnoDB', TABLE_COMMENT: '用户信息表' })
  })

  it('upgrades a database migrated up to 0005 with rows: identities (0007) joins the owner\'s bigint ids, compared by bytes', async () => {
    const databaseUrl = await ownerDatabase('upto_0005')
    const upTo0005 = MIGRATIONS.filter(migration => migration.folderMillis <= MIGRATIONS.find(found => found.sql.join('').includes('link_hash'))!.folderMillis)
    expect(upTo0005.length).toBeLessThan(MIGRATIONS.length)
    await migrateDatabase(databaseUrl, upTo0005)
    await migrateDatabase(databaseUrl, MIGRATIONS)

    const connection = await connect(databaseUrl)
    try {
      const [applied] = await connection.query<mysql.RowDataPacket[]>('SELECT hash FROM __drizzle_migrations ORDER BY created_at')
      expect(applied.map(row => row.hash)).toEqual(MIGRATIONS.map(migration => migration.hash))
      const [[table]] = await connection.query<mysql.RowDataPacket[]>('SELECT ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \'identities\'')
      expect(table).toEqual({ ENGINE: 'InnoDB', TABLE_COLLATION: 'utf8mb4_bin' })
      const [keys] = await connection.query<mysql.RowDataPacket[]>(
        `SELECT INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns_
           FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'identities' GROUP BY INDEX_NAME, NON_UNIQUE ORDER BY INDEX_NAME`,
      )
      expect(keys.map(key => [key.INDEX_NAME, Number(key.NON_UNIQUE), key.columns_])).toEqual([
        ['idx_identities_user_provider', 0, 'user_id,provider'],
        ['PRIMARY', 0, 'provider,provider_key'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))))
      const [[userId]] = await connection.query<mysql.RowDataPacket[]>('SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \'identities\' AND COLUMN_NAME = \'user_id\'')
      expect(userId!.COLUMN_TYPE).toBe('bigint(20)')

      // An owner's row gets an identity; keys that differ only in case are two people; deleting the account removes it.
      const [[owner]] = await connection.query<mysql.RowDataPacket[]>('SELECT id FROM users ORDER BY id LIMIT 1')
      await connection.query('INSERT INTO identities (provider, provider_key, user_id, linked_at, last_used_at) VALUES (\'qq\', \'ABC\', ?, NOW(3), NOW(3)), (\'wechat\', \'abc\', ?, NOW(3), NOW(3))', [owner!.id, owner!.id])
      await connection.query('INSERT INTO identities (provider, provider_key, user_id, linked_at, last_used_at) VALUES (\'qq\', \'abc\', ?, NOW(3), NOW(3))', [owner!.id])
        .then(() => expect.unreachable('one identity per provider per account'), error => expect(error.code).toBe('ER_DUP_ENTRY'))
      await expect(connection.query('INSERT INTO identities (provider, provider_key, user_id, linked_at, last_used_at) VALUES (\'github\', \'1\', 999999999, NOW(3), NOW(3))'))
        .rejects.toMatchObject({ code: 'ER_NO_REFERENCED_ROW_2' })
      await connection.query('DELETE FROM users WHERE id = ?', [owner!.id])
      const [[left]] = await connection.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM identities')
      expect(Number(left!.n)).toBe(0)
    }
    finally {
      await connection.end()
    }
  })
})
