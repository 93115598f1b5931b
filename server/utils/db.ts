import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2'
import mysql from 'mysql2/promise'
import * as schema from '../database/schema'

export const tables = schema

let pool: mysql.Pool | undefined
let database: MySql2Database<typeof schema> | undefined

/** The app's Drizzle database over the one mysql2 pool (`useDatabasePool`). */
export function useDB(): MySql2Database<typeof schema> {
  return (database ??= drizzle(useDatabasePool(), { schema, mode: 'default' }))
}

/**
 * The app's one mysql2 pool, created on first use. Sessions run in UTC so that DATETIME columns
 * hold UTC, and a dead server fails a query within seconds.
 */
export function useDatabasePool(): mysql.Pool {
  if (!pool) {
    pool = mysql.createPool({
      uri: useRuntimeConfig().databaseUrl,
      // Measured: 10 beats 4 and equals 20 with less memory (docs/benchmarks.md, "mysql2 pool size").
      connectionLimit: 10,
      maxIdle: 10,
      idleTimeout: 60_000,
      connectTimeout: 5000,
      enableKeepAlive: true,
      timezone: 'Z',
    })
    pool.on('connection', connection => connection.query('SET time_zone = \'+00:00\''))
  }
  return pool
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN',
  'ER_BAD_DB_ERROR', 'ER_ACCESS_DENIED_ERROR',
])

/** Whether `error` (or its cause) says the database cannot be reached, rather than a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
  }
  return false
}

/** Whether `error` (or its cause) is a duplicate-key error; answers the name of the key. */
export function duplicateKeyOf(error: unknown): string | null {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    const { code, sqlMessage } = current as { code?: unknown, sqlMessage?: unknown }
    if (code === 'ER_DUP_ENTRY' && typeof sqlMessage === 'string') {
      return /for key '(?:\w+\.)?(\w+)'/.exec(sqlMessage)?.[1] ?? ''
    }
  }
  return null
}
