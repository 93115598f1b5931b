import { sql } from 'drizzle-orm'
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2'
import mysql from 'mysql2/promise'
import { sharedSettings } from '../config/settings'
import * as schema from './schema'

export const tables = schema

export type Database = MySql2Database<typeof schema>
/** The handle a `useDB().transaction(…)` callback gets: queries on it run in the transaction. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
/** Where a write may run: the app's database, or an open transaction on it. */
export type Executor = Database | Transaction

/**
 * An update value of `users` that keeps `update_time` as it was (the owner's column moves ON
 * UPDATE): for bookkeeping that is no change of the account (a re-hash, the online flag).
 */
export const KEEP_UPDATE_TIME = { updateTime: sql`update_time` } as const

/** Room for the statements `serverPrepared` makes on each pool connection (one today). */
const PREPARED_STATEMENTS_PER_CONNECTION = 16

/**
 * mysql2's cache of compiled row parsers, one per distinct result shape, is one LRU for the whole
 * process, sized for 15,000 with its arrays allocated up front (0.5 MB). The app's queries have a
 * few hundred shapes at most.
 */
const ROW_PARSERS_CACHED = 1000

let pool: mysql.Pool | undefined
let database: Database | undefined

/** The app's Drizzle database over the one mysql2 pool (`useDatabasePool`). */
export function useDB(): Database {
  return (database ??= drizzle(useDatabasePool(), { schema, mode: 'default' }))
}

/**
 * The app's one mysql2 pool, created on first use. Sessions run in UTC so that DATETIME columns
 * hold UTC, and a dead server fails a query within seconds. GROUP_CONCAT may answer 1 MiB (MySQL 8
 * cuts it at 1 KiB by default, MariaDB at 1 MiB): an account's roles and permissions are one.
 */
export function useDatabasePool(): mysql.Pool {
  if (!pool) {
    mysql.setMaxParserCache(ROW_PARSERS_CACHED)
    pool = mysql.createPool({
      uri: sharedSettings().databaseUrl,
      // Measured: 10 beats 4 and equals 20 with less memory (docs/benchmarks.md, "mysql2 pool size").
      connectionLimit: 10,
      maxIdle: 10,
      idleTimeout: 60_000,
      connectTimeout: 5000,
      enableKeepAlive: true,
      timezone: 'Z',
      // mysql2 captures a stack trace for every query so that a failed one shows its caller: 4%
      // of a session check's CPU (docs/benchmarks.md). Kept in development only.
      trace: Boolean(import.meta.dev),
      // mysql2 keeps each connection's prepared statements in an LRU sized for 16,000 of them,
      // whose arrays it allocates up front: 0.5 MB a connection, 5 MB for the pool. The app
      // prepares one statement (the session check's, `server-prepared.ts`).
      maxPreparedStatements: PREPARED_STATEMENTS_PER_CONNECTION,
    })
    pool.on('connection', connection => connection.query('SET time_zone = \'+00:00\', group_concat_max_len = 1048576'))
  }
  return pool
}

/** Closes the pool (a command-line script that is done); the next `useDB()` opens a new one. */
export async function closeDatabase(): Promise<void> {
  const closing = pool
  pool = undefined
  database = undefined
  await closing?.end()
}
