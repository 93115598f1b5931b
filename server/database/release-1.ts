import type { MigrationMeta } from 'drizzle-orm/migrator'
import type mysql from 'mysql2/promise'
import { columnsOf, UpgradeBlockedError } from './preflight'

/**
 * Databases made by release 1 of this app.
 *
 * Release 1 created `users` from a guess at the owner's table (`int` id, `varchar(255)` password,
 * nullable role, status and times, unique keys named `username`/`mobile`/`email`, the database's
 * `utf8mb4_unicode_ci`) and its own tables with `int` references to it. Its migrations 0000–0002
 * are recorded as applied there, so they are not run again; this step brings such a database to
 * what today's 0000–0002 make, and the migrations after them then apply to it as to any other.
 * Every step first looks at what is there, so a start interrupted half-way through finishes
 * the job; a database that is already in shape (new, or the owner's) is left alone. The owner's
 * table on which release 1 failed to start is taken back to the owner's table first.
 */

/** The service's own tables: they compare bytes, since they hold ids and hashes. */
const SERVICE_TABLES = ['sessions', 'refresh_tokens', 'verification_codes', 'rate_limits']
const SERVICE_COLLATION = 'utf8mb4_bin'

/** The foreign keys between the tables below, as drizzle/0001 and 0002 create them. */
const FOREIGN_KEYS = [
  { table: 'sessions', name: 'sessions_user_id_users_id_fk', definition: 'FOREIGN KEY (`user_id`) REFERENCES `users`(`id`)' },
  { table: 'refresh_tokens', name: 'refresh_tokens_session_id_sessions_id_fk', definition: 'FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`)' },
  { table: 'verification_codes', name: 'verification_codes_user_id_users_id_fk', definition: 'FOREIGN KEY (`user_id`) REFERENCES `users`(`id`)' },
]

/** The columns drizzle/0001 adds to `users`. */
const ADDED_COLUMNS = ['status', 'email_verified_at', 'last_login_at', 'last_login_ip']

/**
 * The text columns among them, as drizzle/0001 adds them: release 1 gave them the
 * database's collation, a new database gives them the table's.
 */
const ADDED_TEXT_COLUMNS = ['`status` enum(\'active\',\'disabled\') NOT NULL DEFAULT \'active\'', '`last_login_ip` varchar(45)']

/** Release 1's names of the owner's unique keys. */
const RENAMED_KEYS = { username: 'idx_username', mobile: 'idx_mobile', email: 'idx_email' }

/**
 * Upgrades a release-1 database in place, and takes back what a first start that stopped half-way
 * through drizzle/0001 left. `migrations` are today's: the owner's `CREATE TABLE users` of the
 * first gives the table its column definitions and options.
 */
export async function upgradeRelease1Schema(connection: mysql.Connection, migrations: MigrationMeta[]): Promise<void> {
  const [ownerTable] = migrations
  await takeBackInterruptedMigration(connection, ownerTable!.folderMillis)
  const usersNeedShape = (await columnsOf(connection, 'users')).get('id')?.dataType === 'int'
  const tablesToConvert = await serviceTablesToConvert(connection)
  if (usersNeedShape || tablesToConvert.length) {
    // Columns that a foreign key joins cannot change type or collation while it stands.
    for (const key of await existingForeignKeys(connection)) {
      await connection.query(`ALTER TABLE \`${key.table}\` DROP FOREIGN KEY \`${key.name}\``)
    }
  }
  if (usersNeedShape) await shapeUsersTable(connection, ownerTable!.sql.join('\n'))
  for (const table of tablesToConvert) {
    if ((await columnsOf(connection, table)).get('user_id')?.dataType === 'int') {
      await connection.query(`ALTER TABLE \`${table}\` MODIFY \`user_id\` bigint NOT NULL`)
    }
    await connection.query(`ALTER TABLE \`${table}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE ${SERVICE_COLLATION}`)
  }
  const existing = new Set((await existingForeignKeys(connection)).map(key => key.name))
  const tables = await existingTables(connection)
  for (const key of FOREIGN_KEYS) {
    if (existing.has(key.name) || !tables.has(key.table)) continue
    await connection.query(`ALTER TABLE \`${key.table}\` ADD CONSTRAINT \`${key.name}\` ${key.definition} ON DELETE cascade ON UPDATE no action`)
  }
}

/**
 * A first start that stopped inside drizzle/0001, which cannot run twice (it adds columns). Release
 * 1 always stopped there on the owner's table (its `int` reference to the `bigint` id was refused),
 * and any start may be cut short. Such a start recorded 0000 alone, and no server ever ran on what
 * it made: its two tables are empty and its columns hold nothing. They are taken back, and 0001
 * then runs whole.
 */
async function takeBackInterruptedMigration(connection: mysql.Connection, firstMigrationTime: number): Promise<void> {
  const tables = await existingTables(connection)
  const halfMade = ['refresh_tokens', 'sessions'].filter(table => tables.has(table))
  if (!tables.has('__drizzle_migrations') || !halfMade.length) return
  const [[latest]] = await connection.query<mysql.RowDataPacket[]>('SELECT MAX(created_at) AS time FROM __drizzle_migrations')
  if (Number(latest?.time) !== firstMigrationTime) return
  for (const table of halfMade) {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(`SELECT 1 FROM \`${table}\` LIMIT 1`)
    if (rows.length) throw new UpgradeBlockedError(`The table ${table} has rows although its migration (drizzle/0001) never finished; nothing was changed. Look at what wrote them before starting again.`)
  }
  for (const table of halfMade) await connection.query(`DROP TABLE \`${table}\``)
  const users = await columnsOf(connection, 'users')
  const added = ADDED_COLUMNS.filter(column => users.has(column))
  if (added.length) await connection.query(`ALTER TABLE users ${added.map(column => `DROP COLUMN \`${column}\``).join(', ')}`)
}

/**
 * Gives release 1's `users` the owner's table options, then the owner's definition of every
 * original column and the owner's key names in one statement (so it happens whole or not at all,
 * and `id` stays `int` until it has). Values that the owner's NOT NULL
 * columns cannot hold are filled in first, keeping `update_time` wherever it has one.
 */
async function shapeUsersTable(connection: mysql.Connection, ownerTable: string): Promise<void> {
  await connection.query(
    `UPDATE users SET user_role = COALESCE(user_role, 1), online_status = COALESCE(online_status, 0),
            create_time = COALESCE(create_time, update_time, UTC_TIMESTAMP()), update_time = COALESCE(update_time, create_time)
      WHERE user_role IS NULL OR online_status IS NULL OR create_time IS NULL OR update_time IS NULL`,
  )
  const { columns, tableOptions } = partsOf(ownerTable)
  const [keys] = await connection.query<mysql.RowDataPacket[]>(
    'SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \'users\'',
  )
  const renames = keys.map(key => key.name as string).filter(name => name in RENAMED_KEYS)
    .map(name => `RENAME INDEX \`${name}\` TO \`${RENAMED_KEYS[name as keyof typeof RENAMED_KEYS]}\``)
  // The table's options first, so the columns below take their collation from its new default
  // (the statements stand alone: the second runs again if a start ends between them).
  await connection.query(`ALTER TABLE users ${tableOptions}`)
  const modified = [...columns, ...ADDED_TEXT_COLUMNS].map(column => `MODIFY ${column}`)
  await connection.query(`ALTER TABLE users ${[...modified, ...renames].join(',\n  ')}`)
}

/** The column definitions and the table options of a `CREATE TABLE` statement laid out one column a line. */
export function partsOf(createTable: string): { columns: string[], tableOptions: string } {
  const lines = createTable.split('\n').map(line => line.trim())
  const columns = lines.filter(line => line.startsWith('`')).map(line => line.replace(/,$/, ''))
  const closing = lines.find(line => line.startsWith(')'))
  if (!columns.length || !closing) throw new Error('drizzle/0000 is no CREATE TABLE statement laid out one column a line')
  return { columns, tableOptions: closing.slice(1).replace(/;$/, '').trim() }
}

async function serviceTablesToConvert(connection: mysql.Connection): Promise<string[]> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT t.TABLE_NAME AS name FROM information_schema.TABLES t
       LEFT JOIN information_schema.COLUMNS c
         ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.COLUMN_NAME = 'user_id'
      WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME IN (?)
        AND (t.TABLE_COLLATION <> ? OR c.DATA_TYPE = 'int')
      ORDER BY t.TABLE_NAME`,
    [SERVICE_TABLES, SERVICE_COLLATION],
  )
  return rows.map(row => row.name)
}

async function existingForeignKeys(connection: mysql.Connection): Promise<{ table: string, name: string }[]> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT TABLE_NAME AS \`table\`, CONSTRAINT_NAME AS name FROM information_schema.TABLE_CONSTRAINTS
      WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY' AND CONSTRAINT_NAME IN (?)`,
    [FOREIGN_KEYS.map(key => key.name)],
  )
  return rows as { table: string, name: string }[]
}

async function existingTables(connection: mysql.Connection): Promise<Set<string>> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
  )
  return new Set(rows.map(row => row.name as string))
}
