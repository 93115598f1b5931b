import { SUPER_ROLE, type Permission } from '../../shared/permissions'
import type { Access } from './resolution'

/*
 * No escalation (shared/API.md, "Roles and permissions"): what a holder of `user:roles`,
 * `user:status`, `user:sessions` or `role:manage` may do with the permissions it holds. Plain
 * functions; server/admin/ and server/roles/roles.ts apply them under their locks.
 */

/** A refusal: 403 `FORBIDDEN` naming the role or the permission the actor does not cover. */
export interface EscalationRefusal {
  errorCode: 'FORBIDDEN'
  details: { role: string } | { permission: Permission }
}

/** What a role grants: every permission for `R_SUPER`, else its own. */
export interface RoleGrant {
  code: string
  permissions: readonly Permission[]
}

/**
 * Whether `actor` covers `role`: only an `R_SUPER` holder covers `R_SUPER`; any other role is
 * covered when the actor holds every permission it grants.
 */
export function coversRole(actor: Access, role: RoleGrant): boolean {
  if (role.code === SUPER_ROLE) return actor.roles.includes(SUPER_ROLE)
  return role.permissions.every(permission => actor.permissions.includes(permission))
}

/**
 * Refuses a change of an account's roles from `before` to `after` unless `actor` covers every
 * role granted or removed (`grants` describes them by code); the refusal names the first such
 * role, `R_SUPER` first.
 */
export function refuseRoleChange(actor: Access, before: readonly string[], after: readonly string[], grants: ReadonlyMap<string, RoleGrant>): EscalationRefusal | null {
  const changed = [...new Set([...before.filter(code => !after.includes(code)), ...after.filter(code => !before.includes(code))])]
    .sort((a, b) => Number(b === SUPER_ROLE) - Number(a === SUPER_ROLE) || (a < b ? -1 : 1))
  for (const code of changed) {
    const role = grants.get(code) ?? { code, permissions: [] }
    if (!coversRole(actor, role)) return { errorCode: 'FORBIDDEN', details: { role: code } }
  }
  return null
}

/**
 * Refuses acting on another account (its status, its sessions) unless `actor` may do all it may:
 * an `R_SUPER` account only for an `R_SUPER` holder (naming the role), else every permission of
 * the account held by the actor (naming the first missing). No one disables or signs out a
 * stronger administrator.
 */
export function refuseActingOn(actor: Access, target: Access): EscalationRefusal | null {
  if (target.roles.includes(SUPER_ROLE) && !actor.roles.includes(SUPER_ROLE)) return { errorCode: 'FORBIDDEN', details: { role: SUPER_ROLE } }
  const missing = target.permissions.find(permission => !actor.permissions.includes(permission))
  return missing ? { errorCode: 'FORBIDDEN', details: { permission: missing } } : null
}

/**
 * Refuses writing a role's permissions from `before` to `after` (a new role: `before` empty)
 * unless `actor` holds every one of both: no one grants, or takes from a stronger role, what
 * they do not hold. The refusal names the first permission missing.
 */
export function refuseRoleDefinition(actor: Access, before: readonly Permission[], after: readonly Permission[]): EscalationRefusal | null {
  const missing = [...before, ...after].find(permission => !actor.permissions.includes(permission))
  return missing ? { errorCode: 'FORBIDDEN', details: { permission: missing } } : null
}
