/** What mysql2 puts on a failed query (drizzle wraps it as the `cause` of its own error). */
interface MysqlErrorFields {
  code?: unknown
  sqlMessage?: unknown
  cause?: unknown
}

/**
 * The MySQL (or socket) error behind `error`: the first error along its `cause` chain whose
 * `code` passes `test`. Drizzle wraps the driver's error, so the code may be a level or two down.
 */
function findMysqlError(error: unknown, test: (code: string) => boolean): MysqlErrorFields | undefined {
  for (let current = error as MysqlErrorFields | undefined; current; current = current.cause as MysqlErrorFields | undefined) {
    if (typeof current.code === 'string' && test(current.code)) return current
  }
  return undefined
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN',
  'ER_BAD_DB_ERROR', 'ER_ACCESS_DENIED_ERROR',
])

/** Whether `error` (or its cause) says the database cannot be reached, rather than a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return findMysqlError(error, code => UNAVAILABLE_CODES.has(code)) !== undefined
}

/** Whether `error` (or its cause) is a deadlock: the transaction was rolled back and may be tried again. */
export function isDeadlock(error: unknown): boolean {
  return findMysqlError(error, code => code === 'ER_LOCK_DEADLOCK') !== undefined
}

/** Whether `error` (or its cause) is a duplicate-key error; answers the name of the key ('' when unnamed), else null. */
export function duplicateKeyOf(error: unknown): string | null {
  const found = findMysqlError(error, code => code === 'ER_DUP_ENTRY')
  if (!found) return null
  const message = typeof found.sqlMessage === 'string' ? found.sqlMessage : ''
  return /for key '(?:\w+\.)?(\w+)'/.exec(message)?.[1] ?? ''
}

/** Whether `error` (or its cause) refuses to delete or change a row that a foreign key still refers to. */
export function isReferencedRow(error: unknown): boolean {
  return findMysqlError(error, code => code === 'ER_ROW_IS_REFERENCED_2' || code === 'ER_ROW_IS_REFERENCED') !== undefined
}

/** Whether `error` (or its cause) refuses a row whose foreign key refers to no row (a parent deleted meanwhile). */
export function isMissingParentRow(error: unknown): boolean {
  return findMysqlError(error, code => code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_NO_REFERENCED_ROW') !== undefined
}
