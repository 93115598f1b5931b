import { randomBytes } from 'node:crypto'
import type mysql from 'mysql2/promise'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, db, expectFailure, login, registerUser, startApp, userRow } from './support'

type Account = Awaited<ReturnType<typeof registerUser>>

const ALL = ['user:list', 'user:status', 'user:roles', 'user:sessions', 'role:list', 'role:manage']

async function query<T = mysql.RowDataPacket[]>(sql: string, values: unknown[] = []): Promise<T> {
  const [rows] = await (await db()).query(sql, values)
  return rows as T
}

/** A fresh account made a super admin in the database by hand (the owner's way): its token works at once. */
async function registerSuperAdmin(): Promise<Account> {
  const account = await registerUser()
  await query('UPDATE users SET user_role = 0 WHERE id = ?', [account.user.id])
  return account
}

function putRoles(token: string, id: number | string, roles: unknown, headers: Record<string, string> = {}) {
  return api(`/api/admin/users/${id}/roles`, { method: 'PUT', body: { roles }, token, headers })
}

function me(token: string) {
  return api('/api/auth/me', { token })
}

function listUsers(token: string) {
  return api('/api/admin/users', { token })
}

function createRole(token: string, body: unknown) {
  return api('/api/admin/roles', { method: 'POST', body, token })
}

function patchRole(token: string, code: string, body: unknown) {
  return api(`/api/admin/roles/${code}`, { method: 'PATCH', body, token })
}

function deleteRole(token: string, code: string) {
  return api(`/api/admin/roles/${code}`, { method: 'DELETE', token })
}

function roleCode(prefix = 'R_T') {
  return `${prefix}${randomBytes(4).toString('hex').toUpperCase()}`
}

async function rolesOf(token: string, language = 'zh') {
  const response = await api('/api/admin/roles', { token, headers: { 'accept-language': language } })
  expect(response.status).toBe(200)
  return response.body.data.roles as any[]
}

async function activeSuperAdmins(): Promise<number[]> {
  const rows = await query('SELECT id FROM users WHERE user_role = 0 AND status = \'active\' ORDER BY id')
  return rows.map(row => row.id)
}

describe('roles and permissions', async () => {
  await startApp()
  let root: Account

  beforeAll(async () => {
    root = await registerSuperAdmin()
  })

  describe('the user object and /api/user/info', () => {
    it('gives a new account R_USER and no permission, everywhere a user is answered', async () => {
      const account = await registerUser({ email: `${randomBytes(4).toString('hex')}@example.com` })
      expect(account.user).toMatchObject({ roles: ['R_USER'], permissions: [] })
      expect((await login(account.username, account.password)).body.data.user).toMatchObject({ roles: ['R_USER'], permissions: [] })
      expect((await me(account.token)).body.data.user).toMatchObject({ roles: ['R_USER'], permissions: [] })
      const patched = await api('/api/auth/me', { method: 'PATCH', body: { gender: 1 }, token: account.token })
      expect(patched.body.data.user).toMatchObject({ roles: ['R_USER'], permissions: [] })
      expect(await query('SELECT r.code FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ?', [account.user.id]))
        .toEqual([{ code: 'R_USER' }])
    })

    it('answers seed 0\'s shape: every key, null when empty, permissions as buttons', async () => {
      const account = await registerUser()
      const info = await api('/api/user/info', { token: account.token })
      expect(info.status).toBe(200)
      expect(info.body.data).toEqual({ userId: account.user.id, userName: account.username, roles: ['R_USER'], buttons: [], avatar: null, email: null, phone: null })
      const mobile = `138${String(Date.now()).slice(-8)}`
      await api('/api/auth/me', { method: 'PATCH', body: { mobile }, token: account.token })
      expect((await api('/api/user/info', { token: account.token })).body.data.phone).toBe(mobile)
      const superInfo = await api('/api/user/info', { token: root.token })
      expect(superInfo.body.data).toMatchObject({ userId: root.user.id, roles: ['R_SUPER', 'R_USER'], buttons: ALL })
      expectFailure(await api('/api/user/info'), 401, 'UNAUTHORIZED')
    })

    it('makes an account set to user_role = 0 by hand a super admin at its next request, same token', async () => {
      const account = await registerUser()
      expectFailure(await listUsers(account.token), 403, 'FORBIDDEN')
      await query('UPDATE users SET user_role = 0 WHERE id = ?', [account.user.id])
      expect((await me(account.token)).body.data.user).toMatchObject({ role: 'super_admin', roles: ['R_SUPER', 'R_USER'], permissions: ALL })
      expect((await listUsers(account.token)).status).toBe(200)
      await query('UPDATE users SET user_role = 1 WHERE id = ?', [account.user.id])
      expect((await me(account.token)).body.data.user).toMatchObject({ role: 'user', roles: ['R_USER'], permissions: [] })
      expectFailure(await listUsers(account.token), 403, 'FORBIDDEN')
    })

    it('treats a row inserted by hand with the owner\'s columns alone as R_USER, or R_SUPER when user_role is 0', async () => {
      const [plain, boss] = [`hand_${randomBytes(3).toString('hex')}`, `hand_${randomBytes(3).toString('hex')}`]
      await query('INSERT INTO users (username, password) VALUES (?, ?)', [plain, 'plain-text-pass'])
      await query('INSERT INTO users (username, password, user_role) VALUES (?, ?, 0)', [boss, 'plain-text-pass'])
      const plainLogin = await login(plain, 'plain-text-pass')
      expect(plainLogin.body.data.user).toMatchObject({ roles: ['R_USER'], permissions: [] })
      const bossLogin = await login(boss, 'plain-text-pass')
      expect(bossLogin.body.data.user).toMatchObject({ roles: ['R_SUPER'], permissions: ALL })
      expect((await listUsers(bossLogin.body.data.token)).status).toBe(200)
      const listed = (await api(`/api/admin/users?keyword=${plain}`, { token: root.token })).body.data.records
      expect(listed).toEqual([expect.objectContaining({ username: plain, roles: ['R_USER'], permissions: [] })])
    })
  })

  describe('who may', () => {
    let user: Account

    it.each([
      ['GET', '/api/admin/users', 'user:list'],
      ['GET', '/api/admin/permissions', 'role:list'],
      ['GET', '/api/admin/roles', 'role:list'],
      ['POST', '/api/admin/roles', 'role:manage'],
      ['PATCH', '/api/admin/roles/R_ADMIN', 'role:manage'],
      ['DELETE', '/api/admin/roles/R_ADMIN', 'role:manage'],
      ['PUT', '/api/admin/users/1/roles', 'user:roles'],
      ['GET', '/api/admin/users/1/sessions', 'user:sessions'],
      ['DELETE', '/api/admin/users/1/sessions', 'user:sessions'],
      ['PATCH', '/api/admin/users/1', 'user:status'],
    ])('%s %s: 401 without a session, 403 FORBIDDEN naming %s without the permission', async (method, path, permission) => {
      user ??= await registerUser()
      const body = ['GET', 'DELETE'].includes(method) ? undefined : {}
      expectFailure(await api(path, { method, body }), 401, 'UNAUTHORIZED')
      const refused = await api(path, { method, body, token: user.token })
      expectFailure(refused, 403, 'FORBIDDEN')
      expect(refused.body.details).toEqual({ permission })
    })
  })

  describe('the catalogue and the roles', () => {
    it('lists every permission, described in the request\'s language', async () => {
      const zh = await api('/api/admin/permissions', { token: root.token })
      expect(zh.body.data.permissions.map((permission: any) => permission.code)).toEqual(ALL)
      expect(zh.body.data.permissions[0].description).toMatch(/\p{Script=Han}/u)
      const en = await api('/api/admin/permissions', { token: root.token, headers: { 'accept-language': 'en' } })
      expect(en.body.data.permissions[0]).toEqual({ code: 'user:list', description: 'See the list of accounts' })
    })

    it('lists the built-in roles first, with their permissions, names in the reader\'s language and holders', async () => {
      const roles = await rolesOf(root.token, 'en')
      expect(roles.slice(0, 3)).toEqual([
        { code: 'R_SUPER', name: 'Super administrator', description: expect.any(String), permissions: ALL, builtIn: true, userCount: expect.any(Number) },
        { code: 'R_ADMIN', name: 'Administrator', description: expect.any(String), permissions: ['user:list', 'user:status', 'user:sessions', 'role:list'], builtIn: true, userCount: expect.any(Number) },
        { code: 'R_USER', name: 'User', description: expect.any(String), permissions: [], builtIn: true, userCount: expect.any(Number) },
      ])
      const [supers] = await query('SELECT COUNT(*) AS n FROM users WHERE user_role = 0')
      expect(roles[0].userCount).toBe(supers!.n)
      expect((await rolesOf(root.token, 'zh'))[0].name).toBe('超级管理员')
    })

    it('refuses every change to R_SUPER and the deletion of any built-in role: 409 BUILT_IN_ROLE', async () => {
      expectFailure(await patchRole(root.token, 'R_SUPER', { name: 'Boss' }), 409, 'BUILT_IN_ROLE')
      expectFailure(await patchRole(root.token, 'R_SUPER', { permissions: [] }), 409, 'BUILT_IN_ROLE')
      for (const code of ['R_SUPER', 'R_ADMIN', 'R_USER']) expectFailure(await deleteRole(root.token, code), 409, 'BUILT_IN_ROLE')
      expect((await rolesOf(root.token)).map(role => role.code).slice(0, 3)).toEqual(['R_SUPER', 'R_ADMIN', 'R_USER'])
    })

    it('lets R_ADMIN\'s name, description and permissions change', async () => {
      const renamed = await patchRole(root.token, 'R_ADMIN', { name: '运营', description: '日常运营' })
      expect(renamed.status).toBe(200)
      expect(renamed.body.data.role).toMatchObject({ code: 'R_ADMIN', name: '运营', description: '日常运营', builtIn: true })
      const back = await patchRole(root.token, 'R_ADMIN', { name: '管理员', description: null })
      // A cleared description is the built-in one again, in the reader's language.
      expect(back.body.data.role).toMatchObject({ name: '管理员', description: '管理用户账号', permissions: ['user:list', 'user:status', 'user:sessions', 'role:list'] })
    })

    it('answers 404 NOT_FOUND for an unknown code in the path', async () => {
      expectFailure(await patchRole(root.token, 'R_NOPE_NONE', { name: 'x' }), 404, 'NOT_FOUND')
      expectFailure(await deleteRole(root.token, 'R_NOPE_NONE'), 404, 'NOT_FOUND')
      expectFailure(await deleteRole(root.token, 'nope'), 404, 'NOT_FOUND')
    })

    it('creates a role: 201 with the role; a taken code 409 ROLE_ALREADY_EXISTS', async () => {
      const code = roleCode()
      const created = await createRole(root.token, { code, name: 'Auditor', description: 'reads', permissions: ['user:list', 'user:list'] })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ success: true, code: 201, data: { role: { code, name: 'Auditor', description: 'reads', permissions: ['user:list'], builtIn: false, userCount: 0 } } })
      expectFailure(await createRole(root.token, { code, name: 'Again', permissions: [] }), 409, 'ROLE_ALREADY_EXISTS')
      expectFailure(await createRole(root.token, { code: 'R_ADMIN', name: 'Again', permissions: [] }), 409, 'ROLE_ALREADY_EXISTS')
      expect((await rolesOf(root.token)).find(role => role.code === code)).toMatchObject({ userCount: 0 })
    })

    it.each([
      ['a code without R_', { code: 'AUDIT', name: 'x', permissions: [] }, 'code'],
      ['a lower-case code', { code: 'R_audit', name: 'x', permissions: [] }, 'code'],
      ['a code too short', { code: 'R_A', name: 'x', permissions: [] }, 'code'],
      ['a code too long', { code: `R_${'A'.repeat(31)}`, name: 'x', permissions: [] }, 'code'],
      ['no name', { code: 'R_OKAY', permissions: [] }, 'name'],
      ['an unknown permission', { code: 'R_OKAY', name: 'x', permissions: ['user:delete'] }, 'permissions.0'],
      ['no permissions', { code: 'R_OKAY', name: 'x' }, 'permissions'],
    ])('answers 400 INVALID_INPUT for %s', async (_, body, field) => {
      const response = await createRole(root.token, body)
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(Object.keys(response.body.details.fields)).toEqual([field])
    })
  })

  describe('custom roles, applied at the holder\'s next request', () => {
    let holder: Account
    const code = roleCode('R_AUD')

    it('grants what the role holds to the same token at once, and takes it away at once', async () => {
      holder = await registerUser()
      expect((await createRole(root.token, { code, name: 'Auditor', permissions: ['user:list'] })).status).toBe(201)
      expectFailure(await listUsers(holder.token), 403, 'FORBIDDEN')

      const assigned = await putRoles(root.token, holder.user.id, [code, 'R_USER'])
      expect(assigned.status).toBe(200)
      expect(assigned.body.data.user).toMatchObject({ id: holder.user.id, roles: ['R_USER', code], permissions: ['user:list'] })
      expect((await listUsers(holder.token)).status).toBe(200)
      expectFailure(await api('/api/admin/roles', { token: holder.token }), 403, 'FORBIDDEN')

      expect((await patchRole(root.token, code, { permissions: ['user:list', 'role:list'] })).body.data.role).toMatchObject({ permissions: ['user:list', 'role:list'], userCount: 1 })
      expect((await api('/api/admin/roles', { token: holder.token })).status).toBe(200)
      expect((await patchRole(root.token, code, { permissions: [] })).status).toBe(200)
      expectFailure(await listUsers(holder.token), 403, 'FORBIDDEN')
    })

    it('refuses to delete a role an account holds: 409 ROLE_IN_USE; deletes it once no one does', async () => {
      expectFailure(await deleteRole(root.token, code), 409, 'ROLE_IN_USE')
      const after = await putRoles(root.token, holder.user.id, ['R_USER'])
      expect(after.body.data.user.roles).toEqual(['R_USER'])
      const deleted = await deleteRole(root.token, code)
      expect(deleted.status).toBe(200)
      expect(deleted.body.data).toBeNull()
      expect((await rolesOf(root.token)).some(role => role.code === code)).toBe(false)
      expectFailure(await deleteRole(root.token, code), 404, 'NOT_FOUND')
    })

    it('keeps a disabled account\'s roles', async () => {
      const account = await registerUser()
      await putRoles(root.token, account.user.id, ['R_ADMIN'])
      const disabled = await api(`/api/admin/users/${account.user.id}`, { method: 'PATCH', body: { status: 'disabled' }, token: root.token })
      expect(disabled.body.data.user).toMatchObject({ status: 'disabled', roles: ['R_ADMIN'] })
    })
  })

  describe('PUT /api/admin/users/:id/roles', () => {
    let target: Account

    it('writes R_SUPER to users.user_role and the others to user_roles, both ways', async () => {
      target = await registerUser()
      const promoted = await putRoles(root.token, target.user.id, ['R_SUPER'])
      expect(promoted.body.data.user).toMatchObject({ role: 'super_admin', roles: ['R_SUPER'], permissions: ALL })
      expect((await userRow(target.user.id)).user_role).toBe(0)
      expect(await query('SELECT role_id FROM user_roles WHERE user_id = ?', [target.user.id])).toEqual([])
      const demoted = await putRoles(root.token, target.user.id, ['R_ADMIN', 'R_USER'])
      expect(demoted.body.data.user).toMatchObject({ role: 'user', roles: ['R_ADMIN', 'R_USER'] })
      expect((await userRow(target.user.id)).user_role).toBe(1)
    })

    it('keeps PATCH role: super_admin grants R_SUPER and user removes it, other roles kept', async () => {
      const granted = await api(`/api/admin/users/${target.user.id}`, { method: 'PATCH', body: { role: 'super_admin' }, token: root.token })
      expect(granted.body.data.user).toMatchObject({ role: 'super_admin', roles: ['R_SUPER', 'R_ADMIN', 'R_USER'] })
      const removed = await api(`/api/admin/users/${target.user.id}`, { method: 'PATCH', body: { role: 'user' }, token: root.token })
      expect(removed.body.data.user).toMatchObject({ role: 'user', roles: ['R_ADMIN', 'R_USER'] })
    })

    it.each([
      ['an unknown code', ['R_USER', 'R_NOPE_NONE']],
      ['no role', []],
      ['no list', undefined],
      ['a number', [5]],
    ])('answers 400 INVALID_INPUT for %s, changing nothing', async (_, roles) => {
      const response = await putRoles(root.token, target.user.id, roles)
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(Object.keys(response.body.details.fields)[0]).toMatch(/^roles/)
      expect((await me(target.token)).body.data.user.roles).toEqual(['R_ADMIN', 'R_USER'])
    })

    it('answers 404 USER_NOT_FOUND for an unknown account', async () => {
      expectFailure(await putRoles(root.token, 99999999, ['R_USER']), 404, 'USER_NOT_FOUND')
    })
  })

  describe('no escalation', () => {
    let operator: Account
    let plain: Account
    const limited = roleCode('R_OPS')

    it('lets a holder of user:roles grant and remove a role whose every permission it holds', async () => {
      operator = await registerUser()
      plain = await registerUser()
      await createRole(root.token, { code: limited, name: 'Operator', permissions: ['user:list', 'user:roles', 'role:list', 'role:manage'] })
      await putRoles(root.token, operator.user.id, [limited])
      const helper = roleCode('R_HLP')
      expect((await createRole(operator.token, { code: helper, name: 'Helper', permissions: ['user:list'] })).status).toBe(201)
      expect((await putRoles(operator.token, plain.user.id, ['R_USER', helper])).status).toBe(200)
      expect((await putRoles(operator.token, plain.user.id, ['R_USER'])).status).toBe(200)
    })

    it('refuses a role with a permission the actor lacks: 403 naming the role', async () => {
      const response = await putRoles(operator.token, plain.user.id, ['R_USER', 'R_ADMIN'])
      expectFailure(response, 403, 'FORBIDDEN')
      expect(response.body.details).toEqual({ role: 'R_ADMIN' })
      expect((await me(plain.token)).body.data.user.roles).toEqual(['R_USER'])
    })

    it('lets only an R_SUPER holder grant or remove R_SUPER', async () => {
      const grant = await putRoles(operator.token, plain.user.id, ['R_SUPER'])
      expectFailure(grant, 403, 'FORBIDDEN')
      expect(grant.body.details).toEqual({ role: 'R_SUPER' })
      const remove = await putRoles(operator.token, root.user.id, ['R_USER'])
      expect(remove.body.details).toEqual({ role: 'R_SUPER' })
      const patched = await api(`/api/admin/users/${plain.user.id}`, { method: 'PATCH', body: { role: 'super_admin' }, token: operator.token })
      expectFailure(patched, 403, 'FORBIDDEN')
      expect(patched.body.details).toEqual({ role: 'R_SUPER' })
      expect(await activeSuperAdmins()).not.toContain(plain.user.id)
    })

    it('lets a holder of role:manage write only permissions it holds', async () => {
      const response = await createRole(operator.token, { code: roleCode(), name: 'x', permissions: ['user:status'] })
      expectFailure(response, 403, 'FORBIDDEN')
      expect(response.body.details).toEqual({ permission: 'user:status' })
      const admin = await patchRole(operator.token, 'R_ADMIN', { name: 'mine now' })
      expect(admin.body.details).toEqual({ permission: 'user:status' })
    })

    it('lets an R_ADMIN disable an account, but not a super admin, and not change roles', async () => {
      const admin = await registerUser()
      await putRoles(root.token, admin.user.id, ['R_ADMIN'])
      const victim = await registerUser()
      expect((await api(`/api/admin/users/${victim.user.id}`, { method: 'PATCH', body: { status: 'disabled' }, token: admin.token })).status).toBe(200)
      const boss = await api(`/api/admin/users/${root.user.id}`, { method: 'PATCH', body: { status: 'disabled' }, token: admin.token })
      expectFailure(boss, 403, 'FORBIDDEN')
      expect(boss.body.details).toEqual({ role: 'R_SUPER' })
      const role = await api(`/api/admin/users/${victim.user.id}`, { method: 'PATCH', body: { role: 'super_admin' }, token: admin.token })
      expect(role.body.details).toEqual({ permission: 'user:roles' })
      expectFailure(await api(`/api/admin/users/${root.user.id}/sessions`, { method: 'DELETE', token: admin.token }), 403, 'FORBIDDEN')
      expect((await userRow(root.user.id)).status).toBe('active')
    })
  })

  describe('an account\'s sessions', () => {
    it('lists them with current false, and ends every one at once', async () => {
      const account = await registerUser()
      const second = await login(account.username, account.password)
      const listed = await api(`/api/admin/users/${account.user.id}/sessions`, { token: root.token })
      expect(listed.status).toBe(200)
      expect(listed.body.data.sessions).toHaveLength(2)
      expect(listed.body.data.sessions.every((session: any) => session.current === false && typeof session.id === 'string')).toBe(true)

      const ended = await api(`/api/admin/users/${account.user.id}/sessions`, { method: 'DELETE', token: root.token })
      expect(ended.status).toBe(200)
      expectFailure(await me(account.token), 401, 'UNAUTHORIZED')
      expectFailure(await me(second.body.data.token), 401, 'UNAUTHORIZED')
      expect((await api(`/api/admin/users/${account.user.id}/sessions`, { token: root.token })).body.data.sessions).toEqual([])
      expect((await userRow(account.user.id)).online_status).toBe(0)
    })

    it('answers 404 USER_NOT_FOUND for an unknown account', async () => {
      expectFailure(await api('/api/admin/users/99999999/sessions', { token: root.token }), 404, 'USER_NOT_FOUND')
      expectFailure(await api('/api/admin/users/99999999/sessions', { method: 'DELETE', token: root.token }), 404, 'USER_NOT_FOUND')
    })
  })

  describe('the last active super admin', () => {
    it('cannot remove their own R_SUPER when no other remains: 409 LAST_SUPER_ADMIN', async () => {
      const only = await registerSuperAdmin()
      await query('UPDATE users SET user_role = 1 WHERE user_role = 0 AND id <> ?', [only.user.id])
      expectFailure(await putRoles(only.token, only.user.id, ['R_USER']), 409, 'LAST_SUPER_ADMIN')
      expect(await activeSuperAdmins()).toEqual([only.user.id])
      expect((await putRoles(only.token, only.user.id, ['R_SUPER', 'R_ADMIN'])).status).toBe(200)
      await query('UPDATE users SET user_role = 0 WHERE id = ?', [root.user.id])
    })

    it('is never left out by two super admins removing each other\'s R_SUPER at the same moment', async () => {
      const [first, second] = [await registerSuperAdmin(), await registerSuperAdmin()]
      for (let round = 0; round < 6; round++) {
        await query('UPDATE users SET user_role = 1 WHERE user_role = 0 AND id NOT IN (?)', [[first.user.id, second.user.id]])
        await query('UPDATE users SET user_role = 0, status = \'active\' WHERE id IN (?)', [[first.user.id, second.user.id]])
        const responses = await Promise.all([
          putRoles(first.token, second.user.id, ['R_USER']),
          putRoles(second.token, first.user.id, ['R_USER']),
        ])
        expect(await activeSuperAdmins()).toHaveLength(1)
        const statuses = responses.map(response => response.status).sort()
        expect(statuses[0]).toBe(200)
        expect([403, 409]).toContain(statuses[1])
      }
      await query('UPDATE users SET user_role = 0 WHERE id = ?', [root.user.id])
    })
  })
})
