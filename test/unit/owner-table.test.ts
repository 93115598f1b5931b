import { existsSync, readFileSync } from 'node:fs'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { describe, expect, it } from 'vitest'
import { partsOf } from '../../server/database/release-1'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')
const SHARED = new URL('../../../shared/users.sql', import.meta.url)
const OWNER = read('../../drizzle/owner-users.sql')
const [first] = readMigrationFiles({ migrationsFolder: new URL('../../drizzle', import.meta.url).pathname })

/** A statement without its comment lines. */
const statementOf = (sql: string) => sql.split('\n').filter(line => !line.startsWith('--')).join('\n').trim()

describe('the product owner\'s users table', () => {
  it.skipIf(!existsSync(SHARED))('is kept in drizzle/owner-users.sql byte for byte as ../shared/users.sql has it', () => {
    expect(OWNER).toBe(readFileSync(SHARED, 'utf8'))
  })

  it('is what the first migration creates, but for IF NOT EXISTS', () => {
    expect(statementOf(first!.sql.join('\n'))).toBe(statementOf(OWNER).replace('CREATE TABLE `users`', 'CREATE TABLE IF NOT EXISTS `users`'))
  })

  it('is read into its eleven column definitions and its table options', () => {
    const { columns, tableOptions } = partsOf(OWNER)
    expect(columns.map(column => /^`(\w+)`/.exec(column)![1])).toEqual([
      'id', 'username', 'password', 'mobile', 'email', 'gender', 'avatar', 'user_role', 'online_status', 'create_time', 'update_time',
    ])
    expect(columns[0]).toBe('`id` bigint NOT NULL AUTO_INCREMENT COMMENT \'用户唯一标识ID\'')
    expect(tableOptions).toBe('ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT=\'用户信息表\'')
  })
})
