import { randomBytes } from 'node:crypto'
import type mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { appliedMigrations, applyRelease1, connect, ownerDatabase, schemaOf, schemaOfFreshDatabase } from './databases'
import { spawnServer, startServer } from './server-process'
import { api, apiAt, expectFailure, JWT_SECRET, login, startApp } from './support'

const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/
/** The owner's columns that the upgrade must not touch (emails are lower-cased, the rest kept to the byte). */
const KEPT = 'id, username, mobile, gender, avatar, user_role, create_time, update_time'

async function rowsOf(connection: mysql.Connection) {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(`SELECT ${KEPT}, email, password FROM users ORDER BY id`)
  return rows
}

async function passwordOf(connection: mysql.Connection, id: number): Promise<string> {
  const [[row]] = await connection.query<mysql.RowDataPacket[]>('SELECT password FROM users WHERE id = ?', [id])
  return row!.password
}

describe('the product owner\'s database: users.sql with rows', async () => {
  // The owner's table exists, with its rows, before the server first starts on it.
  const databaseUrl = await ownerDatabase('owner')
  const owner = await connect(databaseUrl)
  const rowsBefore = await rowsOf(owner)

  await startApp({ NUXT_DATABASE_URL: databaseUrl })

  beforeAll(async () => {
    // Requests wait for the start-up migrations: once this answers, the schema is upgraded.
    expect((await api('/api/health')).status).toBe(200)
  })
  afterAll(() => owner.end())

  it('starts from the owner\'s eight rows', () => {
    expect(rowsBefore.map(row => row.username)).toEqual(['admin', 'xiaoming', '10086', 'li.lei', 'lilei', '韩梅梅', 'Li', 'ops'])
  })

  it('ends with the schema of a new database, table for table', async () => {
    expect(await schemaOf(databaseUrl)).toEqual(await schemaOfFreshDatabase())
  })

  it('keeps every row: ids, names, mobiles, roles, create_time and update_time to the byte, emails lower-cased', async () => {
    const rows = await rowsOf(owner)
    expect(rows.map(({ password: _, ...row }) => row)).toEqual(
      rowsBefore.map(({ password: _, ...row }) => ({ ...row, email: row.email?.toLowerCase() ?? null })),
    )
    expect(rows.find(row => row.id === 2)).toMatchObject({ email: 'xiaoming@example.com', update_time: '2025-06-01 12:00:00' })
  })

  it('leaves plain-text passwords alone until their owners log in', async () => {
    expect(await passwordOf(owner, 1)).toBe('admin123456')
    expect(await passwordOf(owner, 3)).toBe('legacy-pass')
  })

  it('gives every old row the service\'s columns: active, email not yet verified', async () => {
    const [rows] = await owner.query<mysql.RowDataPacket[]>('SELECT DISTINCT status, email_verified_at FROM users')
    expect(rows).toEqual([{ status: 'active', email_verified_at: null }])
  })

  it('seeds the built-in roles and gives every old row R_USER; R_SUPER stays the rows with user_role 0', async () => {
    const [roles] = await owner.query<mysql.RowDataPacket[]>('SELECT code, built_in FROM roles ORDER BY id')
    expect(roles).toEqual([{ code: 'R_SUPER', built_in: 1 }, { code: 'R_ADMIN', built_in: 1 }, { code: 'R_USER', built_in: 1 }])
    const [granted] = await owner.query<mysql.RowDataPacket[]>('SELECT p.permission FROM role_permissions p JOIN roles r ON r.id = p.role_id WHERE r.code = \'R_ADMIN\' ORDER BY p.permission')
    expect(granted.map(row => row.permission)).toEqual(['role:list', 'user:list', 'user:sessions', 'user:status'])
    const [held] = await owner.query<mysql.RowDataPacket[]>('SELECT ur.user_id, r.code FROM user_roles ur JOIN roles r ON r.id = ur.role_id ORDER BY ur.user_id')
    expect(held).toEqual(rowsBefore.map(row => ({ user_id: row.id, code: 'R_USER' })))
  })

  describe('the old rows log in', () => {
    it('as admin with a plain-text password, a super_admin, which is then re-hashed with bcrypt', async () => {
      const response = await login('admin', 'admin123456')
      expect(response.status).toBe(200)
      expect(response.body.data.user).toMatchObject({ id: 1, username: 'admin', role: 'super_admin', roles: ['R_SUPER', 'R_USER'], createdAt: '2025-01-01T08:00:00.000Z' })
      expect(response.body.data.user.permissions).toContain('role:manage')
      expect(JSON.stringify(response.body)).not.toContain('admin123456')
      const stored = await passwordOf(owner, 1)
      expect(stored).toMatch(BCRYPT)
      expect((await login('admin', 'admin123456')).status).toBe(200)
    })

    it('keeps update_time through the re-hash', async () => {
      const [[row]] = await owner.query<mysql.RowDataPacket[]>('SELECT update_time FROM users WHERE id = 1')
      expect(row!.update_time).toBe('2025-01-01 08:00:00')
    })

    it('refuses a wrong password and leaves the plain text as it was', async () => {
      expectFailure(await login('xiaoming', 'xiaoming-pass-wrong'), 401, 'INVALID_CREDENTIALS')
      expect(await passwordOf(owner, 2)).toBe('xiaoming-pass')
    })

    it('by the mixed-case email the owner stored, in any case', async () => {
      const response = await login('XIAOMING@example.COM', 'xiaoming-pass')
      expect(response.status).toBe(200)
      expect(response.body.data.user).toMatchObject({ id: 2, username: 'xiaoming', email: 'xiaoming@example.com', role: 'user', avatar: 'https://example.com/a.png' })
    })

    it('by an all-digit username the original table allowed', async () => {
      const response = await login('10086', 'legacy-pass')
      expect(response.status).toBe(200)
      expect(response.body.data.user).toMatchObject({ id: 3, username: '10086', mobile: null, email: 'legacy@example.com' })
    })

    it('by a two-character username, in any case', async () => {
      expect((await login('li', 'li-pass-2025')).body.data.user).toMatchObject({ id: 7, username: 'Li' })
    })

    it('each of two look-alike emails to its own account', async () => {
      expect((await login('li.lei@example.com', 'lilei-pass')).body.data.user.id).toBe(4)
      expect((await login('lilei@example.com', 'lilei-pass-2')).body.data.user.id).toBe(5)
    })

    it('by a Chinese username and by a mobile with its +', async () => {
      expect((await login('韩梅梅', 'hanmeimei-pass')).body.data.user.id).toBe(6)
      expect((await login('+8613900000000', 'hanmeimei-pass')).body.data.user.id).toBe(6)
    })

    it('with a bcrypt hash the owner already stored', async () => {
      expect((await login('ops', 'ops-password-2025')).body.data.user).toMatchObject({ id: 9, role: 'super_admin' })
    })
  })

  it('registers a new account after the owner\'s highest id', async () => {
    const response = await api('/api/auth/register', { body: { username: 'newcomer', password: 'correct horse battery staple' } })
    expect(response.status).toBe(201)
    expect(response.body.data.user.id).toBe(10)
  })

  it('restarts on the upgraded database: nothing to migrate, same schema, the same accounts log in', async () => {
    const schema = await schemaOf(databaseUrl)
    const applied = await appliedMigrations(databaseUrl)
    const server = await startServer({ NUXT_DATABASE_URL: databaseUrl })
    try {
      expect((await apiAt(`${server.url}/api/auth/login`, { body: { username: 'xiaoming', password: 'xiaoming-pass' } })).status).toBe(200)
      expect(await schemaOf(databaseUrl)).toEqual(schema)
      expect(await appliedMigrations(databaseUrl)).toEqual(applied)
    }
    finally {
      await server.stop()
    }
  })
})

describe('the owner\'s database after release 1 failed to start on it', () => {
  it('is upgraded like the untouched one: same schema, every row, the owner\'s accounts log in', async () => {
    const databaseUrl = await ownerDatabase('owner_stopped')
    const connection = await connect(databaseUrl)
    const rowsBefore = await rowsOf(connection)
    // Release 1 stopped inside its 0001: an int reference to the bigint id is refused.
    await expect(applyRelease1(databaseUrl)).rejects.toThrow(/sessions_user_id_users_id_fk/)
    expect(await release1Leftovers(connection)).toEqual(['refresh_tokens', 'sessions', 'status'])

    const server = await startServer({ NUXT_DATABASE_URL: databaseUrl })
    try {
      expect(await schemaOf(databaseUrl)).toEqual(await schemaOfFreshDatabase())
      expect((await rowsOf(connection)).map(({ password: _, email: __, ...row }) => row))
        .toEqual(rowsBefore.map(({ password: _, email: __, ...row }) => row))
      const response = await apiAt(`${server.url}/api/auth/login`, { body: { username: 'admin', password: 'admin123456' } })
      expect(response.body.data.user).toMatchObject({ id: 1, role: 'super_admin' })
    }
    finally {
      await server.stop()
      await connection.end()
    }
  })

  it('refuses to take back tables that hold rows, and changes nothing', async () => {
    const databaseUrl = await ownerDatabase('owner_stopped_rows')
    await applyRelease1(databaseUrl).catch(() => {})
    const connection = await connect(databaseUrl)
    await connection.query('INSERT INTO sessions (id, user_id, expires_at) VALUES (\'written-by-someone-else1\', 1, \'2030-01-01\')')
    const schema = await schemaOf(databaseUrl)
    const server = await spawnServer({ NUXT_JWT_SECRET: JWT_SECRET, NUXT_DATABASE_URL: databaseUrl })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('The table sessions has rows although its migration (drizzle/0001) never finished')
    expect(await schemaOf(databaseUrl)).toEqual(schema)
    await connection.end()
  })
})

describe('the owner\'s database, reached with the privileges a hosted MySQL gives: all on that database, nothing else', () => {
  it('is upgraded and served all the same', async () => {
    const databaseUrl = new URL(await ownerDatabase('owner_hosted'))
    const user = `cw_${randomBytes(4).toString('hex')}`
    const password = randomBytes(12).toString('hex')
    const root = await connect(inject('serverUrl'))
    await root.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'; GRANT ALL ON \`${databaseUrl.pathname.slice(1)}\`.* TO '${user}'@'%'`)
    Object.assign(databaseUrl, { username: user, password })
    const server = await startServer({ NUXT_DATABASE_URL: databaseUrl.toString() })
    try {
      const response = await apiAt(`${server.url}/api/auth/login`, { body: { username: 'admin', password: 'admin123456' } })
      expect(response.body.data.user).toMatchObject({ id: 1, role: 'super_admin' })
      expect(await schemaOf(databaseUrl.toString())).toEqual(await schemaOfFreshDatabase())
    }
    finally {
      await server.stop()
      await root.query(`DROP USER '${user}'@'%'`)
      await root.end()
    }
  })
})

/** What release 1's stopped start left: its tables, and a column it added to users. */
async function release1Leftovers(connection: mysql.Connection): Promise<string[]> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('sessions', 'refresh_tokens')
     UNION ALL SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'status'`,
  )
  return rows.map(row => row.name).sort()
}
