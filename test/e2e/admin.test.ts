import { randomBytes } from 'node:crypto'
import { decodeJwt, SignJWT } from 'jose'
import type mysql from 'mysql2/promise'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  api, db, expectFailure, GOOD_PASSWORD, JWT_SECRET, login, registerUser, startApp, uniqueMobile, userRow,
} from './support'

type Account = Awaited<ReturnType<typeof registerUser>>

function listUsers(token: string | undefined, query: Record<string, string | number> | string = {}) {
  const search = typeof query === 'string' ? query : new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString()
  return api(`/api/admin/users${search ? `?${search}` : ''}`, { token })
}

function patchUser(token: string | undefined, id: number | string, body: unknown, headers: Record<string, string> = {}) {
  return api(`/api/admin/users/${id}`, { method: 'PATCH', body, token, headers })
}

async function query<T = mysql.RowDataPacket[]>(sql: string, values: unknown[] = []): Promise<T> {
  const [rows] = await (await db()).query(sql, values)
  return rows as T
}

/** A fresh account made a super admin in the database, signed in again (its token says super_admin). */
async function registerAdmin(): Promise<Account> {
  const account = await registerUser()
  await query('UPDATE users SET user_role = 0 WHERE id = ?', [account.user.id])
  const { body } = await login(account.username, account.password)
  return { ...account, ...body.data }
}

/** Makes `ids` the only active super admins of the database. */
async function onlyAdmins(...ids: number[]): Promise<void> {
  await query('UPDATE users SET user_role = 1 WHERE user_role = 0 AND id NOT IN (?)', [ids])
  await query('UPDATE users SET user_role = 0, status = \'active\' WHERE id IN (?)', [ids])
}

async function activeSuperAdmins(): Promise<number[]> {
  const rows = await query('SELECT id FROM users WHERE user_role = 0 AND status = \'active\' ORDER BY id')
  return rows.map(row => row.id)
}

/** Rows inserted straight into `users` (legacy-like data the API would refuse); answers their ids in order. */
async function insertUsers(rows: { username: string, email?: string | null, mobile?: string | null, userRole?: number | null, status?: string }[]): Promise<number[]> {
  const ids: number[] = []
  for (const row of rows) {
    const result = await query<mysql.ResultSetHeader>(
      'INSERT INTO users (username, password, email, mobile, user_role, status) VALUES (?, ?, ?, ?, ?, ?)',
      [row.username, 'not-a-real-hash', row.email ?? null, row.mobile ?? null, row.userRole === undefined ? 1 : row.userRole, row.status ?? 'active'],
    )
    ids.push(result.insertId)
  }
  return ids
}

function usernames(response: { body: any }): string[] {
  return response.body.data.records.map((record: any) => record.username)
}

describe('administration', async () => {
  await startApp({ NUXT_SESSION_SWEEP_SECONDS: '1' })
  let admin: Account

  beforeAll(async () => {
    admin = await registerAdmin()
  })

  describe('who may', () => {
    let user: Account

    it('answers 401 UNAUTHORIZED without a session, before looking at the input', async () => {
      user = await registerUser()
      expectFailure(await listUsers(undefined), 401, 'UNAUTHORIZED')
      expectFailure(await listUsers(undefined, { pageSize: 0 }), 401, 'UNAUTHORIZED')
      expectFailure(await patchUser(undefined, user.user.id, { status: 'disabled' }), 401, 'UNAUTHORIZED')
      expectFailure(await listUsers('not-a-token'), 401, 'UNAUTHORIZED')
      expect((await userRow(user.user.id)).status).toBe('active')
    })

    it('answers 403 FORBIDDEN to a signed-in user who is no super admin, whatever the input', async () => {
      expectFailure(await listUsers(user.token), 403, 'FORBIDDEN')
      expectFailure(await listUsers(user.token, { pageSize: 0 }), 403, 'FORBIDDEN')
      expectFailure(await patchUser(user.token, user.user.id, { role: 'super_admin' }), 403, 'FORBIDDEN')
      expectFailure(await patchUser(user.token, admin.user.id, { status: 'disabled' }), 403, 'FORBIDDEN')
      expect((await userRow(user.user.id)).user_role).toBe(1)
      expect((await userRow(admin.user.id)).status).toBe('active')
    })

    it('trusts the database, not the token: a token re-signed with role super_admin is still refused', async () => {
      const claims = decodeJwt(user.token)
      const forged = await new SignJWT({ ...claims, role: 'super_admin' }).setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(JWT_SECRET))
      expectFailure(await listUsers(forged), 403, 'FORBIDDEN')
    })

    it('answers the list to a super admin in the envelope, records being public user objects', async () => {
      const response = await listUsers(admin.token)
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ success: true, code: 200, message: expect.any(String), data: { current: 1, size: 20, total: expect.any(Number) } })
      const record = response.body.data.records.find((entry: any) => entry.id === user.user.id)
      expect(record).toEqual(user.user)
      expect(JSON.stringify(response.body)).not.toMatch(/password|\$2[aby]\$/)
    })

    it('takes the right away at once from a demoted admin, and gives it back at once', async () => {
      const other = await registerAdmin()
      expect((await listUsers(other.token)).status).toBe(200)
      const demoted = await patchUser(admin.token, other.user.id, { role: 'user' })
      expect(demoted.status).toBe(200)
      expect(demoted.body.data.user).toMatchObject({ id: other.user.id, role: 'user' })
      expect((await userRow(other.user.id)).user_role).toBe(1)
      expect(decodeJwt(other.token).role).toBe('super_admin')
      expectFailure(await listUsers(other.token), 403, 'FORBIDDEN')
      expectFailure(await patchUser(other.token, user.user.id, { status: 'disabled' }), 403, 'FORBIDDEN')

      expect((await patchUser(admin.token, other.user.id, { role: 'super_admin' })).status).toBe(200)
      expect((await userRow(other.user.id)).user_role).toBe(0)
      expect((await listUsers(other.token)).status).toBe(200)
    })

    it('also takes it away when the role is changed in the database directly', async () => {
      const other = await registerAdmin()
      await query('UPDATE users SET user_role = 1 WHERE id = ?', [other.user.id])
      expectFailure(await listUsers(other.token), 403, 'FORBIDDEN')
    })
  })

  describe('paging', () => {
    const prefix = `pg${randomBytes(3).toString('hex')}`
    let ids: number[]

    it('answers 20 records by default, newest first, with current, size and total', async () => {
      ids = await insertUsers(Array.from({ length: 25 }, (_, index) => ({ username: `${prefix}_${String(index).padStart(2, '0')}` })))
      const response = await listUsers(admin.token, { keyword: prefix })
      expect(response.status).toBe(200)
      expect(response.body.data).toMatchObject({ current: 1, size: 20, total: 25 })
      expect(response.body.data.records.map((record: any) => record.id)).toEqual([...ids].reverse().slice(0, 20))
    })

    it('answers the rest on page 2, and nothing (with the total) beyond the end', async () => {
      const second = await listUsers(admin.token, { keyword: prefix, page: 2 })
      expect(second.body.data).toMatchObject({ current: 2, size: 20, total: 25 })
      expect(second.body.data.records.map((record: any) => record.id)).toEqual([...ids].reverse().slice(20))
      const beyond = await listUsers(admin.token, { keyword: prefix, page: 3 })
      expect(beyond.status).toBe(200)
      expect(beyond.body.data).toEqual({ records: [], current: 3, size: 20, total: 25 })
      expect((await listUsers(admin.token, { keyword: prefix, page: 9999999999 })).body.data).toEqual({ records: [], current: 9999999999, size: 20, total: 25 })
    })

    it.each([1, 7, 100])('takes pageSize %i', async (pageSize) => {
      const response = await listUsers(admin.token, { keyword: prefix, pageSize })
      expect(response.body.data).toMatchObject({ current: 1, size: pageSize, total: 25 })
      expect(response.body.data.records).toHaveLength(Math.min(pageSize, 25))
    })

    it('reads an empty page or pageSize as the default', async () => {
      const response = await listUsers(admin.token, `keyword=${prefix}&page=&pageSize=`)
      expect(response.body.data).toMatchObject({ current: 1, size: 20, total: 25 })
    })

    it.each([
      ['pageSize', '0'], ['pageSize', '101'], ['pageSize', 'abc'], ['pageSize', '1.5'], ['pageSize', '-1'], ['pageSize', '1e1'],
      ['page', '0'], ['page', 'x'], ['page', '-2'], ['page', '2.0'], ['page', '99999999999'],
    ])('answers 400 INVALID_INPUT naming the field for %s=%s', async (field, value) => {
      const response = await listUsers(admin.token, { [field]: value })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(Object.keys(response.body.details.fields)).toEqual([field])
      expect(response.body.details.fields[field]).toEqual(expect.any(String))
    })

    it('refuses a repeated parameter', async () => {
      expectFailure(await listUsers(admin.token, 'page=1&page=2'), 400, 'INVALID_INPUT')
    })

    it('counts every account without filters', async () => {
      const [{ count }] = await query('SELECT COUNT(*) AS count FROM users')
      expect((await listUsers(admin.token, { pageSize: 1 })).body.data.total).toBe(count)
    })
  })

  describe('keyword', () => {
    const tag = randomBytes(3).toString('hex')
    const mobile = uniqueMobile()

    it('matches part of the username, email or mobile, case aside, after trimming', async () => {
      await insertUsers([
        { username: `k${tag}_one` },
        { username: `k${tag}Xone` },
        { username: `c${tag}`, email: `rate100%${tag}@example.com` },
        { username: `d${tag}`, email: `rate100x${tag}@example.com` },
        { username: `e${tag}`, mobile },
        { username: `f${tag}`, email: `bang!${tag}@example.com` },
        { username: `g${tag}`, email: `bang${tag}@example.com` },
        { username: `h${tag}`, email: `back\\slash${tag}@example.com` },
      ])
      expect(usernames(await listUsers(admin.token, { keyword: `rate100X${tag}@EXAMPLE` }))).toEqual([`d${tag}`])
      expect(usernames(await listUsers(admin.token, { keyword: mobile.slice(2) }))).toEqual([`e${tag}`])
      expect(usernames(await listUsers(admin.token, { keyword: `  K${tag}XONE  ` }))).toEqual([`k${tag}Xone`])
    })

    it('takes _ literally, not as any one character', async () => {
      expect(usernames(await listUsers(admin.token, { keyword: `k${tag}_` }))).toEqual([`k${tag}_one`])
      const underscores = await listUsers(admin.token, { keyword: '_', pageSize: 100 })
      for (const record of underscores.body.data.records) expect(`${record.username}${record.email}${record.mobile}`).toContain('_')
    })

    it('takes % literally, not as any characters', async () => {
      expect(usernames(await listUsers(admin.token, { keyword: `100%${tag}` }))).toEqual([`c${tag}`])
      const percents = await listUsers(admin.token, { keyword: '%' })
      expect(usernames(percents)).toContain(`c${tag}`)
      for (const record of percents.body.data.records) expect(`${record.username}${record.email}${record.mobile}`).toContain('%')
    })

    it('takes the escape characters ! and \\ literally too', async () => {
      expect(usernames(await listUsers(admin.token, { keyword: `bang!${tag}` }))).toEqual([`f${tag}`])
      expect(usernames(await listUsers(admin.token, { keyword: `back\\slash${tag}` }))).toEqual([`h${tag}`])
      expect(usernames(await listUsers(admin.token, { keyword: `k${tag}!_` }))).toEqual([])
    })

    it('reads an empty keyword as no filter, and refuses one over 100 characters', async () => {
      const [{ count }] = await query('SELECT COUNT(*) AS count FROM users')
      expect((await listUsers(admin.token, { keyword: '   ' })).body.data.total).toBe(count)
      const response = await listUsers(admin.token, { keyword: 'x'.repeat(101) })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields.keyword).toEqual(expect.any(String))
    })
  })

  describe('role and status filters', () => {
    const prefix = `rf${randomBytes(3).toString('hex')}`

    it('filters by role, by status, and by both', async () => {
      await insertUsers([
        { username: `${prefix}_admin1`, userRole: 0 },
        { username: `${prefix}_admin2`, userRole: 0 },
        { username: `${prefix}_admin_off`, userRole: 0, status: 'disabled' },
        { username: `${prefix}_user1` },
        { username: `${prefix}_user2` },
        { username: `${prefix}_user_off`, status: 'disabled' },
      ])
      const names = async (filters: Record<string, string>) => usernames(await listUsers(admin.token, { keyword: prefix, ...filters })).sort()
      expect(await names({ role: 'super_admin' })).toEqual([`${prefix}_admin1`, `${prefix}_admin2`, `${prefix}_admin_off`])
      expect(await names({ role: 'user' })).toEqual([`${prefix}_user1`, `${prefix}_user2`, `${prefix}_user_off`])
      expect(await names({ status: 'disabled' })).toEqual([`${prefix}_admin_off`, `${prefix}_user_off`])
      expect(await names({ status: 'active', role: 'super_admin' })).toEqual([`${prefix}_admin1`, `${prefix}_admin2`])
      expect(await names({ status: 'disabled', role: 'user' })).toEqual([`${prefix}_user_off`])
      const both = await listUsers(admin.token, { keyword: prefix, role: 'super_admin', status: 'active' })
      expect(both.body.data.total).toBe(2)
      for (const record of both.body.data.records) expect(record).toMatchObject({ role: 'super_admin', status: 'active' })
    })

    it.each([['role', 'admin'], ['role', '0'], ['status', 'banned']])('answers 400 INVALID_INPUT for %s=%s', async (field, value) => {
      const response = await listUsers(admin.token, { [field]: value })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields[field]).toEqual(expect.any(String))
    })
  })

  describe('disabling an account', () => {
    let user: Account
    let second: { token: string, refreshToken: string }

    it('answers the disabled user, offline, with every session revoked', async () => {
      user = await registerUser()
      second = (await login(user.username, GOOD_PASSWORD)).body.data
      const response = await patchUser(admin.token, user.user.id, { status: 'disabled' })
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ success: true, code: 200, message: expect.any(String) })
      expect(response.body.data.user).toMatchObject({ id: user.user.id, status: 'disabled', online: false, role: 'user' })
      expect(await userRow(user.user.id)).toMatchObject({ status: 'disabled', online_status: 0 })
      const sessions = await query('SELECT revoked_at FROM sessions WHERE user_id = ?', [user.user.id])
      expect(sessions).toHaveLength(2)
      for (const session of sessions) expect(session.revoked_at).not.toBeNull()
    })

    it('refuses the access tokens it already holds at once', async () => {
      expectFailure(await api('/api/auth/me', { token: user.token }), 401, 'UNAUTHORIZED')
      expectFailure(await api('/api/auth/me', { token: second.token }), 401, 'UNAUTHORIZED')
    })

    it('refuses its refresh token', async () => {
      expectFailure(await api('/api/auth/refresh', { body: { refreshToken: second.refreshToken } }), 401, 'INVALID_REFRESH_TOKEN')
    })

    it('answers its next login ACCOUNT_DISABLED, but a wrong password only INVALID_CREDENTIALS', async () => {
      expectFailure(await login(user.username, GOOD_PASSWORD), 403, 'ACCOUNT_DISABLED')
      expectFailure(await login(user.username, 'not the password at all'), 401, 'INVALID_CREDENTIALS')
      expect(await query('SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL', [user.user.id])).toEqual([])
    })

    it('shows it disabled in the list', async () => {
      const response = await listUsers(admin.token, { keyword: user.username })
      expect(response.body.data.records).toEqual([expect.objectContaining({ id: user.user.id, status: 'disabled', online: false })])
    })

    it('lets it log in again once enabled, but never revives the old sessions', async () => {
      const response = await patchUser(admin.token, user.user.id, { status: 'active' })
      expect(response.status).toBe(200)
      expect(response.body.data.user.status).toBe('active')
      const again = await login(user.username, GOOD_PASSWORD)
      expect(again.status).toBe(200)
      expect((await api('/api/auth/me', { token: again.body.data.token })).status).toBe(200)
      expectFailure(await api('/api/auth/me', { token: second.token }), 401, 'UNAUTHORIZED')
      expect((await api('/api/auth/refresh', { body: { refreshToken: second.refreshToken } })).status).toBe(401)
    })

    it('disables another super admin, whose admin session ends at once', async () => {
      const other = await registerAdmin()
      expect((await patchUser(admin.token, other.user.id, { status: 'disabled' })).status).toBe(200)
      expectFailure(await listUsers(other.token), 401, 'UNAUTHORIZED')
      expectFailure(await login(other.username, GOOD_PASSWORD), 403, 'ACCOUNT_DISABLED')
    })
  })

  describe('PATCH /api/admin/users/:id input', () => {
    let user: Account

    it('sets the role both ways', async () => {
      user = await registerUser()
      const promoted = await patchUser(admin.token, user.user.id, { role: 'super_admin' })
      expect(promoted.body.data.user).toMatchObject({ id: user.user.id, role: 'super_admin', status: 'active' })
      expect((await userRow(user.user.id)).user_role).toBe(0)
      const demoted = await patchUser(admin.token, user.user.id, { role: 'user' })
      expect(demoted.body.data.user.role).toBe('user')
      expect((await userRow(user.user.id)).user_role).toBe(1)
    })

    it('sets role and status together, and ignores unknown fields', async () => {
      const response = await patchUser(admin.token, user.user.id, { role: 'super_admin', status: 'disabled', username: 'renamed', password: 'x' })
      expect(response.status).toBe(200)
      expect(await userRow(user.user.id)).toMatchObject({ user_role: 0, status: 'disabled', username: user.username })
      expect((await patchUser(admin.token, user.user.id, { role: 'user', status: 'active' })).status).toBe(200)
    })

    it.each([['99999999'], ['99999999999']])('answers 404 USER_NOT_FOUND for an unknown id (%s)', async (id) => {
      expectFailure(await patchUser(admin.token, id, { status: 'disabled' }), 404, 'USER_NOT_FOUND')
    })

    it.each([['abc'], ['0'], ['-1'], ['1.5'], ['01'], ['1e3'], ['%20']])('answers 400 INVALID_INPUT for the id %s', async (id) => {
      const response = await patchUser(admin.token, id, { status: 'disabled' })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields.id).toEqual(expect.any(String))
    })

    it.each([
      ['an empty body', {}, 'body'],
      ['nulls only', { role: null, status: null }, 'body'],
      ['an unknown role', { role: 'admin' }, 'role'],
      ['a numeric role', { role: 0 }, 'role'],
      ['an unknown status', { status: 'banned' }, 'status'],
    ])('answers 400 INVALID_INPUT for %s', async (_, body, field) => {
      const response = await patchUser(admin.token, user.user.id, body)
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(Object.keys(response.body.details.fields)).toEqual([field])
    })

    it('answers 400 INVALID_JSON and 415 like every endpoint with a body', async () => {
      expectFailure(await api(`/api/admin/users/${user.user.id}`, { method: 'PATCH', rawBody: '{"status":', token: admin.token, headers: { 'content-type': 'application/json' } }), 400, 'INVALID_JSON')
      expectFailure(await api(`/api/admin/users/${user.user.id}`, { method: 'PATCH', rawBody: 'status=disabled', token: admin.token, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'UNSUPPORTED_MEDIA_TYPE')
      expect((await userRow(user.user.id)).status).toBe('active')
    })

    it.each([
      ['POST', '/api/admin/users', 'GET'],
      ['DELETE', '/api/admin/users', 'GET'],
      ['GET', '/api/admin/users/1', 'PATCH'],
      ['DELETE', '/api/admin/users/1', 'PATCH'],
      ['PUT', '/api/admin/users/1', 'PATCH'],
    ])('answers 405 to %s %s, allowing %s', async (method, path, allowed) => {
      const response = await api(path, { method, token: admin.token })
      expectFailure(response, 405, 'METHOD_NOT_ALLOWED')
      expect(response.headers.get('allow')).toBe(allowed)
    })
  })

  describe('the last active super admin', () => {
    let only: Account
    let other: Account

    it('cannot demote or disable themself when no other active super admin remains: 409 LAST_SUPER_ADMIN', async () => {
      only = await registerAdmin()
      const [disabledAdmin] = await insertUsers([{ username: `off${randomBytes(3).toString('hex')}`, userRole: 0, status: 'disabled' }])
      await onlyAdmins(only.user.id)
      await query('UPDATE users SET user_role = 0 WHERE id = ?', [disabledAdmin])
      expectFailure(await patchUser(only.token, only.user.id, { role: 'user' }), 409, 'LAST_SUPER_ADMIN')
      expectFailure(await patchUser(only.token, only.user.id, { status: 'disabled' }), 409, 'LAST_SUPER_ADMIN')
      expectFailure(await patchUser(only.token, only.user.id, { role: 'user', status: 'active' }), 409, 'LAST_SUPER_ADMIN')
      expect(await userRow(only.user.id)).toMatchObject({ user_role: 0, status: 'active' })
      expect(await activeSuperAdmins()).toEqual([only.user.id])
    })

    it('says so in English when asked', async () => {
      const response = await patchUser(only.token, only.user.id, { role: 'user' }, { 'accept-language': 'en' })
      expect(response.body.message).toBe('At least one active super administrator must remain')
    })

    it('may change themself harmlessly (role super_admin, status active)', async () => {
      expect((await patchUser(only.token, only.user.id, { role: 'super_admin', status: 'active' })).status).toBe(200)
    })

    it('never disables themself, even with another admin left: 403 FORBIDDEN', async () => {
      other = await registerUser()
      expect((await patchUser(only.token, other.user.id, { role: 'super_admin' })).status).toBe(200)
      const response = await patchUser(only.token, only.user.id, { status: 'disabled' })
      expectFailure(response, 403, 'FORBIDDEN')
      expect(response.body.details).toEqual({ reason: 'cannotDisableSelf' })
      expect((await userRow(only.user.id)).status).toBe('active')
    })

    it('may step down while another active super admin remains, and loses the right at once', async () => {
      expect((await patchUser(only.token, only.user.id, { role: 'user' })).status).toBe(200)
      expectFailure(await listUsers(only.token), 403, 'FORBIDDEN')
      expect(await activeSuperAdmins()).toEqual([other.user.id])
      expectFailure(await patchUser(other.token, other.user.id, { role: 'user' }), 409, 'LAST_SUPER_ADMIN')
    })
  })

  describe('two admins demoting or disabling each other at the same moment', () => {
    it.each([
      ['demote', { role: 'user' }, { role: 'user' }],
      ['disable', { status: 'disabled' }, { status: 'disabled' }],
      ['demote and disable', { role: 'user' }, { status: 'disabled' }],
    ])('never leaves the site without an active super admin (%s)', async (_, change1, change2) => {
      const [first, second] = [await registerAdmin(), await registerAdmin()]
      for (let round = 0; round < 6; round++) {
        await onlyAdmins(first.user.id, second.user.id)
        await query('UPDATE sessions SET revoked_at = NULL WHERE user_id IN (?)', [[first.user.id, second.user.id]])
        const responses = await Promise.all([
          patchUser(first.token, second.user.id, change1),
          patchUser(second.token, first.user.id, change2),
        ])
        expect(await activeSuperAdmins()).toHaveLength(1)
        const statuses = responses.map(response => response.status).sort()
        expect(statuses[0]).toBe(200)
        expect([401, 403, 409]).toContain(statuses[1])
      }
    })
  })

  describe('online status', () => {
    let user: Account
    let sessionIds: string[]

    async function onlineInList(): Promise<boolean> {
      return (await listUsers(admin.token, { keyword: user.username })).body.data.records[0].online
    }

    it('is 1 while a session lives, also after one of two sessions expires', async () => {
      await onlyAdmins(admin.user.id)
      user = await registerUser()
      await login(user.username, GOOD_PASSWORD)
      sessionIds = (await query('SELECT id FROM sessions WHERE user_id = ? ORDER BY created_at', [user.user.id])).map(row => row.id)
      expect(sessionIds).toHaveLength(2)
      expect(await onlineInList()).toBe(true)
      await query('UPDATE sessions SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE id = ?', [sessionIds[0]])
      await new Promise(resolve => setTimeout(resolve, 2500))
      expect((await userRow(user.user.id)).online_status).toBe(1)
      expect(await onlineInList()).toBe(true)
    })

    it('drops to 0 by itself once the last session has expired, leaving update_time alone', async () => {
      const before = (await userRow(user.user.id)).update_time
      await query('UPDATE sessions SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE id = ?', [sessionIds[1]])
      await expect.poll(async () => (await userRow(user.user.id)).online_status, { timeout: 8000, interval: 250 }).toBe(0)
      expect(await onlineInList()).toBe(false)
      expect((await userRow(user.user.id)).update_time).toEqual(before)
    })

    it('drops to 0 at once on logout of the last session', async () => {
      const session = (await login(user.username, GOOD_PASSWORD)).body.data
      expect((await userRow(user.user.id)).online_status).toBe(1)
      expect((await api('/api/auth/logout', { method: 'POST', token: session.token })).status).toBe(200)
      expect((await userRow(user.user.id)).online_status).toBe(0)
    })

    it('deletes sessions that ended over 30 days ago, with their refresh tokens, and keeps recent ones', async () => {
      const old = { id: randomBytes(18).toString('base64url'), hash: randomBytes(32).toString('hex') }
      const recent = { id: randomBytes(18).toString('base64url'), hash: randomBytes(32).toString('hex') }
      for (const [session, revokedDaysAgo] of [[old, 31], [recent, 1]] as const) {
        await query('INSERT INTO sessions (id, user_id, expires_at, revoked_at) VALUES (?, ?, NOW(3) + INTERVAL 1 DAY, NOW(3) - INTERVAL ? DAY)', [session.id, user.user.id, revokedDaysAgo])
        await query('INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, NOW(3))', [session.hash, session.id])
      }
      const expiredLongAgo = randomBytes(18).toString('base64url')
      await query('INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, NOW(3) - INTERVAL 40 DAY)', [expiredLongAgo, user.user.id])
      await expect.poll(async () => (await query('SELECT id FROM sessions WHERE id IN (?)', [[old.id, expiredLongAgo]])).length, { timeout: 8000, interval: 250 }).toBe(0)
      expect(await query('SELECT token_hash FROM refresh_tokens WHERE token_hash = ?', [old.hash])).toEqual([])
      expect(await query('SELECT id FROM sessions WHERE id = ?', [recent.id])).toHaveLength(1)
      expect(await query('SELECT token_hash FROM refresh_tokens WHERE token_hash = ?', [recent.hash])).toHaveLength(1)
    })
  })
})
