import { and, eq, getTableColumns, isNull, ne, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import { DEFAULT_ROLE } from '../../shared/permissions'
import { ROLE_CODES } from '../auth/roles'
import { tables } from '../database/db'
import type { User } from '../database/schema'
import { resolveAccess, type Access } from './resolution'

/*
 * An account's roles and permissions, read in the same query as its `users` row: the session
 * check of every request (server/auth/sessions.ts) and every place that answers a user object.
 */

/** A `users` row with the roles and permissions of the account. */
export type Account = User & Access

/**
 * The stored roles of the `users` row in the query, with their permissions, as one string
 * (`CODE permission,CODE permission,CODE`; see `parseHeldRoles`): a correlated aggregate on the
 * primary keys of `user_roles` and `role_permissions` (one index range each), so that the
 * session check stays one round trip. An account that holds no stored role and is no super
 * admin (a row inserted by hand) holds `R_USER` (looked up by its unique code).
 */
export function heldRoles(): SQL<string | null> {
  const { users } = tables
  const pairs = sql.raw('GROUP_CONCAT(CONCAT_WS(\' \', `held_role`.`code`, `granted`.`permission`) SEPARATOR \',\')')
  const stored = sql`SELECT ${pairs} FROM \`user_roles\` \`held\`
    JOIN \`roles\` \`held_role\` ON \`held_role\`.\`id\` = \`held\`.\`role_id\`
    LEFT JOIN \`role_permissions\` \`granted\` ON \`granted\`.\`role_id\` = \`held\`.\`role_id\`
    WHERE \`held\`.\`user_id\` = ${users.id}`
  const byDefault = sql`SELECT ${pairs} FROM \`roles\` \`held_role\`
    LEFT JOIN \`role_permissions\` \`granted\` ON \`granted\`.\`role_id\` = \`held_role\`.\`id\`
    WHERE \`held_role\`.\`code\` = ${sql.raw(`'${DEFAULT_ROLE}'`)}`
  const holdsNone = sql`NOT EXISTS (SELECT 1 FROM \`user_roles\` \`any_held\` WHERE \`any_held\`.\`user_id\` = ${users.id})`
  return sql<string | null>`(CASE WHEN ${users.userRole} <> ${sql.raw(String(ROLE_CODES.super_admin))} AND ${holdsNone} THEN (${byDefault}) ELSE (${stored}) END)`
}

/**
 * The same facts as `heldRoles()` for the session check, as plain joins (measured faster than the
 * correlated aggregate on MariaDB: docs/benchmarks.md): left-join `heldRoleTables.link`, `.role`,
 * `.defaultRole` and `.grant` on `heldRoleJoins`' conditions to a query on `users`, and it answers
 * one row per role and permission of the account (at least one), all by primary or unique keys.
 * The role of a row is `role.code`, else `defaultRole.code` (`R_USER`, for an account with no
 * stored role that is no super admin).
 */
export const heldRoleTables = {
  link: alias(tables.userRoles, 'held'),
  role: alias(tables.roles, 'held_role'),
  defaultRole: alias(tables.roles, 'default_role'),
  grant: alias(tables.rolePermissions, 'granted'),
}

/**
 * The join conditions of `heldRoleTables`, in order: the account's links, their roles, `R_USER`
 * when there are none, the roles' permissions. Two joins of `roles` rather than one with an `OR`:
 * each is then a look-up by key (MariaDB otherwise re-plans the join for every row).
 */
export function heldRoleJoins(): { link: SQL, role: SQL, defaultRole: SQL, grant: SQL } {
  const { users } = tables
  const { link, role, defaultRole, grant } = heldRoleTables
  return {
    link: eq(link.userId, users.id),
    role: eq(role.id, link.roleId),
    defaultRole: and(isNull(link.roleId), ne(users.userRole, ROLE_CODES.super_admin), eq(defaultRole.code, DEFAULT_ROLE))!,
    grant: eq(grant.roleId, sql`COALESCE(${role.id}, ${defaultRole.id})`),
  }
}

/**
 * The `held` string of `heldRoles()` from the rows of `heldRoleJoins`: each the `code` of `role`
 * and of `defaultRole` (at most one of them set) and a `permission`, any of them null.
 */
export function heldFromRows(rows: readonly { roleCode: string | null, defaultRoleCode: string | null, permission: string | null }[]): string | null {
  const pairs = rows.flatMap(({ roleCode, defaultRoleCode, permission }) => {
    const code = roleCode ?? defaultRoleCode
    return code ? [permission ? `${code} ${permission}` : code] : []
  })
  return pairs.length ? pairs.join(',') : null
}

/** What to select for an `Account`: every column of `users`, and `held` (`heldRoles`). */
export function accountColumns() {
  return { ...getTableColumns(tables.users), held: heldRoles() }
}

/** The `Account` of a row selected with `accountColumns()`. */
export function toAccount({ held, ...user }: User & { held: string | null }): Account {
  return accountOf(user, held)
}

/** The `Account` of a `users` row whose roles and permissions are `held` (as `heldRoles()` writes them). */
export function accountOf(user: User, held: string | null): Account {
  return { ...user, ...resolveAccess(user.userRole, held) }
}
