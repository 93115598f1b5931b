import { randomBytes } from 'node:crypto'
import type mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, ownerDatabase } from './databases'
import { startServer, type ServerProcess } from './server-process'
import { apiAt, expectFailure, GOOD_PASSWORD } from './support'

/*
 * Attack: register a name that looks like a taken one (shared/API.md, "Field rules"): `аdmin`
 * with a Cyrillic а, `ΑDMIN` with a Greek capital Alpha, `ａdmin` in full width. Each is a
 * different string to the column's collation, so each registered beside `admin` on main.
 */

/** A suffix of lower-case letters only, so that the look-alikes differ from the name only where the test says. */
const suffix = [...randomBytes(6)].map(byte => String.fromCharCode(97 + (byte % 26))).join('')

/**
 * The owner's table with two look-alikes of one another already in it, before the server ever
 * started on it (rows the owner inserted by hand: the DDL's columns alone, plain-text passwords).
 */
const LEGACY_PAIR = 'INSERT INTO `users` (`id`, `username`, `password`) VALUES (1, \'pаypal\', \'legacy-pass-one\'), (2, \'paypal\', \'legacy-pass-two\');'

describe('look-alike usernames count as taken', async () => {
  const databaseUrl = await ownerDatabase('confusables', LEGACY_PAIR)
  let server: ServerProcess
  let connection: mysql.Connection
  const register = (username: string) => apiAt(`${server.url}/api/auth/register`, { body: { username, password: GOOD_PASSWORD } })
  const login = (username: string, password: string) => apiAt(`${server.url}/api/auth/login`, { body: { username, password } })

  beforeAll(async () => {
    server = await startServer({ NUXT_DATABASE_URL: databaseUrl })
    connection = await connect(databaseUrl)
  })
  afterAll(async () => {
    await connection?.end()
    await server?.stop()
  })

  it('refuses аdmin (Cyrillic а), ΑDMIN (Greek Α), ａdmin (full width) and Admin beside admin', async () => {
    expect((await register(`admin_${suffix}`)).status).toBe(201)
    for (const lookAlike of [`аdmin_${suffix}`, `ΑDMIN_${suffix}`, `ａdmin_${suffix}`, `Admin_${suffix}`, `аdmіn_${suffix}`]) {
      expectFailure(await register(lookAlike), 409, 'USERNAME_ALREADY_EXISTS')
    }
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT username FROM users WHERE username LIKE ?', [`%_${suffix}`])
    expect(rows.map(row => row.username)).toEqual([`admin_${suffix}`])
  })

  it('refuses the look-alike first and the plain name after it just the same', async () => {
    expect((await register(`pаssword_${suffix}`)).status).toBe(201)
    expectFailure(await register(`password_${suffix}`), 409, 'USERNAME_ALREADY_EXISTS')
  })

  it('still lets a name that only resembles a taken one in spelling register', async () => {
    expect((await register(`bdmin_${suffix}`)).status).toBe(201)
    expect((await register(`admins_${suffix}`)).status).toBe(201)
  })

  it('a row inserted by hand with the DDL\'s columns alone blocks its look-alike and still logs in', async () => {
    await connection.query('INSERT INTO `users` (`username`, `password`) VALUES (?, ?)', [`hand_${suffix}`, 'hand-pass-2025'])
    expectFailure(await register(`hаnd_${suffix}`), 409, 'USERNAME_ALREADY_EXISTS')
    expect((await login(`hand_${suffix}`, 'hand-pass-2025')).status).toBe(200)
  })

  it('reports a legacy pair of look-alikes at start-up, never fatal, and both still log in', async () => {
    expect(server.output()).toMatch(/look-alike usernames[^\n]*ids 1, 2/)
    expect((await login('pаypal', 'legacy-pass-one')).body.data.user).toMatchObject({ id: 1, username: 'pаypal' })
    expect((await login('paypal', 'legacy-pass-two')).body.data.user).toMatchObject({ id: 2, username: 'paypal' })
  })

  it('and a third look-alike of that pair is refused', async () => {
    expectFailure(await register('paypаl'), 409, 'USERNAME_ALREADY_EXISTS')
  })
})
