import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import type { TestProject } from 'vitest/node'

/** MySQL server the tests use; each run gets a fresh database on it, dropped at the end. */
const SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    serverUrl: string
  }
}

/**
 * Builds the app once for every e2e file (set `TEST_SKIP_BUILD=1` to reuse `.output`) and
 * creates the run's database; the server applies the migrations itself at start-up.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_SKIP_BUILD !== '1') {
    execFileSync('npx', ['nuxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  }
  const name = `cw_test_${Date.now()}_${randomBytes(3).toString('hex')}`
  const connection = await mysql.createConnection(SERVER_URL)
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  project.provide('databaseUrl', `${SERVER_URL}/${name}`)
  project.provide('serverUrl', SERVER_URL)

  return async () => {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SHOW DATABASES LIKE ?', [`${name}%`])
    for (const row of rows) await connection.query(`DROP DATABASE \`${Object.values(row)[0]}\``)
    await connection.end()
  }
}
