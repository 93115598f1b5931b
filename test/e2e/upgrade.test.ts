import { readFileSync } from 'node:fs'
import mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { api, expectFailure, login, startApp } from './support'

const ORIGINAL_COLUMNS = [
  'id', 'username', 'password', 'mobile', 'email', 'gender', 'avatar', 'user_role', 'online_status', 'create_time', 'update_time',
]
const ORIGINAL_FIXTURE = readFileSync(new URL('../fixtures/original-users.sql', import.meta.url), 'utf8')
const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/

const legacyName = `${new URL(inject('databaseUrl')).pathname.slice(1)}_legacy`
const legacyUrl = `${inject('serverUrl')}/${legacyName}`

async function columnsOf(connection: mysql.Connection, names: string[]) {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT,
            CHARACTER_SET_NAME, COLLATION_NAME
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'users' AND COLUMN_NAME IN (?)
      ORDER BY ORDINAL_POSITION`,
    [legacyName, names],
  )
  return rows
}

async function uniqueKeysOf(connection: mysql.Connection) {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns_
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'users' AND NON_UNIQUE = 0
      GROUP BY INDEX_NAME ORDER BY INDEX_NAME`,
    [legacyName],
  )
  return rows
}

async function originalRows(connection: mysql.Connection) {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT ${ORIGINAL_COLUMNS.filter(name => name !== 'password' && name !== 'update_time').join(', ')} FROM users ORDER BY id`,
  )
  return rows
}

async function passwordOf(connection: mysql.Connection, username: string): Promise<string> {
  const [[row]] = await connection.query<mysql.RowDataPacket[]>('SELECT password FROM users WHERE username = ?', [username])
  return row!.password
}

describe('upgrading a database made from the original DDL', async () => {
  // The legacy database exists, with its rows, before the server first starts on it.
  const legacy = await mysql.createConnection({ uri: inject('serverUrl'), multipleStatements: true, dateStrings: true })
  await legacy.query(`CREATE DATABASE \`${legacyName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await legacy.changeUser({ database: legacyName })
  await legacy.query(ORIGINAL_FIXTURE)
  const columnsBefore = await columnsOf(legacy, ORIGINAL_COLUMNS)
  const uniqueKeysBefore = await uniqueKeysOf(legacy)
  const rowsBefore = await originalRows(legacy)

  await startApp({ NUXT_DATABASE_URL: legacyUrl })

  beforeAll(async () => {
    // Requests wait for the start-up migrations: once this answers, the schema is upgraded.
    expect((await api('/api/health')).status).toBe(200)
  })
  afterAll(() => legacy.end())

  it('starts from the fixture: three rows and the 11 original columns', () => {
    expect(rowsBefore.map(row => row.username)).toEqual(['admin', 'xiaoming', '10086'])
    expect(columnsBefore.map(column => column.COLUMN_NAME)).toEqual(ORIGINAL_COLUMNS)
  })

  it('keeps the original rows with the same ids, names, mobiles, emails, gender, role and create_time', async () => {
    const rows = await originalRows(legacy)
    expect(rows).toEqual(rowsBefore.map(row => ({ ...row, email: row.email.toLowerCase() })))
    expect(rows).toEqual([
      expect.objectContaining({ id: 1, username: 'admin', mobile: '13800000000', email: 'admin@example.com', gender: 0, user_role: 0, create_time: '2025-01-01 08:00:00' }),
      expect.objectContaining({ id: 2, username: 'xiaoming', mobile: '13800138000', email: 'xm@example.com', gender: 1, user_role: 1, create_time: '2025-02-01 09:30:00' }),
      expect.objectContaining({ id: 3, username: '10086', mobile: null, email: 'legacy@example.com', gender: 2, user_role: 1, create_time: '2025-03-01 10:00:00' }),
    ])
  })

  it('lower-cases a legacy email without touching update_time', async () => {
    const [[row]] = await legacy.query<mysql.RowDataPacket[]>('SELECT email, update_time, create_time FROM users WHERE id = 3')
    expect(row).toMatchObject({ email: 'legacy@example.com', update_time: '2025-03-01 10:00:00' })
  })

  it('keeps every original column with its type, nullability, default, comment and position', async () => {
    const columnsAfter = await columnsOf(legacy, ORIGINAL_COLUMNS)
    expect(columnsAfter).toHaveLength(11)
    expect(columnsAfter).toEqual(columnsBefore)
  })

  it('keeps the original unique keys', async () => {
    const after = await uniqueKeysOf(legacy)
    expect(after).toEqual(expect.arrayContaining(uniqueKeysBefore))
    expect(uniqueKeysBefore.map(key => `${key.INDEX_NAME}:${key.columns_}`).sort()).toEqual(['PRIMARY:id', 'email:email', 'mobile:mobile', 'username:username'])
  })

  it('adds the new columns to users', async () => {
    const added = await columnsOf(legacy, ['status', 'email_verified_at', 'last_login_at', 'last_login_ip'])
    expect(added.map(column => column.COLUMN_NAME).sort()).toEqual(['email_verified_at', 'last_login_at', 'last_login_ip', 'status'])
    const [[row]] = await legacy.query<mysql.RowDataPacket[]>('SELECT status FROM users WHERE id = 1')
    expect(row!.status).toBe('active')
  })

  it('creates the sessions table', async () => {
    const [tables] = await legacy.query<mysql.RowDataPacket[]>(
      'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = \'sessions\'',
      [legacyName],
    )
    expect(tables).toHaveLength(1)
  })

  describe('a plain-text password of the original table', () => {
    it('is still plain text before the first login', async () => {
      expect(await passwordOf(legacy, 'admin')).toBe('admin123456')
    })

    it('logs in once as admin, a super_admin', async () => {
      const response = await login('admin', 'admin123456')
      expect(response.status).toBe(200)
      expect(response.body.data.user).toMatchObject({ id: 1, username: 'admin', role: 'super_admin', email: 'admin@example.com', createdAt: '2025-01-01T08:00:00.000Z' })
      expect(JSON.stringify(response.body)).not.toContain('admin123456')
    })

    it('is re-hashed with bcrypt on that login', async () => {
      const stored = await passwordOf(legacy, 'admin')
      expect(stored).toMatch(BCRYPT)
      expect(stored).not.toContain('admin123456')
    })

    it('logs in again with the same password, now checked against bcrypt', async () => {
      const response = await login('admin', 'admin123456')
      expect(response.status).toBe(200)
      expect(response.body.data.user.id).toBe(1)
      expect((await api('/api/auth/me', { token: response.body.data.token })).body.data.user.role).toBe('super_admin')
    })

    it('refuses a wrong password: 401 INVALID_CREDENTIALS', async () => {
      expectFailure(await login('admin', 'admin1234567'), 401, 'INVALID_CREDENTIALS')
      expectFailure(await login('xiaoming', 'xiaoming-pass-wrong'), 401, 'INVALID_CREDENTIALS')
    })

    it('leaves a plain-text password alone after a wrong try', async () => {
      expect(await passwordOf(legacy, 'xiaoming')).toBe('xiaoming-pass')
    })

    it('logs xiaoming in by mobile as a user', async () => {
      const response = await login('13800138000', 'xiaoming-pass')
      expect(response.status).toBe(200)
      expect(response.body.data.user).toMatchObject({ id: 2, username: 'xiaoming', role: 'user', gender: 1 })
      expect(await passwordOf(legacy, 'xiaoming')).toMatch(BCRYPT)
    })

    it('logs in an all-digit username the original table allowed, by that name', async () => {
      const response = await login('10086', 'legacy-pass')
      expect(response.status).toBe(200)
      expect(response.body.data.user).toMatchObject({ id: 3, username: '10086', email: 'legacy@example.com' })
    })

    it('keeps create_time through the logins', async () => {
      expect(await originalRows(legacy)).toEqual([
        { ...rowsBefore[0], online_status: 1 },
        { ...rowsBefore[1], online_status: 1 },
        { ...rowsBefore[2], email: 'legacy@example.com', online_status: 1 },
      ])
    })
  })
})
