import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/mysql2'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { migrate } from 'drizzle-orm/mysql2/migrator'
import mysql from 'mysql2/promise'
import { inject } from 'vitest'
import { migrateDatabase } from '../../server/database/migrate'

/**
 * The databases an upgrade starts from, each made beside the run's database (its name plus a
 * suffix, so the run drops them all at the end): the owner's `users` table with its rows, a
 * database made by release 1, and what today's migrations make of an empty one.
 */

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

/** The product owner's `CREATE TABLE users`, as kept in the repository. */
export const OWNER_TABLE = read('../../drizzle/owner-users.sql')
/** Rows as the owner's live table holds them (test/fixtures/owner-rows.sql). */
export const OWNER_ROWS = read('../fixtures/owner-rows.sql')

export const MIGRATIONS = readMigrationFiles({ migrationsFolder: fileURLToPath(new URL('../../drizzle', import.meta.url)) })
const RELEASE_1_MIGRATIONS = fileURLToPath(new URL('../fixtures/release-1', import.meta.url))

/** The URL of the database `suffix` beside the run's database. */
export function databaseBeside(suffix: string): string {
  return `${inject('databaseUrl')}_${suffix}`
}

/** A connection to the database of `databaseUrl` that runs several statements at once and reads times as text. */
export function connect(databaseUrl: string): Promise<mysql.Connection> {
  return mysql.createConnection({ uri: databaseUrl, multipleStatements: true, dateStrings: true, timezone: 'Z' })
}

/** Creates the empty database `suffix` (the server's default collation, as the owner's is) and answers its URL. */
export async function emptyDatabase(suffix: string): Promise<string> {
  const name = new URL(databaseBeside(suffix)).pathname.slice(1)
  const server = await connect(inject('serverUrl'))
  try {
    await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`)
  }
  finally {
    await server.end()
  }
  return databaseBeside(suffix)
}

/** A database holding the owner's table created from its own statement, with `sql` run after it (its rows by default). */
export async function ownerDatabase(suffix: string, sql = OWNER_ROWS): Promise<string> {
  const databaseUrl = await emptyDatabase(suffix)
  const connection = await connect(databaseUrl)
  try {
    await connection.query(`${OWNER_TABLE}\n${sql}`)
  }
  finally {
    await connection.end()
  }
  return databaseUrl
}

/**
 * A database exactly as release 1 made it: its own migrations, applied by drizzle's migrator to a
 * database created with the collation release 1 gave new databases.
 */
export async function release1Database(suffix: string): Promise<string> {
  const name = new URL(databaseBeside(suffix)).pathname.slice(1)
  const server = await connect(inject('serverUrl'))
  try {
    await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  }
  finally {
    await server.end()
  }
  await applyRelease1(databaseBeside(suffix))
  return databaseBeside(suffix)
}

/** Applies release 1's migrations (test/fixtures/release-1 is its drizzle/ folder) as its server did at start-up. */
export async function applyRelease1(databaseUrl: string): Promise<void> {
  const connection = await connect(databaseUrl)
  try {
    await migrate(drizzle(connection), { migrationsFolder: RELEASE_1_MIGRATIONS })
  }
  finally {
    await connection.end()
  }
}

/**
 * Every table's `SHOW CREATE TABLE` but drizzle's own bookkeeping, by name, without the
 * AUTO_INCREMENT counter (which follows the rows, not the schema).
 */
export async function schemaOf(databaseUrl: string): Promise<Record<string, string>> {
  const connection = await connect(databaseUrl)
  try {
    const [tables] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> \'__drizzle_migrations\' ORDER BY TABLE_NAME',
    )
    const schema: Record<string, string> = {}
    for (const { name } of tables) {
      const [[row]] = await connection.query<mysql.RowDataPacket[]>(`SHOW CREATE TABLE \`${name}\``)
      schema[name] = (row!['Create Table'] as string).replace(/ AUTO_INCREMENT=\d+/, '')
    }
    return schema
  }
  finally {
    await connection.end()
  }
}

let freshSchema: Promise<Record<string, string>> | undefined

/** The schema today's migrations give a database that did not exist. */
export function schemaOfFreshDatabase(): Promise<Record<string, string>> {
  return (freshSchema ??= migrateDatabase(databaseBeside('fresh'), MIGRATIONS).then(() => schemaOf(databaseBeside('fresh'))))
}

/** The migrations recorded as applied in the database of `databaseUrl`. */
export async function appliedMigrations(databaseUrl: string): Promise<string[]> {
  const connection = await connect(databaseUrl)
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT hash FROM __drizzle_migrations ORDER BY id')
    return rows.map(row => row.hash)
  }
  finally {
    await connection.end()
  }
}
