import { BUILT_IN_ROLES, PERMISSIONS, SUPER_ROLE, isPermission, type Permission } from '../../shared/permissions'
import { ROLE_CODES } from '../auth/roles'
import { deepFreeze } from '../utils/deep-freeze'

/*
 * Which roles and permissions an account holds, from what the database answers about it: plain
 * functions, no I/O (the query is server/roles/access.ts).
 */

/** An account's roles (their codes) and the union of their permissions, as the user object carries them. */
export interface Access {
  roles: string[]
  permissions: Permission[]
}

/**
 * The stored roles of an account with their permissions, as the session query's aggregate
 * writes them: `CODE` or `CODE permission`, comma-separated (codes and permissions hold no
 * space or comma). Answers each role's permissions by code.
 */
export function parseHeldRoles(held: string | null): Map<string, Permission[]> {
  const roles = new Map<string, Permission[]>()
  for (const entry of held ? held.split(',') : []) {
    const [code = '', permission] = entry.split(' ')
    const permissions = roles.get(code) ?? []
    // A code no longer in the catalogue (a permission retired from the code) grants nothing.
    if (permission && isPermission(permission)) permissions.push(permission)
    roles.set(code, permissions)
  }
  return roles
}

/**
 * The access of an account: `R_SUPER` exactly when `user_role` is 0 (the owner's column is the
 * one record of it), holding every permission of the catalogue; the other roles as stored (an
 * account without any is given `R_USER` by the query). Roles in a stable order: the built-in ones
 * first, then by code; permissions in the catalogue's order.
 */
export function resolveAccess(userRole: number | null, held: string | null): Readonly<Access> {
  const key = `${userRole} ${held ?? ''}`
  let access = resolved.get(key)
  if (!access) {
    if (resolved.size >= RESOLVED_KEPT) resolved.clear()
    access = deepFreeze(resolveAccessAnew(userRole, held))
    resolved.set(key, access)
  }
  return access
}

/**
 * `resolveAccess`'s answers by their input: accounts share a handful of role sets, and the
 * session check of every request would otherwise parse, sort and filter the same one again. An
 * answer depends on nothing but its input, so none can go stale; frozen, as every caller shares it.
 */
const resolved = new Map<string, Readonly<Access>>()
const RESOLVED_KEPT = 1000

function resolveAccessAnew(userRole: number | null, held: string | null): Access {
  const stored = parseHeldRoles(held)
  stored.delete(SUPER_ROLE)
  const isSuper = userRole === ROLE_CODES.super_admin
  const roles = sortRoles([...(isSuper ? [SUPER_ROLE] : []), ...stored.keys()])
  const granted = new Set([...stored.values()].flat())
  const permissions = PERMISSIONS.filter(permission => isSuper || granted.has(permission))
  return { roles, permissions }
}

/** Role codes, the built-in ones first in their order, then the others by code. */
export function sortRoles(codes: Iterable<string>): string[] {
  const rank = (code: string) => {
    const index = (BUILT_IN_ROLES as readonly string[]).indexOf(code)
    return index === -1 ? BUILT_IN_ROLES.length : index
  }
  return [...new Set(codes)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
}

/** Whether `access` grants `permission`. */
export function grants(access: Access, permission: Permission): boolean {
  return access.permissions.includes(permission)
}
