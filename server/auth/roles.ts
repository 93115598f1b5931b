import type { Role } from '~/types/api'
import type { User } from '../database/schema'

/**
 * The roles of the contract and their code in `users.user_role` (the owner's column): 0 is a
 * super administrator, anything else a user; new accounts get 1. The one place these numbers
 * are written.
 */
export const ROLE_CODES = { super_admin: 0, user: 1 } as const satisfies Record<Role, number>

/** The contract's role names, for request schemas. */
export const ROLES = Object.keys(ROLE_CODES) as [Role, ...Role[]]

/** The contract's role of a user: `user_role` 0 is a super administrator, anything else a user. */
export function roleOf(user: Pick<User, 'userRole'>): Role {
  return user.userRole === ROLE_CODES.super_admin ? 'super_admin' : 'user'
}

/** The `user_role` value that stores `role`. */
export function roleCode(role: Role): number {
  return ROLE_CODES[role]
}
