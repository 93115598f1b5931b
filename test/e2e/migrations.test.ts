import { fileURLToPath } from 'node:url'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import mysql from 'mysql2/promise'
import { describe, expect, inject, it } from 'vitest'
import { migrateDatabase } from '../../server/database/migrate'

const migrations = readMigrationFiles({ migrationsFolder: fileURLToPath(new URL('../../drizzle', import.meta.url)) })

describe('migrateDatabase', () => {
  it('creates a missing database, and several instances migrating at once apply each migration once', async () => {
    const databaseUrl = `${inject('databaseUrl')}_parallel`
    await Promise.all([1, 2, 3].map(() => migrateDatabase(databaseUrl, migrations)))

    const connection = await mysql.createConnection(databaseUrl)
    try {
      const [applied] = await connection.query<mysql.RowDataPacket[]>('SELECT hash FROM __drizzle_migrations')
      expect(applied.map(row => row.hash)).toEqual(migrations.map(migration => migration.hash))
      const [tables] = await connection.query<mysql.RowDataPacket[]>('SHOW TABLES')
      expect(tables.map(row => Object.values(row)[0]).sort()).toEqual(['__drizzle_migrations', 'refresh_tokens', 'sessions', 'users', 'verification_codes'])
    }
    finally {
      await connection.end()
    }
  })
})
