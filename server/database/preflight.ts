import type mysql from 'mysql2/promise'

/** The collation of the identifier columns (drizzle/0003). */
export const IDENTIFIER_COLLATION = 'utf8mb4_unicode_520_ci'

/**
 * The upgrade cannot go on without a person deciding about some rows. Nothing was changed:
 * the message says which rows and what to do.
 */
export class UpgradeBlockedError extends Error {
  override name = 'UpgradeBlockedError'
}

/** The facts of one `users` column that the upgrade reads. */
export interface ColumnFacts {
  dataType: string
  collation: string | null
  maxLength: number | null
}

/** The columns of `table` in the connection's database by name; empty when there is no such table. */
export async function columnsOf(connection: mysql.Connection, table: string): Promise<Map<string, ColumnFacts>> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLLATION_NAME AS collation, CHARACTER_MAXIMUM_LENGTH AS maxLength
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
    [table],
  )
  return new Map(rows.map(row => [row.name as string, { dataType: row.dataType, collation: row.collation, maxLength: row.maxLength }]))
}

/** What the rows of each identifier column are compared as once upgraded (emails are stored lower-cased). */
const IDENTIFIERS = [
  { column: 'username', value: '`username`' },
  { column: 'email', value: 'LOWER(`email`)' },
  { column: 'mobile', value: '`mobile`' },
] as const

/**
 * Checks, before any migration runs, that the rows of an existing `users` table can be upgraded:
 * no two rows may hold the same username, email or mobile under the new collation, and no
 * password may be longer than the owner's `varchar(100)` (release 1 allowed 255). Throws an
 * `UpgradeBlockedError` naming the rows' ids and what to do; changes nothing.
 */
export async function checkUsersUpgrade(connection: mysql.Connection): Promise<void> {
  const columns = await columnsOf(connection, 'users')
  const problems: string[] = []
  if (columns.has('username') && columns.get('username')!.collation !== IDENTIFIER_COLLATION) {
    for (const { column, value } of IDENTIFIERS) {
      const [groups] = await connection.query<mysql.RowDataPacket[]>(
        `SELECT GROUP_CONCAT(id ORDER BY id SEPARATOR ', ') AS ids FROM users
          WHERE ${value} IS NOT NULL GROUP BY ${value} COLLATE ${IDENTIFIER_COLLATION} HAVING COUNT(*) > 1 ORDER BY MIN(id)`,
      )
      for (const { ids } of groups) problems.push(`- ids ${ids} hold the same ${column}`)
    }
    if (problems.length) {
      problems.push(
        `  under ${IDENTIFIER_COLLATION}, which ignores case, width and accents ('Alice', 'ａｌｉｃｅ' and 'alicé' are one name; emails compare lower-cased).`,
        '  Give all but one of each group a value of its own, for example:',
        '    UPDATE users SET username = \'…\', update_time = update_time WHERE id = …;',
      )
    }
  }
  if ((columns.get('password')?.maxLength ?? 0) > 100) {
    const [[row]] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT GROUP_CONCAT(id ORDER BY id SEPARATOR \', \') AS ids FROM users WHERE CHAR_LENGTH(`password`) > 100',
    )
    if (row?.ids) {
      problems.push(
        `- ids ${row.ids} hold a password longer than the 100 characters of the owner's table (a bcrypt hash has 60).`,
        '  Store a bcrypt hash of a new password for each (it can then be changed at /profile), for example:',
        '    UPDATE users SET password = \'$2b$10$…\', update_time = update_time WHERE id = …;',
      )
    }
  }
  if (problems.length) {
    throw new UpgradeBlockedError(['The users table cannot be upgraded as it is, so nothing was changed:', ...problems, 'Then start again.'].join('\n'))
  }
}
