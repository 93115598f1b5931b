import { drizzle } from 'drizzle-orm/mysql2'
import type { MigrationMeta } from 'drizzle-orm/migrator'
import type { MySqlDialect, MySqlSession } from 'drizzle-orm/mysql-core'
import mysql from 'mysql2/promise'
import { checkUsersUpgrade } from './preflight'
import { upgradeRelease1Schema } from './release-1'
import { databaseNameOf } from './url'

/**
 * Creates the database of `databaseUrl` when it does not exist yet, with the server's default
 * collation of utf8mb4 as the owner's database has it (each table names what it needs).
 */
export async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl)
  const name = databaseNameOf(databaseUrl)
  url.pathname = '/'
  const connection = await mysql.createConnection({ uri: url.toString(), connectTimeout: 5000 })
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`)
  }
  finally {
    await connection.end()
  }
}

/**
 * Creates the database if needed and applies the pending migrations, holding a MySQL named
 * lock so that several instances starting together apply each migration once. Whatever the
 * database started as (empty, the owner's `users` table with rows, or a release-1 database),
 * it ends with the same schema: rows that cannot be upgraded stop this before anything changes
 * (`UpgradeBlockedError`), a release-1 database is first brought to what today's early
 * migrations make, and then drizzle's migrations run.
 */
export async function migrateDatabase(databaseUrl: string, migrations: MigrationMeta[]): Promise<void> {
  await createDatabaseIfMissing(databaseUrl)
  const name = databaseNameOf(databaseUrl)
  const connection = await mysql.createConnection({ uri: databaseUrl, connectTimeout: 5000, timezone: 'Z' })
  try {
    const [[lock]] = await connection.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, 60) AS acquired', [`${name}.migrations`])
    if (lock?.acquired !== 1) throw new Error('Timed out waiting for another instance to finish the migrations')
    try {
      await connection.query('SET time_zone = \'+00:00\'')
      await checkUsersUpgrade(connection)
      await upgradeRelease1Schema(connection, migrations)
      // What drizzle-orm/mysql2/migrator does, minus reading a folder: the built server carries
      // its migrations in the bundle.
      const { dialect, session } = drizzle(connection) as unknown as { dialect: MySqlDialect, session: MySqlSession }
      await dialect.migrate(migrations, session, { migrationsFolder: '' })
    }
    finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [`${name}.migrations`])
    }
  }
  finally {
    await connection.end()
  }
}
