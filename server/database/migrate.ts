import { drizzle } from 'drizzle-orm/mysql2'
import type { MigrationMeta } from 'drizzle-orm/migrator'
import type { MySqlDialect, MySqlSession } from 'drizzle-orm/mysql-core'
import mysql from 'mysql2/promise'
import { checkUsersUpgrade } from './preflight'
import { upgradeRelease1Schema } from './release-1'
import { databaseNameOf } from './url'

/** What `migrateDatabase` did: whether it created the database, and how many migrations it applied. */
export interface MigrationOutcome {
  created: boolean
  applied: number
}

/** The start-up log line of `outcome` for the database `name`. */
export function describeMigration(name: string, outcome: MigrationOutcome): string {
  const migrations = outcome.applied === 0 ? 'no migration pending' : `${outcome.applied} migration${outcome.applied === 1 ? '' : 's'} applied`
  return `[database] ${name}: ${outcome.created ? 'created' : 'already there'}, ${migrations}`
}

/**
 * Creates the database of `databaseUrl` when it does not exist yet, with the server's default
 * collation of utf8mb4 as the owner's database has it (each table names what it needs).
 * Answers whether it was created.
 */
export async function createDatabaseIfMissing(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl)
  const name = databaseNameOf(databaseUrl)
  url.pathname = '/'
  const connection = await mysql.createConnection({ uri: url.toString(), connectTimeout: 5000 })
  try {
    // An existing database makes this a no-op with a warning (1007).
    const [result] = await connection.query<mysql.ResultSetHeader>(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`)
    return result.warningStatus === 0
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
export async function migrateDatabase(databaseUrl: string, migrations: MigrationMeta[]): Promise<MigrationOutcome> {
  const created = await createDatabaseIfMissing(databaseUrl)
  const name = databaseNameOf(databaseUrl)
  const connection = await mysql.createConnection({ uri: databaseUrl, connectTimeout: 5000, timezone: 'Z' })
  try {
    const [[lock]] = await connection.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, 60) AS acquired', [`${name}.migrations`])
    if (lock?.acquired !== 1) throw new Error('Timed out waiting for another instance to finish the migrations')
    try {
      await connection.query('SET time_zone = \'+00:00\'')
      const before = await appliedMigrationCount(connection)
      await checkUsersUpgrade(connection)
      await upgradeRelease1Schema(connection, migrations)
      // What drizzle-orm/mysql2/migrator does, minus reading a folder: the built server carries
      // its migrations in the bundle.
      const { dialect, session } = drizzle(connection) as unknown as { dialect: MySqlDialect, session: MySqlSession }
      await dialect.migrate(migrations, session, { migrationsFolder: '' })
      return { created, applied: (await appliedMigrationCount(connection)) - before }
    }
    finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [`${name}.migrations`])
    }
  }
  finally {
    await connection.end()
  }
}

/** How many migrations drizzle's journal (`__drizzle_migrations`) records; 0 before the first. */
async function appliedMigrationCount(connection: mysql.Connection): Promise<number> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    'SELECT COUNT(*) AS count FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = \'__drizzle_migrations\'')
  if (!Number(rows[0]?.count)) return 0
  const [[journal]] = await connection.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS count FROM `__drizzle_migrations`')
  return Number(journal?.count ?? 0)
}
