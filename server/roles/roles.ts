import { and, count, eq, inArray, ne, notExists, sql } from 'drizzle-orm'
import type { RoleInfo } from '~/types/api'
import { isBuiltInRole, isPermission, PERMISSIONS, SUPER_ROLE, type Permission } from '../../shared/permissions'
import { ROLE_CODES } from '../auth/roles'
import { tables, useDB, type Executor, type Transaction } from '../database/db'
import { duplicateKeyOf, isReferencedRow } from '../database/mysql-errors'
import type { RoleRow } from '../database/schema'
import { builtInRoleText } from '../i18n/permissions'
import type { Language } from '../i18n/messages'
import { apiError } from '../utils/errors'
import type { Access } from './resolution'
import { sortRoles } from './resolution'
import { refuseRoleDefinition, type RoleGrant } from './rules'

/*
 * `roles` and `role_permissions`: the roles, their names and the permissions each grants. The
 * only writer of these tables. Which account holds which role is account-roles.ts (and
 * `users.user_role` for `R_SUPER`).
 */

/** A role with the permissions it grants (`R_SUPER`: every one). */
export interface Role extends RoleRow {
  permissions: Permission[]
}

/** The fields of a new role (a super admin's request). */
export interface NewRole {
  code: string
  name: string
  description?: string | null
  permissions: Permission[]
}

/** A change of a role: what is given changes (`description: null` clears it). */
export interface RoleChange {
  name?: string
  description?: string | null
  permissions?: Permission[]
}

/** The permissions of a role as stored, in the catalogue's order; `R_SUPER` grants every one. */
function permissionsOf(code: string, stored: readonly string[]): Permission[] {
  return code === SUPER_ROLE ? [...PERMISSIONS] : PERMISSIONS.filter(permission => stored.includes(permission))
}

/** The roles of `codes` (those that exist), with their permissions, by code. */
export async function findRoles(codes: readonly string[], db: Executor = useDB()): Promise<Map<string, Role>> {
  const { roles, rolePermissions } = tables
  if (!codes.length) return new Map()
  const rows = await db.select().from(roles).where(inArray(roles.code, [...codes]))
  const granted = rows.length
    ? await db.select().from(rolePermissions).where(inArray(rolePermissions.roleId, rows.map(row => row.id)))
    : []
  return new Map(rows.map(row => [row.code, {
    ...row,
    permissions: permissionsOf(row.code, granted.filter(grant => grant.roleId === row.id).map(grant => grant.permission)),
  }]))
}

/** The role `code` with its permissions, or 404 `NOT_FOUND`. */
async function requireRole(code: string, db: Executor): Promise<Role> {
  const role = (await findRoles([code], db)).get(code)
  if (!role) throw apiError('NOT_FOUND')
  return role
}

/** What `RoleGrant`s the escalation rules need, by code. */
export function grantsOf(roles: ReadonlyMap<string, Role>): Map<string, RoleGrant> {
  return new Map([...roles].map(([code, role]) => [code, { code, permissions: role.permissions }]))
}

/** How many accounts hold each role, by role id; `R_SUPER` by `user_role`, `R_USER` with the accounts that hold no stored role. */
async function holderCounts(): Promise<{ stored: Map<number, number>, superAdmins: number, withoutStoredRole: number }> {
  const { users, userRoles } = tables
  const [stored, [superAdmins], [withoutStoredRole]] = await Promise.all([
    useDB().select({ roleId: userRoles.roleId, holders: count() }).from(userRoles).groupBy(userRoles.roleId),
    useDB().select({ holders: count() }).from(users).where(eq(users.userRole, ROLE_CODES.super_admin)),
    useDB().select({ holders: count() }).from(users).where(and(
      ne(users.userRole, ROLE_CODES.super_admin),
      notExists(useDB().select({ one: sql`1` }).from(userRoles).where(eq(userRoles.userId, users.id))),
    )),
  ])
  return {
    stored: new Map(stored.map(row => [row.roleId, row.holders])),
    superAdmins: superAdmins?.holders ?? 0,
    withoutStoredRole: withoutStoredRole?.holders ?? 0,
  }
}

/** Every role as `GET /api/admin/roles` lists it: built-in ones first, then by code. */
export async function listRoles(language: Language): Promise<RoleInfo[]> {
  const { roles } = tables
  const [codes, counts] = await Promise.all([useDB().select({ code: roles.code }).from(roles), holderCounts()])
  const found = await findRoles(codes.map(row => row.code))
  return sortRoles(found.keys()).map((code) => {
    const role = found.get(code)!
    const stored = counts.stored.get(role.id) ?? 0
    const userCount = code === SUPER_ROLE ? counts.superAdmins : code === 'R_USER' ? stored + counts.withoutStoredRole : stored
    return toRoleInfo(role, userCount, language)
  })
}

/** A role on the wire; a built-in role not edited since speaks its name and description in `language`. */
export function toRoleInfo(role: Role, userCount: number, language: Language): RoleInfo {
  const words = isBuiltInRole(role.code) ? builtInRoleText(language, role.code) : undefined
  return {
    code: role.code,
    name: role.name ?? words?.name ?? role.code,
    description: role.description ?? words?.description ?? null,
    permissions: role.permissions,
    builtIn: role.builtIn,
    userCount,
  }
}

/** The number of accounts that hold the role of `role` (as `listRoles` counts them). */
export async function userCountOf(role: Role): Promise<number> {
  const counts = await holderCounts()
  if (role.code === SUPER_ROLE) return counts.superAdmins
  return (counts.stored.get(role.id) ?? 0) + (role.code === 'R_USER' ? counts.withoutStoredRole : 0)
}

/**
 * Creates a role on behalf of `actor`, who must hold each permission it grants (403); a code
 * taken is 409 `ROLE_ALREADY_EXISTS`.
 */
export async function createRole(actor: Access, input: NewRole): Promise<Role> {
  const refusal = refuseRoleDefinition(actor, [], input.permissions)
  if (refusal) throw apiError(refusal.errorCode, refusal.details)
  const { roles } = tables
  try {
    await useDB().transaction(async (tx) => {
      const [result] = await tx.insert(roles).values({ code: input.code, name: input.name, description: input.description ?? null, builtIn: false })
      await writePermissions(tx, result.insertId, input.permissions)
    })
  }
  catch (error) {
    if (duplicateKeyOf(error) === 'idx_role_code') throw apiError('ROLE_ALREADY_EXISTS')
    throw error
  }
  return requireRole(input.code, useDB())
}

/**
 * Changes role `code` on behalf of `actor`: 404 `NOT_FOUND` for an unknown code, 409
 * `BUILT_IN_ROLE` for `R_SUPER`, 403 when the actor lacks a permission the role grants before
 * or after. Applies at the next request of every account that holds it.
 */
export async function updateRole(actor: Access, code: string, change: RoleChange): Promise<Role> {
  await useDB().transaction(async (tx) => {
    const role = await lockRole(tx, code)
    if (role.code === SUPER_ROLE) throw apiError('BUILT_IN_ROLE')
    const refusal = refuseRoleDefinition(actor, role.permissions, change.permissions ?? [])
    if (refusal) throw apiError(refusal.errorCode, refusal.details)
    const { roles, rolePermissions } = tables
    await tx.update(roles).set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      updatedAt: sql`NOW(3)`,
    }).where(eq(roles.id, role.id))
    if (change.permissions) {
      await tx.delete(rolePermissions).where(eq(rolePermissions.roleId, role.id))
      await writePermissions(tx, role.id, change.permissions)
    }
  })
  return requireRole(code, useDB())
}

/**
 * Deletes role `code` on behalf of `actor`: 404 `NOT_FOUND`, 409 `BUILT_IN_ROLE` for a built-in
 * role (held or not), 409 `ROLE_IN_USE` while an account holds it (the database's foreign key
 * refuses it, so an assignment at the same moment cannot slip through), 403 when the actor lacks
 * a permission it grants.
 */
export async function deleteRole(actor: Access, code: string): Promise<void> {
  try {
    await useDB().transaction(async (tx) => {
      const role = await lockRole(tx, code)
      if (role.builtIn || isBuiltInRole(role.code)) throw apiError('BUILT_IN_ROLE')
      const refusal = refuseRoleDefinition(actor, role.permissions, [])
      if (refusal) throw apiError(refusal.errorCode, refusal.details)
      await tx.delete(tables.roles).where(eq(tables.roles.id, role.id))
    })
  }
  catch (error) {
    if (isReferencedRow(error)) throw apiError('ROLE_IN_USE')
    throw error
  }
}

/** The role `code`, its row locked for the rest of `tx`; 404 `NOT_FOUND` when there is none. */
async function lockRole(tx: Transaction, code: string): Promise<Role> {
  const [row] = await tx.select({ id: tables.roles.id }).from(tables.roles).where(eq(tables.roles.code, code)).for('update')
  if (!row) throw apiError('NOT_FOUND')
  return requireRole(code, tx)
}

async function writePermissions(tx: Transaction, roleId: number, permissions: readonly Permission[]): Promise<void> {
  const known = [...new Set(permissions)].filter(isPermission)
  if (known.length) await tx.insert(tables.rolePermissions).values(known.map(permission => ({ roleId, permission })))
}
