import type { H3Event } from 'h3'
import { and, count, desc, eq, ne, or, sql, type SQL } from 'drizzle-orm'
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core'
import type { AccountChange, AccountStatus, Role } from '~/types/api'
import { ROLE_CODES, roleCode, roleOf } from '../auth/roles'
import { findUserById } from '../accounts/users'
import { revokeAllSessions } from '../auth/sessions'
import { tables, useDB, type Transaction } from '../database/db'
import { isDeadlock } from '../database/mysql-errors'
import type { User } from '../database/schema'
import { apiError } from '../utils/errors'
import { requireUserSession, type UserSession } from '../utils/session'
import { refuseAccountChange } from './account-rules'

/*
 * What super administrators do to accounts: list them, change their role and status. The rules
 * of a change are account-rules.ts; ending a disabled account's sessions is server/auth/sessions.ts.
 */

/**
 * The signed-in super administrator of this request. The role is read from the `users` row on
 * every request (not from the token), so a demoted or disabled admin loses the right at once.
 * Throws 401 without a valid session and 403 `FORBIDDEN` for anyone else.
 */
export async function requireSuperAdmin(event: H3Event): Promise<UserSession> {
  const session = await requireUserSession(event)
  if (roleOf(session.user) !== 'super_admin') throw apiError('FORBIDDEN')
  return session
}

export interface UserListFilters {
  page: number
  pageSize: number
  keyword?: string
  role?: Role
  status?: AccountStatus
}

/**
 * One page of accounts matching the filters, newest first (id descending), with the number of
 * all matching accounts. `keyword` matches part of the username, email or mobile, taken
 * literally (`%` and `_` are no wildcards); case aside, as the table's collation compares.
 */
export async function listUsers(filters: UserListFilters): Promise<{ records: User[], total: number }> {
  const { users } = tables
  const where = and(
    filters.keyword ? keywordCondition(filters.keyword) : undefined,
    filters.role ? roleCondition(filters.role) : undefined,
    filters.status ? eq(users.status, filters.status) : undefined,
  )
  const [records, [counted]] = await Promise.all([
    useDB().select().from(users).where(where).orderBy(desc(users.id))
      .limit(filters.pageSize).offset((filters.page - 1) * filters.pageSize),
    useDB().select({ total: count() }).from(users).where(where),
  ])
  return { records, total: counted?.total ?? 0 }
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
 * Sets the role and/or status of account `targetId` on behalf of super admin `actorId`, in one
 * transaction that locks the active super-admin rows first, so that concurrent changes are
 * serialised and none can break the rules of `refuseAccountChange`. The actor's own right is
 * checked again under the lock (403), and disabling revokes every session of the account, in
 * the same transaction. Answers the updated row; 404 `USER_NOT_FOUND` for an unknown id.
 */
export async function changeAccount(actorId: number, targetId: number, change: AccountChange): Promise<User> {
  for (let attempt = 1; ; attempt++) {
    try {
      await useDB().transaction(tx => applyChange(tx, actorId, targetId, change), { isolationLevel: 'read committed' })
      return (await findUserById(targetId))!
    }
    catch (error) {
      if (attempt >= 3 || !isDeadlock(error)) throw error
    }
  }
}

async function applyChange(tx: Transaction, actorId: number, targetId: number, change: AccountChange): Promise<void> {
  const { users } = tables
  const admins = await tx.select({ id: users.id }).from(users)
    .where(activeSuperAdmin()).orderBy(users.id).for('update')
  if (!admins.some(admin => admin.id === actorId)) throw apiError('FORBIDDEN')
  const [target] = await tx.select().from(users).where(eq(users.id, targetId)).for('update')
  if (!target) throw apiError('USER_NOT_FOUND')

  const role = change.role ?? roleOf(target)
  const status = change.status ?? target.status
  const refusal = refuseAccountChange({ actorId, targetId, role, status, activeAdminIds: admins.map(admin => admin.id) })
  if (refusal) throw apiError(refusal.errorCode, refusal.details)

  await tx.update(users).set({ userRole: change.role ? roleCode(change.role) : target.userRole, status }).where(eq(users.id, targetId))
  if (status === 'disabled' && target.status !== 'disabled') await revokeAllSessions(targetId, tx)
}

function activeSuperAdmin(): SQL {
  const { users } = tables
  return and(eq(users.userRole, ROLE_CODES.super_admin), eq(users.status, 'active'))!
}

/**
 * Makes account `userId` an active super administrator, outside any admin's request (the
 * command line's `admin:create`). Its sessions and password stay as they are.
 */
export async function grantSuperAdmin(userId: number): Promise<void> {
  const { users } = tables
  await useDB().update(users).set({ userRole: ROLE_CODES.super_admin, status: 'active' }).where(eq(users.id, userId))
}
