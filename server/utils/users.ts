import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { PublicUser } from '~/types/api'
import { MOBILE_PATTERN } from '~/shared/rules'
import type { User } from '../database/schema'

/** The user object of the contract: never a password or a hash; times in ISO 8601 UTC. */
export function toPublicUser(user: User): PublicUser {
  const created = user.createTime ?? new Date(0)
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    mobile: user.mobile,
    gender: (user.gender ?? 0) as PublicUser['gender'],
    avatar: user.avatar,
    role: user.userRole === 0 ? 'super_admin' : 'user',
    status: user.status,
    online: user.onlineStatus === 1,
    emailVerified: user.emailVerifiedAt !== null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    lastLoginIp: user.lastLoginIp,
    createdAt: created.toISOString(),
    updatedAt: (user.updateTime ?? created).toISOString(),
  }
}

/**
 * Finds the account a login identifier names: an email address (it has `@`), a mobile number
 * (digits, `+` optional) or a username (never all digits, never with `@`), case aside.
 */
export async function findUserByIdentifier(identifier: string): Promise<User | undefined> {
  const { users } = tables
  const column = identifier.includes('@') ? users.email : MOBILE_PATTERN.test(identifier) ? users.mobile : users.username
  const value = column === users.email ? identifier.toLowerCase() : identifier
  const [user] = await useDB().select().from(users).where(eq(column, value)).limit(1)
  return user
}

export async function findUserById(id: number): Promise<User | undefined> {
  const [user] = await useDB().select().from(tables.users).where(eq(tables.users.id, id)).limit(1)
  return user
}

/** Stores a fresh bcrypt hash of `password` for the user (a re-hash keeps `update_time`). */
export async function storePassword(userId: number, password: string): Promise<void> {
  const { users } = tables
  await useDB().update(users).set({ password: await hashPassword(password), ...KEEP_UPDATE_TIME }).where(eq(users.id, userId))
}

/** An update value that keeps `update_time` as it was: for bookkeeping that is no profile change. */
export const KEEP_UPDATE_TIME = { updateTime: sql`update_time` } as const

/** Sets `online_status` from whether the user still has a live session. */
export async function refreshOnlineStatus(userId: number): Promise<void> {
  const { users, sessions } = tables
  const live = useDB().select({ one: sql`1` }).from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`NOW(3)`)))
  await useDB().update(users)
    .set({ onlineStatus: sql`EXISTS(${live})`, ...KEEP_UPDATE_TIME })
    .where(eq(users.id, userId))
}
