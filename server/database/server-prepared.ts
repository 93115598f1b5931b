import { Column, fillPlaceholders, getTableColumns, is, SQL, Table } from 'drizzle-orm'
import type { ExecuteValues, ResultSetHeader, RowDataPacket } from 'mysql2'
import { useDatabasePool } from './db'

/** What a select picks: columns, whole tables and SQL expressions, by the names its rows answer them under. */
export type Selection = Record<string, Column | Table | SQL>

/** A select whose SQL text and parameters were fixed once (`serverPrepared`). */
export interface ServerPreparedSelect<Row> {
  execute: (placeholders: Record<string, unknown>) => Promise<Row[]>
}

/** A query Drizzle has built, or can build: its SQL text and parameters (placeholders among them). */
interface Buildable {
  toSQL: () => { sql: string, params: unknown[] }
}

/** The SQL text and parameters of the query `build` answers, built on the first call only. */
function builtOnce(build: () => Buildable): () => { sql: string, params: unknown[] } {
  let query: { sql: string, params: unknown[] } | undefined
  return () => (query ??= build().toSQL())
}

/**
 * Runs a Drizzle select of `selection` (`db.select(selection)…`, written with
 * `sql.placeholder(…)` for what varies, built by `build` when first run) as a prepared statement
 * on the database server, mysql2's `execute`: each pool connection sends its text once and then
 * only the parameters, and rows come back in the binary protocol. Drizzle's own `.prepare()`
 * keeps the text on the client and sends the whole statement every time, for the server to parse
 * again; for the query behind every request that is a third more CPU on each side
 * (docs/benchmarks.md, "Issue 16, third round"). Rows answer as the select's own would; an SQL
 * expression answers the driver's value (text for text: dates come as text).
 */
export function serverPrepared<Row>(selection: Selection, build: () => Buildable & { execute: () => Promise<Row[]> }): ServerPreparedSelect<Row> {
  const readRow = rowReader(selection)
  const query = builtOnce(build)
  return {
    async execute(placeholders) {
      const { sql, params } = query()
      // Dates as text, as Drizzle's own driver asks for them: its columns turn them into `Date`s.
      const [rows] = await useDatabasePool().execute<RowDataPacket[]>({ sql, rowsAsArray: true, dateStrings: true }, fillPlaceholders(params, placeholders) as ExecuteValues[])
      return rows.map(row => readRow(row as unknown as unknown[]) as Row)
    },
  }
}

/** An insert, update or delete whose SQL text was fixed once (`serverPreparedWrite`). */
export interface ServerPreparedWrite {
  execute: (placeholders: Record<string, unknown>) => Promise<ResultSetHeader>
}

/**
 * `serverPrepared` for a write: a Drizzle insert, update or delete, written with
 * `sql.placeholder(…)` for what varies, built by `build` when first run and then sent as a
 * prepared statement. For the statements of every login (the lock's count, the session, the last
 * login, the refresh token): docs/benchmarks.md, "twelfth round". Placeholder values reach mysql2
 * as they are, not through the columns' mapping: dates as `Date`s (written in UTC, the pool's
 * time zone), booleans, numbers, strings and nulls.
 */
export function serverPreparedWrite(build: () => Buildable): ServerPreparedWrite {
  const query = builtOnce(build)
  return {
    async execute(placeholders) {
      const { sql, params } = query()
      const [result] = await useDatabasePool().execute<ResultSetHeader>(sql, fillPlaceholders(params, placeholders) as ExecuteValues[])
      return result
    },
  }
}

/**
 * Reads a row array (the selected columns in the select's order: a table's columns in their
 * declared order) into the selection's shape, each value as its column maps it from the driver
 * (an SQL expression's as the driver gives it).
 */
function rowReader(selection: Selection): (row: unknown[]) => Record<string, unknown> {
  const fields: { name: string, table?: string, column?: Column }[] = []
  for (const [name, picked] of Object.entries(selection)) {
    if (is(picked, Column)) fields.push({ name, column: picked })
    else if (is(picked, Table)) {
      for (const [columnName, column] of Object.entries(getTableColumns(picked))) fields.push({ table: name, name: columnName, column })
    }
    else if (is(picked, SQL)) fields.push({ name })
    else throw new TypeError(`serverPrepared: "${name}" is neither a column, a table nor an SQL expression`)
  }
  return (row) => {
    const result: Record<string, unknown> = {}
    fields.forEach(({ name, table, column }, index) => {
      const value = row[index] === null || !column ? row[index] : column.mapFromDriverValue(row[index])
      if (table) ((result[table] ??= {}) as Record<string, unknown>)[name] = value
      else result[name] = value
    })
    return result
  }
}
