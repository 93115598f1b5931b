import { Column, fillPlaceholders, getTableColumns, is, Table } from 'drizzle-orm'
import type { ExecuteValues, RowDataPacket } from 'mysql2'
import { useDatabasePool } from './db'

/** What a select picks: columns and whole tables, by the names its rows answer them under. */
export type Selection = Record<string, Column | Table>

/** A select whose SQL text and parameters were fixed once (`serverPrepared`). */
export interface ServerPreparedSelect<Row> {
  execute: (placeholders: Record<string, unknown>) => Promise<Row[]>
}

/**
 * Runs a Drizzle select of `selection` (`db.select(selection)…`, written with
 * `sql.placeholder(…)` for what varies) as a prepared statement on the database server, mysql2's
 * `execute`: each pool connection sends its text once and then only the parameters, and rows come
 * back in the binary protocol. Drizzle's own `.prepare()` keeps the text on the client and sends
 * the whole statement every time, for the server to parse again; for the query behind every
 * request that is a third more CPU on each side (docs/benchmarks.md, "Issue 16, third round").
 * Rows answer as the select's own would.
 */
export function serverPrepared<Row>(selection: Selection, select: { toSQL: () => { sql: string, params: unknown[] }, execute: () => Promise<Row[]> }): ServerPreparedSelect<Row> {
  const { sql, params } = select.toSQL()
  const readRow = rowReader(selection)
  return {
    async execute(placeholders) {
      // Dates as text, as Drizzle's own driver asks for them: its columns turn them into `Date`s.
      const [rows] = await useDatabasePool().execute<RowDataPacket[]>({ sql, rowsAsArray: true, dateStrings: true }, fillPlaceholders(params, placeholders) as ExecuteValues[])
      return rows.map(row => readRow(row as unknown as unknown[]) as Row)
    },
  }
}

/**
 * Reads a row array (the selected columns in the select's order: a table's columns in their
 * declared order) into the selection's shape, each value as its column maps it from the driver.
 */
function rowReader(selection: Selection): (row: unknown[]) => Record<string, unknown> {
  const fields: { name: string, table?: string, column: Column }[] = []
  for (const [name, picked] of Object.entries(selection)) {
    if (is(picked, Column)) fields.push({ name, column: picked })
    else if (is(picked, Table)) {
      for (const [columnName, column] of Object.entries(getTableColumns(picked))) fields.push({ table: name, name: columnName, column })
    }
    else throw new TypeError(`serverPrepared: "${name}" is neither a column nor a table`)
  }
  return (row) => {
    const result: Record<string, unknown> = {}
    fields.forEach(({ name, table, column }, index) => {
      const value = row[index] === null ? null : column.mapFromDriverValue(row[index])
      if (table) ((result[table] ??= {}) as Record<string, unknown>)[name] = value
      else result[name] = value
    })
    return result
  }
}
