/**
 * The catalogue of permissions (shared/API.md, "Roles and permissions"): fixed by the code, each
 * guarding routes and buttons. The one place a permission code is written; its description in
 * each language is in server/i18n/permissions.ts, its group's heading in the pages' locale files.
 * Add a permission here, describe it there, and `R_SUPER` holds it at once.
 */
export const PERMISSIONS = [
  'user:list',
  'user:status',
  'user:roles',
  'user:sessions',
  'role:list',
  'role:manage',
] as const

export type Permission = typeof PERMISSIONS[number]

/** What a permission belongs to: the part before `:` (`user`, `role`), for grouped checklists. */
export type PermissionGroup = Permission extends `${infer Group}:${string}` ? Group : never

export function isPermission(code: string): code is Permission {
  return (PERMISSIONS as readonly string[]).includes(code)
}

export function permissionGroup(code: Permission): PermissionGroup {
  return code.slice(0, code.indexOf(':')) as PermissionGroup
}

/** The built-in roles: `R_SUPER` holds every permission and cannot change; none can be deleted. */
export const BUILT_IN_ROLES = ['R_SUPER', 'R_ADMIN', 'R_USER'] as const
export type BuiltInRole = typeof BUILT_IN_ROLES[number]

export const SUPER_ROLE = 'R_SUPER' satisfies BuiltInRole
export const ADMIN_ROLE = 'R_ADMIN' satisfies BuiltInRole
/** Every new account holds it; so does an account that holds no role at all (a row inserted by hand). */
export const DEFAULT_ROLE = 'R_USER' satisfies BuiltInRole

/** A role's code: `R_` followed by 2–30 of `A–Z 0–9 _`. */
export const ROLE_CODE_PATTERN = /^R_[A-Z0-9_]{2,30}$/
export const ROLE_NAME_MAX = 50
export const ROLE_DESCRIPTION_MAX = 255

export function isBuiltInRole(code: string): code is BuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(code)
}
