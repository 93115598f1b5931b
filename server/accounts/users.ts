import { desc, eq, or, sql, type SQL } from 'drizzle-orm'
import type { PublicUser } from '~/types/api'
import { MOBILE_PATTERN } from '../../shared/rules'
import { hashPassword, NO_PASSWORD } from '../auth/passwords'
import { KEEP_UPDATE_TIME, tables, useDatabasePool, useDB, type Executor } from '../database/db'
import { duplicateKeyOf } from '../database/mysql-errors'
import { serverPrepared } from '../database/server-prepared'
import type { User, UserInsert } from '../database/schema'
import { apiError } from '../utils/errors'
import { roleOf } from '../auth/roles'
import { accountColumns, accountOf, heldRoles, toAccount, type Account } from '../roles/access'
import { giveDefaultRole } from '../roles/account-roles'
import { usernameSkeletonKey } from './skeleton'
import { fillUsernameSkeletons } from './skeletons'

/*
 * The `users` table: accounts, their details and their password. Role and status changes are
 * server/admin/; `online_status` and the last login are written by server/auth/sessions.ts.
 * The finders answer an `Account`: the row with its roles and permissions, read in the same query.
 */

/** The user object of the contract: never a password or a hash; times in ISO 8601 UTC. */
export function toPublicUser(user: Account): PublicUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    mobile: user.mobile,
    gender: (user.gender ?? 0) as PublicUser['gender'],
    avatar: user.avatar,
    role: roleOf(user),
    roles: user.roles,
    permissions: user.permissions,
    status: user.status,
    online: user.onlineStatus === 1,
    emailVerified: user.emailVerifiedAt !== null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    lastLoginIp: user.lastLoginIp,
    createdAt: user.createTime.toISOString(),
    updatedAt: user.updateTime.toISOString(),
  }
}

/**
 * Finds the account a login identifier names: a username match wins (names compare as the
 * column's collation does), then an email address (it has `@`, case aside), then a mobile number
 * (digits, `+` optional). Usernames cannot be all digits or hold `@` today, but accounts of the
 * original table may: such a name stays theirs, whoever later holds it as a mobile.
 */
export async function findUserByIdentifier(identifier: string): Promise<Account | undefined> {
  const { users } = tables
  const column = identifier.includes('@') ? users.email : MOBILE_PATTERN.test(identifier) ? users.mobile : null
  if (!column) return findAccountByUsername(identifier)
  const byUsername = eq(users.username, identifier)
  const byColumn = eq(column, column === users.email ? identifier.toLowerCase() : identifier)
  const [user] = await useDB().select(accountColumns()).from(users).where(or(byUsername, byColumn))
    .orderBy(desc(sql`${byUsername}`)).limit(1)
  return user && toAccount(user)
}

/** The account named `username`, with its roles and permissions: the look-up of a login by name, prepared once. */
async function findAccountByUsername(username: string): Promise<Account | undefined> {
  const [row] = await accountByUsername.execute({ username })
  return row && accountOf(row.user, row.held)
}

const accountByUsername = (() => {
  const selection = { user: tables.users, held: heldRoles() }
  return serverPrepared(selection, () => useDB().select(selection).from(tables.users).where(eq(tables.users.username, sql.placeholder('username'))).limit(1))
})()

/** The one account `where` selects, with its roles and permissions. */
async function findAccountWhere(where: SQL): Promise<Account | undefined> {
  const [user] = await useDB().select(accountColumns()).from(tables.users).where(where).limit(1)
  return user && toAccount(user)
}

/**
 * Refuses (409 `MOBILE_ALREADY_EXISTS`) a mobile number that is another account's username: a
 * legacy all-digit name would look like that mobile at login. `userId` is the account taking it.
 */
async function assertMobileIsNoUsername(mobile: string | null | undefined, userId?: number): Promise<void> {
  if (!mobile) return
  const owner = await findUserByUsername(mobile)
  if (owner && owner.id !== userId) throw apiError('MOBILE_ALREADY_EXISTS')
}

/**
 * Creates an account with a bcrypt hash of its password and answers it, holding `R_USER` (and
 * `R_SUPER` when `userRole` says so); a taken username (or one that looks like it: the same
 * confusable skeleton), email or mobile (also a mobile that is someone's username) is 409 with
 * the contract's code for it.
 */
export async function createUser(fields: Pick<UserInsert, 'username' | 'email' | 'mobile' | 'gender' | 'userRole'>, password: string): Promise<Account> {
  await assertMobileIsNoUsername(fields.mobile)
  const hash = await hashPassword(password)
  // Rows inserted by hand since start-up get their skeleton first, so that they block their look-alikes.
  await fillUsernameSkeletons(useDatabasePool())
  const usernameSkeleton = usernameSkeletonKey(fields.username)
  const [result] = await withUniqueFields(() => useDB().insert(tables.users).values({ ...fields, usernameSkeleton, password: hash }))
  await giveDefaultRole(result.insertId)
  return (await findUserById(result.insertId))!
}

/**
 * Creates an account without a usable password (`NO_PASSWORD`: a provider sign-in made it) with
 * `executor` (a transaction that also links the provider account) and answers its id; a taken
 * username (or a look-alike) or email is 409 with the contract's code for it.
 */
export async function createPasswordlessUser(executor: Executor, fields: Pick<UserInsert, 'username' | 'email' | 'emailVerifiedAt'>): Promise<number> {
  const usernameSkeleton = usernameSkeletonKey(fields.username)
  const [result] = await withUniqueFields(() => executor.insert(tables.users).values({ ...fields, usernameSkeleton, password: NO_PASSWORD }))
  return result.insertId
}

/**
 * Fills in the look-alike keys of rows inserted by hand since start-up, so that they block their
 * look-alikes; run before a new name is taken outside `createUser`.
 */
export async function prepareNewUsername(): Promise<void> {
  await fillUsernameSkeletons(useDatabasePool())
}

/** Changes the user's own details; a taken email or mobile (also someone's username) is 409 with the contract's code for it. */
export async function updateUser(userId: number, fields: Partial<Pick<UserInsert, 'email' | 'mobile' | 'gender' | 'avatar' | 'emailVerifiedAt'>>): Promise<Account> {
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
  if (Object.keys(changes).length) {
    await assertMobileIsNoUsername(fields.mobile, userId)
    await withUniqueFields(() => useDB().update(tables.users).set(changes).where(eq(tables.users.id, userId)))
  }
  return (await findUserById(userId))!
}

/** The owner's unique keys (drizzle/owner-users.sql), the look-alike key (drizzle/0004) and the contract's code for each. */
const TAKEN = {
  idx_username: 'USERNAME_ALREADY_EXISTS',
  idx_username_skeleton: 'USERNAME_ALREADY_EXISTS',
  idx_email: 'EMAIL_ALREADY_EXISTS',
  idx_mobile: 'MOBILE_ALREADY_EXISTS',
} as const

/** Runs a write, turning a duplicate username, email or mobile into its 409. */
async function withUniqueFields<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  }
  catch (error) {
    const key = duplicateKeyOf(error) as keyof typeof TAKEN | null
    if (key && key in TAKEN) throw apiError(TAKEN[key])
    throw error
  }
}

/** Finds the account `id`. */
export async function findUserById(id: number): Promise<Account | undefined> {
  return findAccountWhere(eq(tables.users.id, id))
}

/** Finds the account named `username` (names compare as the column's collation does: case, width and accents aside). */
export async function findUserByUsername(username: string): Promise<User | undefined> {
  const [user] = await useDB().select().from(tables.users).where(eq(tables.users.username, username)).limit(1)
  return user
}

/** Finds the account that holds `email` (already lower-cased). */
export async function findUserByEmail(email: string): Promise<Account | undefined> {
  return findAccountWhere(eq(tables.users.email, email))
}

/**
 * Stores a fresh bcrypt hash of `password` for the user. A change the owner made moves
 * `update_time`; a re-hash on login (`{ rehash: true }`) is bookkeeping and keeps it.
 */
export async function storePassword(userId: number, password: string, options: { rehash?: boolean } = {}): Promise<void> {
  const { users } = tables
  const hash = await hashPassword(password)
  await useDB().update(users).set({ password: hash, ...(options.rehash ? KEEP_UPDATE_TIME : {}) }).where(eq(users.id, userId))
}

/** Whether the user has an email address (narrowing `user.email` to a string). */
export function hasEmail<T extends User>(user: T): user is T & { email: string } {
  return Boolean(user.email)
}
