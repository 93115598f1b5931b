import { sql } from 'drizzle-orm'
import { bigint, boolean, char, datetime, index, int, mysqlEnum, mysqlTable, primaryKey, tinyint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'

/**
 * `users` is the product owner's table (drizzle/owner-users.sql) column for column: name, type,
 * nullability, default and unique key name. Its comments, ON UPDATE and the identifier columns'
 * collation live in the migrations (drizzle/0000, 0003), which drizzle-orm cannot express. The
 * columns after `updateTime` are this service's additions. Every column that refers to `id` is a
 * `bigint` like it.
 */
export const users = mysqlTable('users', {
  id: bigint('id', { mode: 'number' }).autoincrement().primaryKey(),
  username: varchar('username', { length: 50 }).notNull(),
  password: varchar('password', { length: 100 }).notNull(),
  mobile: varchar('mobile', { length: 20 }),
  email: varchar('email', { length: 100 }),
  gender: tinyint('gender').default(0),
  avatar: varchar('avatar', { length: 255 }),
  userRole: tinyint('user_role').notNull().default(1),
  onlineStatus: tinyint('online_status').notNull().default(0),
  createTime: datetime('create_time', { mode: 'date' }).notNull().default(sql`CURRENT_TIMESTAMP`),
  updateTime: datetime('update_time', { mode: 'date' }).notNull().default(sql`CURRENT_TIMESTAMP`),
  status: mysqlEnum('status', ['active', 'disabled']).notNull().default('active'),
  emailVerifiedAt: datetime('email_verified_at', { mode: 'date', fsp: 3 }),
  lastLoginAt: datetime('last_login_at', { mode: 'date', fsp: 3 }),
  lastLoginIp: varchar('last_login_ip', { length: 45 }),
  /**
   * The SHA-256 of the name's confusable skeleton (server/accounts/skeleton.ts): one name per
   * look-alike. NULL until filled (a row inserted by hand, or the younger of a legacy pair).
   */
  usernameSkeleton: char('username_skeleton', { length: 64 }),
}, table => [
  uniqueIndex('idx_username').on(table.username),
  uniqueIndex('idx_username_skeleton').on(table.usernameSkeleton),
  uniqueIndex('idx_mobile').on(table.mobile),
  uniqueIndex('idx_email').on(table.email),
])

/** A column that refers to `users.id`. */
const userIdColumn = () => bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' })

/** One row per signed-in device. */
export const sessions = mysqlTable('sessions', {
  id: char('id', { length: 24 }).primaryKey(),
  userId: userIdColumn(),
  rememberMe: boolean('remember_me').notNull().default(false),
  userAgent: varchar('user_agent', { length: 255 }),
  ip: varchar('ip', { length: 45 }),
  createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  lastUsedAt: datetime('last_used_at', { mode: 'date', fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  expiresAt: datetime('expires_at', { mode: 'date', fsp: 3 }).notNull(),
  revokedAt: datetime('revoked_at', { mode: 'date', fsp: 3 }),
}, table => [
  index('sessions_user_id').on(table.userId),
])

/**
 * The refresh tokens of a session, kept only as SHA-256 hashes. A token is live until it is
 * spent by a refresh; a spent one that comes back is a second tab (within seconds) or a replay.
 */
export const refreshTokens = mysqlTable('refresh_tokens', {
  tokenHash: char('token_hash', { length: 64 }).primaryKey(),
  sessionId: char('session_id', { length: 24 }).notNull().references(() => sessions.id, { onDelete: 'cascade' }),
  createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
  spentAt: datetime('spent_at', { mode: 'date', fsp: 3 }),
}, table => [
  index('refresh_tokens_session_id').on(table.sessionId),
])

/**
 * The one live code of each purpose an account may hold (a new one replaces the old), kept
 * only as an HMAC over the account, the purpose and the address it was mailed to.
 */
export const verificationCodes = mysqlTable('verification_codes', {
  userId: userIdColumn(),
  purpose: mysqlEnum('purpose', ['verify_email', 'reset_password']).notNull(),
  codeHash: char('code_hash', { length: 64 }).notNull(),
  /**
   * The SHA-256 of the one-click link's token mailed with the code (128+ random bits, so a plain
   * hash is enough). Wrong code tries do not touch it. NULL for a row issued before links existed.
   */
  linkHash: char('link_hash', { length: 64 }),
  failedAttempts: tinyint('failed_attempts').notNull().default(0),
  createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
  expiresAt: datetime('expires_at', { mode: 'date', fsp: 3 }).notNull(),
}, table => [
  primaryKey({ columns: [table.userId, table.purpose] }),
  uniqueIndex('idx_link_hash').on(table.linkHash),
])

/**
 * The account lock's counters (server/security/lock-counters.ts): failed logins and login locks
 * per account, kept here so that they survive a restart and hold across instances. The layout is
 * rate-limiter-flexible's MySQL store's, which kept them in the first release.
 */
export const rateLimits = mysqlTable('rate_limits', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: int('points').notNull().default(0),
  /** When the counter ends, in milliseconds since the epoch. */
  expire: bigint('expire', { mode: 'number', unsigned: true }),
})

/**
 * The roles (shared/API.md, "Roles and permissions"): data, managed from the admin pages. A
 * built-in role's `name` and `description` are NULL until someone edits them: the API then
 * speaks them in the reader's language (server/i18n/permissions.ts).
 */
export const roles = mysqlTable('roles', {
  id: bigint('id', { mode: 'number' }).autoincrement().primaryKey(),
  code: varchar('code', { length: 32 }).notNull(),
  name: varchar('name', { length: 50 }),
  description: varchar('description', { length: 255 }),
  builtIn: boolean('built_in').notNull().default(false),
  createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
}, table => [
  uniqueIndex('idx_role_code').on(table.code),
])

/** The permissions (codes of shared/permissions.ts) a role grants. `R_SUPER` has no rows: it holds every one. */
export const rolePermissions = mysqlTable('role_permissions', {
  roleId: bigint('role_id', { mode: 'number' }).notNull().references(() => roles.id, { onDelete: 'cascade' }),
  permission: varchar('permission', { length: 50 }).notNull(),
}, table => [
  primaryKey({ columns: [table.roleId, table.permission] }),
])

/**
 * The roles each account holds, but `R_SUPER`: that one is `users.user_role = 0`, the owner's
 * column, so that the two can never disagree (docs/architecture.md, "Roles"). A role that an
 * account holds cannot be deleted (no cascade: 409 `ROLE_IN_USE`).
 */
export const userRoles = mysqlTable('user_roles', {
  userId: userIdColumn(),
  roleId: bigint('role_id', { mode: 'number' }).notNull().references(() => roles.id),
}, table => [
  primaryKey({ columns: [table.userId, table.roleId] }),
  index('user_roles_role_id').on(table.roleId),
])

/**
 * The provider accounts linked to each account (third-party sign-in, shared/API.md): one row per
 * provider account, at most one per provider for each account. `provider_key` is the provider's
 * own key for the person (OIDC `sub`, GitHub's numeric id, WeChat's `unionid` else `openid`, QQ's
 * `openid`); name and email are as the provider last told them. No provider token is kept.
 */
export const identities = mysqlTable('identities', {
  provider: varchar('provider', { length: 20 }).notNull(),
  providerKey: varchar('provider_key', { length: 255 }).notNull(),
  userId: userIdColumn(),
  name: varchar('name', { length: 255 }),
  email: varchar('email', { length: 255 }),
  linkedAt: datetime('linked_at', { mode: 'date', fsp: 3 }).notNull(),
  lastUsedAt: datetime('last_used_at', { mode: 'date', fsp: 3 }).notNull(),
}, table => [
  primaryKey({ columns: [table.provider, table.providerKey] }),
  uniqueIndex('idx_identities_user_provider').on(table.userId, table.provider),
])

export type User = typeof users.$inferSelect
export type UserInsert = typeof users.$inferInsert
export type Session = typeof sessions.$inferSelect
export type RoleRow = typeof roles.$inferSelect
export type Identity = typeof identities.$inferSelect
