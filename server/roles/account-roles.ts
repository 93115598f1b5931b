import { and, eq, notInArray, sql } from 'drizzle-orm'
import { DEFAULT_ROLE } from '../../shared/permissions'
import { tables, useDB, type Executor } from '../database/db'

/*
 * `user_roles`: the roles each account holds, but `R_SUPER` (that one is `users.user_role`,
 * written by server/admin/accounts.ts). The only writer of these rows.
 */

/** Gives the new account `userId` the role every new account holds, `R_USER`. */
export async function giveDefaultRole(userId: number, db: Executor = useDB()): Promise<void> {
  const { roles, userRoles } = tables
  await db.execute(sql`INSERT IGNORE INTO ${userRoles} (${sql.identifier(userRoles.userId.name)}, ${sql.identifier(userRoles.roleId.name)})
    SELECT ${userId}, ${roles.id} FROM ${roles} WHERE ${roles.code} = ${DEFAULT_ROLE}`)
}

/**
 * Makes the stored roles of account `userId` exactly `roleIds` (ids of `roles`, `R_SUPER`'s
 * excluded), in the caller's transaction, which holds the account's row locked.
 */
export async function setStoredRoles(tx: Executor, userId: number, roleIds: number[]): Promise<void> {
  const { userRoles } = tables
  await tx.delete(userRoles).where(and(eq(userRoles.userId, userId), roleIds.length ? notInArray(userRoles.roleId, roleIds) : undefined))
  if (roleIds.length) await tx.insert(userRoles).ignore().values(roleIds.map(roleId => ({ userId, roleId })))
}
