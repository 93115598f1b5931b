import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'

/** The MySQL server the bench makes its databases on: `BENCH_MYSQL_URL`, else the tests' `TEST_MYSQL_URL`, else the local one. */
const BENCH_MYSQL_URL = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'

/**
 * Runs `work` on a new, empty database (`<prefix>_<8 hex digits>`, in the app's character set),
 * given its URL and a connection to the server, and drops the database afterwards: when `work`
 * ends, fails, or the run is stopped with Ctrl-C.
 */
export async function withBenchDatabase<T>(prefix: string, work: (databaseUrl: string, admin: mysql.Connection) => Promise<T>): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  const admin = await mysql.createConnection(BENCH_MYSQL_URL)
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  const drop = () => admin.query(`DROP DATABASE IF EXISTS \`${name}\``).then(() => admin.end())
  const interrupted = () => void drop().finally(() => process.exit(130))
  process.once('SIGINT', interrupted)
  try {
    return await work(`${BENCH_MYSQL_URL}/${name}`, admin)
  }
  finally {
    process.off('SIGINT', interrupted)
    await drop()
  }
}

/** The process id of the local MariaDB (or MySQL) server, whose CPU time the CPU tools count. */
export function databaseServerPid(): number {
  return Number(execFileSync('pgrep', ['-o', '-x', 'mariadbd|mysqld'], { encoding: 'utf8' }).trim())
}
