import { and, count, desc, eq, ne, or, sql, type SQL } from 'drizzle-orm'
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core'
import type { AccountChange, AccountStatus, Role } from '~/types/api'
import { SUPER_ROLE, type Permission } from '../../shared/permissions'
import { ROLE_CODES, roleCode } from '../auth/roles'
import { findUserById } from '../accounts/users'
import { listSessions, revokeAllSessions } from '../auth/sessions'
import { tables, useDB, type Executor, type Transaction } from '../database/db'
import { isDeadlock, isMissingParentRow } from '../database/mysql-errors'
import type { Session } from '../database/schema'
import { accountColumns, toAccount, type Account } from '../roles/access'
import { setStoredRoles } from '../roles/account-roles'
import { grants } from '../roles/resolution'
import { findRoles, grantsOf } from '../roles/roles'
import { refuseActingOn, refuseRoleChange } from '../roles/rules'
import { apiError, invalidField } from '../utils/errors'
import { leavesNoSuperAdmin, refuseAccountChange } from './account-rules'

/*
 * What administrators do to accounts: list them, change their roles and status, end their
 * sessions. The rules of a change are account-rules.ts (the last super admin) and
 * server/roles/rules.ts (no escalation); ending sessions is server/auth/sessions.ts. The only
 * writer of `users.user_role` and `users.status`.
 */

export interface UserListFilters {
  page: number
  pageSize: number
  keyword?: string
  role?: Role
  status?: AccountStatus
}

/**
 * One page of accounts matching the filters, newest first (id descending), with their roles
 * and the number of all matching accounts. `keyword` matches part of the username, email or
 * mobile, taken literally (`%` and `_` are no wildcards); case aside, as the table's collation compares.
 */
export async function listUsers(filters: UserListFilters): Promise<{ records: Account[], total: number }> {
  const { users } = tables
  const where = and(
    filters.keyword ? keywordCondition(filters.keyword) : undefined,
    filters.role ? roleCondition(filters.role) : undefined,
    filters.status ? eq(users.status, filters.status) : undefined,
  )
  const [records, [counted]] = await Promise.all([
    useDB().select(accountColumns()).from(users).where(where).orderBy(desc(users.id))
      .limit(filters.pageSize).offset((filters.page - 1) * filters.pageSize),
    useDB().select({ total: count() }).from(users).where(where),
  ])
  return { records: records.map(toAccount), total: counted?.total ?? 0 }
}

/** `LIKE` escape character: not the backslash, whose meaning depends on the SQL mode. */
const LIKE_ESCAPE = '!'

function keywordCondition(keyword: string): SQL {
  const { users } = tables
  const pattern = `%${keyword.replace(/[!%_]/g, character => LIKE_ESCAPE + character)}%`
  const matches = (column: AnyMySqlColumn) => sql`${column} LIKE ${pattern} ESCAPE ${sql.raw(`'${LIKE_ESCAPE}'`)}`
  return or(matches(users.username), matches(users.email), matches(users.mobile))!
}

/** The accounts of `role`, as `roleOf` reads `user_role`. */
function roleCondition(role: Role): SQL {
  const { users } = tables
  return role === 'super_admin' ? eq(users.userRole, ROLE_CODES.super_admin) : ne(users.userRole, ROLE_CODES.super_admin)
}

/**
 * Runs an administrator's change in one transaction that first locks the rows of the active
 * super admins, so that concurrent changes are serialised and none can leave the site without
 * one; a deadlock is tried again. Answers the target account as it is afterwards.
 */
async function underAdminLock(targetId: number, change: (tx: Transaction, activeAdminIds: number[]) => Promise<void>): Promise<Account> {
  for (let attempt = 1; ; attempt++) {
    try {
      await useDB().transaction(async (tx) => {
        const { users } = tables
        const admins = await tx.select({ id: users.id }).from(users).where(activeSuperAdmin()).orderBy(users.id).for('update')
        await change(tx, admins.map(admin => admin.id))
      }, { isolationLevel: 'read committed' })
      return (await findUserById(targetId))!
    }
    catch (error) {
      if (attempt >= 3 || !isDeadlock(error)) throw error
    }
  }
}

/** The account `id` as it is now, in `db`; with `lock`, its `users` row stays locked for the transaction. */
async function readAccount(db: Executor, id: number, lock = false): Promise<Account | undefined> {
  const { users } = tables
  if (lock) {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, id)).for('update')
    if (!row) return undefined
  }
  const [account] = await db.select(accountColumns()).from(users).where(eq(users.id, id)).limit(1)
  return account && toAccount(account)
}

/** The actor as it is under the lock: still active and holding each of `needed`, else 403 naming the first missing. */
async function actorUnderLock(tx: Transaction, actorId: number, needed: Permission[]): Promise<Account> {
  const actor = await readAccount(tx, actorId)
  if (!actor || actor.status !== 'active') throw apiError('FORBIDDEN')
  const missing = needed.find(permission => !grants(actor, permission))
  if (missing) throw apiError('FORBIDDEN', { permission: missing })
  return actor
}

/**
 * Sets the role (`R_SUPER` or not) and/or status of account `targetId` on behalf of `actorId`,
 * under the admin lock: the actor's rights are checked again there (`user:status`, `user:roles`
 * and `R_SUPER` for a role, covering the account for a status), then the last-super-admin rule.
 * Disabling revokes every session of the account in the same transaction. 404 `USER_NOT_FOUND`.
 */
export async function changeAccount(actorId: number, targetId: number, change: AccountChange): Promise<Account> {
  return underAdminLock(targetId, async (tx, activeAdminIds) => {
    const needed: Permission[] = [...(change.status ? ['user:status' as const] : []), ...(change.role ? ['user:roles' as const] : [])]
    const actor = await actorUnderLock(tx, actorId, needed)
    const target = await readAccount(tx, targetId, true)
    if (!target) throw apiError('USER_NOT_FOUND')

    const isSuper = change.role ? change.role === 'super_admin' : target.roles.includes(SUPER_ROLE)
    const after = [...target.roles.filter(code => code !== SUPER_ROLE), ...(isSuper ? [SUPER_ROLE] : [])]
    const status = change.status ?? target.status
    const escalation = refuseRoleChange(actor, target.roles, after, new Map())
      ?? (status !== target.status && targetId !== actorId ? refuseActingOn(actor, target) : null)
    if (escalation) throw apiError(escalation.errorCode, escalation.details)
    const refusal = refuseAccountChange({ actorId, targetId, role: isSuper ? 'super_admin' : 'user', status, activeAdminIds })
    if (refusal) throw apiError(refusal.errorCode, refusal.details)

    const { users } = tables
    await tx.update(users).set({ userRole: change.role ? userRoleAfter(target, isSuper) : target.userRole, status }).where(eq(users.id, targetId))
    if (status === 'disabled' && target.status !== 'disabled') await revokeAllSessions(targetId, tx)
  })
}

/** The `user_role` that records `isSuper` for `target`: 0, or 1 for a super admin no more, else as it was. */
function userRoleAfter(target: Account, isSuper: boolean): number {
  if (isSuper) return ROLE_CODES.super_admin
  return target.userRole === ROLE_CODES.super_admin ? roleCode('user') : target.userRole
}

/**
 * Makes `codes` the roles of account `targetId` on behalf of `actorId` (`PUT
 * /api/admin/users/:id/roles`), under the admin lock: the actor holds `user:roles` and covers
 * every role granted or removed (only `R_SUPER` covers `R_SUPER`), an unknown code is 400, and
 * no change leaves the site without an active super admin. `R_SUPER` is written to
 * `users.user_role`, the others to `user_roles`.
 */
export async function assignRoles(actorId: number, targetId: number, codes: string[]): Promise<Account> {
  try {
    return await underAdminLock(targetId, async (tx, activeAdminIds) => {
      const actor = await actorUnderLock(tx, actorId, ['user:roles'])
      const target = await readAccount(tx, targetId, true)
      if (!target) throw apiError('USER_NOT_FOUND')
      const roles = await findRoles([...new Set([...codes, ...target.roles])], tx)
      if (codes.some(code => !roles.has(code))) throw invalidField('roles', 'unknownRole')

      const escalation = refuseRoleChange(actor, target.roles, codes, grantsOf(roles))
      if (escalation) throw apiError(escalation.errorCode, escalation.details)
      const isSuper = codes.includes(SUPER_ROLE)
      if (leavesNoSuperAdmin({ targetId, role: isSuper ? 'super_admin' : 'user', status: target.status, activeAdminIds })) throw apiError('LAST_SUPER_ADMIN')

      const { users } = tables
      if (isSuper !== target.roles.includes(SUPER_ROLE)) await tx.update(users).set({ userRole: userRoleAfter(target, isSuper) }).where(eq(users.id, targetId))
      await setStoredRoles(tx, targetId, codes.filter(code => code !== SUPER_ROLE).map(code => roles.get(code)!.id))
    })
  }
  catch (error) {
    // A role deleted between the check and the write.
    if (isMissingParentRow(error)) throw invalidField('roles', 'unknownRole')
    throw error
  }
}

function activeSuperAdmin(): SQL {
  const { users } = tables
  return and(eq(users.userRole, ROLE_CODES.super_admin), eq(users.status, 'active'))!
}

/** The live sessions of account `targetId` (404 `USER_NOT_FOUND` for an unknown id). */
export async function listAccountSessions(targetId: number): Promise<Session[]> {
  if (!(await findUserById(targetId))) throw apiError('USER_NOT_FOUND')
  return listSessions(targetId)
}

/**
 * Ends every session of account `targetId` at once on behalf of `actor`, who must cover the
 * account (no one signs out a stronger administrator); 404 `USER_NOT_FOUND`.
 */
export async function endAccountSessions(actor: Account, targetId: number): Promise<void> {
  const target = await findUserById(targetId)
  if (!target) throw apiError('USER_NOT_FOUND')
  const refusal = targetId === actor.id ? null : refuseActingOn(actor, target)
  if (refusal) throw apiError(refusal.errorCode, refusal.details)
  await revokeAllSessions(targetId)
}

/**
 * Makes account `userId` an active super administrator, outside any admin's request (the
 * command line's `admin:create`). Its sessions and password stay as they are.
 */
export async function grantSuperAdmin(userId: number): Promise<void> {
  const { users } = tables
  await useDB().update(users).set({ userRole: ROLE_CODES.super_admin, status: 'active' }).where(eq(users.id, userId))
}
