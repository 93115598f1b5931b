import type { H3Event } from 'h3'
import { and, count, desc, eq, isNull, ne, or, sql, type SQL } from 'drizzle-orm'
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core'
import type { AccountChange, AccountStatus, Role } from '~/types/api'
import type { User } from '../database/schema'
import type { UserSession } from './session'

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

/** `user_role` 0 is a super administrator; anything else a user. */
function roleCondition(role: Role): SQL {
  const { users } = tables
  return role === 'super_admin' ? eq(users.userRole, 0) : ne(users.userRole, 0)
}

/**
 * Sets the role and/or status of account `targetId` on behalf of super admin `actorId`, in one
 * transaction that locks the active super-admin rows first, so that concurrent changes are
 * serialised and none can leave the site without an active super admin (409
 * `LAST_SUPER_ADMIN`). The actor's own right is checked again under the lock (403), an admin
 * cannot disable themself (403), and disabling revokes every session of the account.
 * Answers the updated row; 404 `USER_NOT_FOUND` for an unknown id.
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

type Transaction = Parameters<Parameters<ReturnType<typeof useDB>['transaction']>[0]>[0]

async function applyChange(tx: Transaction, actorId: number, targetId: number, change: AccountChange): Promise<void> {
  const { users, sessions } = tables
  const admins = await tx.select({ id: users.id }).from(users)
    .where(and(eq(users.userRole, 0), eq(users.status, 'active'))).orderBy(users.id).for('update')
  if (!admins.some(admin => admin.id === actorId)) throw apiError('FORBIDDEN')
  const [target] = await tx.select().from(users).where(eq(users.id, targetId)).for('update')
  if (!target) throw apiError('USER_NOT_FOUND')

  const role = change.role ?? roleOf(target)
  const status = change.status ?? target.status
  const othersRemaining = admins.filter(admin => admin.id !== targetId).length
  if (othersRemaining === 0 && (role !== 'super_admin' || status !== 'active')) throw apiError('LAST_SUPER_ADMIN')
  if (targetId === actorId && status === 'disabled') throw apiError('FORBIDDEN', { reason: 'cannotDisableSelf' })

  const disabling = status === 'disabled' && target.status !== 'disabled'
  await tx.update(users).set({
    userRole: change.role ? (change.role === 'super_admin' ? 0 : 1) : target.userRole,
    status,
    ...(disabling ? { onlineStatus: 0 } : {}),
  }).where(eq(users.id, targetId))
  if (disabling) {
    await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, targetId), isNull(sessions.revokedAt)))
  }
}

function isDeadlock(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === 'ER_LOCK_DEADLOCK') return true
  }
  return false
}
