import { describe, expect, it } from 'vitest'
import { PERMISSIONS, isPermission, permissionGroup } from '../../shared/permissions'
import { parseHeldRoles, resolveAccess, sortRoles } from '../../server/roles/resolution'
import { coversRole, refuseActingOn, refuseRoleChange, refuseRoleDefinition, type RoleGrant } from '../../server/roles/rules'
import { builtInRoleText, permissionDescription } from '../../server/i18n/permissions'

describe('resolveAccess (an account\'s roles and permissions from its row and the aggregate)', () => {
  it('gives an account with user_role 0 R_SUPER and every permission of the catalogue, whatever else it holds', () => {
    expect(resolveAccess(0, null)).toEqual({ roles: ['R_SUPER'], permissions: [...PERMISSIONS] })
    expect(resolveAccess(0, 'R_USER')).toEqual({ roles: ['R_SUPER', 'R_USER'], permissions: [...PERMISSIONS] })
  })

  it('never takes R_SUPER from a stored row: user_role alone says who holds it', () => {
    expect(resolveAccess(1, 'R_SUPER,R_USER')).toEqual({ roles: ['R_USER'], permissions: [] })
  })

  it('unites the permissions of the stored roles, in the catalogue\'s order, without repeats', () => {
    const held = 'R_ADMIN user:list,R_ADMIN role:list,R_AUDIT role:list,R_AUDIT user:sessions,R_USER'
    expect(resolveAccess(1, held)).toEqual({ roles: ['R_ADMIN', 'R_USER', 'R_AUDIT'], permissions: ['user:list', 'user:sessions', 'role:list'] })
  })

  it('treats any user_role but 0 as no super admin (the owner\'s data may hold other numbers)', () => {
    expect(resolveAccess(2, 'R_USER').roles).toEqual(['R_USER'])
    expect(resolveAccess(null, 'R_USER').roles).toEqual(['R_USER'])
  })

  it('ignores a permission the catalogue no longer has', () => {
    expect(resolveAccess(1, 'R_OLD blog:write,R_OLD user:list')).toEqual({ roles: ['R_OLD'], permissions: ['user:list'] })
  })

  it('answers the same input with the same frozen answer, and another input with its own', () => {
    const held = 'R_ADMIN user:list,R_USER'
    const access = resolveAccess(1, held)
    expect(resolveAccess(1, held)).toBe(access)
    expect(Object.isFrozen(access) && Object.isFrozen(access.roles) && Object.isFrozen(access.permissions)).toBe(true)
    expect(() => access.permissions.push('role:manage')).toThrow(TypeError)
    expect(resolveAccess(0, held)).not.toBe(access)
    expect(resolveAccess(1, 'R_ADMIN user:list,R_ADMIN role:list,R_USER').permissions).toEqual(['user:list', 'role:list'])
  })

  it('reads a role without permissions, and nothing at all', () => {
    expect(parseHeldRoles('R_USER')).toEqual(new Map([['R_USER', []]]))
    expect(parseHeldRoles(null)).toEqual(new Map())
    expect(parseHeldRoles('')).toEqual(new Map())
  })

  it('orders roles: built-in ones first, then by code', () => {
    expect(sortRoles(['R_ZED', 'R_USER', 'R_AUDIT', 'R_SUPER', 'R_ADMIN', 'R_USER'])).toEqual(['R_SUPER', 'R_ADMIN', 'R_USER', 'R_AUDIT', 'R_ZED'])
  })
})

const superAdmin = resolveAccess(0, null)
const admin = { roles: ['R_ADMIN'], permissions: ['user:list', 'user:status', 'user:roles', 'user:sessions', 'role:list'] } as const
const ADMIN: RoleGrant = { code: 'R_ADMIN', permissions: ['user:list', 'user:status', 'user:sessions', 'role:list'] }
const AUDIT: RoleGrant = { code: 'R_AUDIT', permissions: ['user:list'] }
const MANAGER: RoleGrant = { code: 'R_MANAGER', permissions: ['role:manage'] }
const USER: RoleGrant = { code: 'R_USER', permissions: [] }
const grantsOf = (...roles: RoleGrant[]) => new Map(roles.map(role => [role.code, role]))

describe('no escalation: granting and removing roles', () => {
  it('lets only an R_SUPER holder grant or remove R_SUPER', () => {
    const access = { roles: [...admin.roles], permissions: [...admin.permissions] }
    expect(coversRole(access, { code: 'R_SUPER', permissions: [...PERMISSIONS] })).toBe(false)
    expect(refuseRoleChange(access, ['R_USER'], ['R_USER', 'R_SUPER'], grantsOf(USER))).toEqual({ errorCode: 'FORBIDDEN', details: { role: 'R_SUPER' } })
    expect(refuseRoleChange(access, ['R_SUPER', 'R_USER'], ['R_USER'], grantsOf(USER))).toEqual({ errorCode: 'FORBIDDEN', details: { role: 'R_SUPER' } })
    expect(refuseRoleChange(superAdmin, ['R_USER'], ['R_SUPER'], grantsOf(USER))).toBeNull()
  })

  it('lets a holder of user:roles grant or remove a role whose every permission it holds, and no other', () => {
    const access = { roles: [...admin.roles], permissions: [...admin.permissions] }
    expect(refuseRoleChange(access, ['R_USER'], ['R_USER', 'R_AUDIT', 'R_ADMIN'], grantsOf(USER, AUDIT, ADMIN))).toBeNull()
    expect(refuseRoleChange(access, ['R_USER'], ['R_MANAGER'], grantsOf(USER, MANAGER))).toEqual({ errorCode: 'FORBIDDEN', details: { role: 'R_MANAGER' } })
    expect(refuseRoleChange(access, ['R_MANAGER', 'R_USER'], ['R_USER'], grantsOf(USER, MANAGER))).toEqual({ errorCode: 'FORBIDDEN', details: { role: 'R_MANAGER' } })
  })

  it('looks only at the roles that change: one kept as it is needs no cover', () => {
    const access = { roles: [...admin.roles], permissions: [...admin.permissions] }
    expect(refuseRoleChange(access, ['R_SUPER', 'R_MANAGER'], ['R_SUPER', 'R_MANAGER', 'R_AUDIT'], grantsOf(MANAGER, AUDIT))).toBeNull()
  })

  it('names R_SUPER first when several roles are not covered', () => {
    const access = { roles: ['R_USER'], permissions: [] }
    expect(refuseRoleChange(access, ['R_USER'], ['R_AUDIT', 'R_SUPER'], grantsOf(USER, AUDIT))?.details).toEqual({ role: 'R_SUPER' })
  })
})

describe('no escalation: acting on an account and defining roles', () => {
  const access = { roles: [...admin.roles], permissions: [...admin.permissions] }

  it('refuses acting on an R_SUPER account without R_SUPER, or on one with a permission the actor lacks', () => {
    expect(refuseActingOn(access, superAdmin)).toEqual({ errorCode: 'FORBIDDEN', details: { role: 'R_SUPER' } })
    expect(refuseActingOn(access, { roles: ['R_MANAGER'], permissions: ['role:manage'] })).toEqual({ errorCode: 'FORBIDDEN', details: { permission: 'role:manage' } })
    expect(refuseActingOn(access, { roles: ['R_ADMIN'], permissions: ['user:list'] })).toBeNull()
    expect(refuseActingOn(superAdmin, superAdmin)).toBeNull()
  })

  it('lets a role be written only with permissions the writer holds, before and after', () => {
    expect(refuseRoleDefinition(access, [], ['user:list', 'role:list'])).toBeNull()
    expect(refuseRoleDefinition(access, [], ['user:list', 'role:manage'])).toEqual({ errorCode: 'FORBIDDEN', details: { permission: 'role:manage' } })
    expect(refuseRoleDefinition(access, ['role:manage'], [])).toEqual({ errorCode: 'FORBIDDEN', details: { permission: 'role:manage' } })
    expect(refuseRoleDefinition(superAdmin, ['role:manage'], [...PERMISSIONS])).toBeNull()
  })
})

describe('the catalogue', () => {
  it('describes every permission and built-in role in Chinese and English', () => {
    for (const code of PERMISSIONS) {
      expect(permissionDescription('zh', code)).toMatch(/\p{Script=Han}/u)
      expect(permissionDescription('en', code)).toMatch(/^[A-Z][\w ',-]+$/)
      expect(isPermission(code)).toBe(true)
      expect(['user', 'role']).toContain(permissionGroup(code))
    }
    for (const code of ['R_SUPER', 'R_ADMIN', 'R_USER'] as const) {
      expect(builtInRoleText('zh', code).name).toMatch(/\p{Script=Han}/u)
      expect(builtInRoleText('en', code).name).toMatch(/^[A-Z]/)
    }
    expect(isPermission('user:delete')).toBe(false)
  })
})

describe('heldFromRows (the session check\'s rows, one per role and permission)', async () => {
  const { heldFromRows } = await import('../../server/roles/access')

  it('reads the same as the aggregate: roles without permissions, several permissions, no row at all', () => {
    expect(heldFromRows([{ roleCode: 'R_ADMIN', defaultRoleCode: null, permission: 'user:list' }, { roleCode: 'R_ADMIN', defaultRoleCode: null, permission: 'role:list' }, { roleCode: 'R_USER', defaultRoleCode: null, permission: null }]))
      .toBe('R_ADMIN user:list,R_ADMIN role:list,R_USER')
    expect(heldFromRows([{ roleCode: null, defaultRoleCode: null, permission: null }])).toBeNull()
    expect(resolveAccess(0, heldFromRows([{ roleCode: null, defaultRoleCode: null, permission: null }]))).toEqual({ roles: ['R_SUPER'], permissions: [...PERMISSIONS] })
  })

  it('reads the default role of an account that holds none', () => {
    expect(heldFromRows([{ roleCode: null, defaultRoleCode: 'R_USER', permission: 'user:list' }, { roleCode: null, defaultRoleCode: 'R_USER', permission: null }]))
      .toBe('R_USER user:list,R_USER')
  })
})
