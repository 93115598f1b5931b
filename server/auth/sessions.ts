import { and, desc, eq, gt, inArray, isNull, lt, ne, notExists, or, sql, type SQL } from 'drizzle-orm'
import { KEEP_UPDATE_TIME, tables, useDB, type Executor } from '../database/db'
import type { Session, User } from '../database/schema'
import { batchedLookup } from '../database/batched-lookup'
import { serverPrepared, serverPreparedWrite } from '../database/server-prepared'
import { accountOf, heldFromRows, heldRoleJoins, heldRoleTables, type Account } from '../roles/access'
import { refreshExpiry } from './refresh-policy'
import { newSessionId } from './tokens'

/*
 * The `sessions` table, and the facts about an account that follow from its sessions: whether it
 * is online (`users.online_status`) and when and from where it last signed in. This module is
 * the only writer of these; everyone else calls it (admin disables an account through
 * `revokeAllSessions`, in its transaction).
 */

/** `last_used_at` is written at most this often per session. */
const LAST_USED_RESOLUTION_MS = 60_000
/** Rows handled per statement by the sweep, so that no sweep holds many row locks at once. */
const BATCH = 500
/** Sessions that ended (expired or revoked) this long ago are deleted, refresh tokens and all. */
const KEEP_ENDED_SESSIONS_DAYS = 30

/** The condition on `sessions` of a live session: neither revoked nor expired. */
function isLiveSession(): SQL {
  const { sessions } = tables
  return and(isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`NOW(3)`))!
}

/**
 * Opens a session for `user` (a login or a registration) from the client at `ip`, and records
 * the login on the account (online, last login time and address; `user` is updated to match).
 * Answers the new session's id.
 */
export async function openSession(user: User, client: { ip: string | null, userAgent: string | null }, rememberMe: boolean, now: Date): Promise<string> {
  const sessionId = newSessionId()
  await insertSession.execute({ id: sessionId, userId: user.id, rememberMe, userAgent: client.userAgent, ip: client.ip, now, expiresAt: refreshExpiry(rememberMe, now) })
  await recordLogin.execute({ userId: user.id, now, ip: client.ip })
  Object.assign(user, { onlineStatus: 1, lastLoginAt: now, lastLoginIp: client.ip })
  return sessionId
}

// The two writes of every login, prepared once (server/database/server-prepared.ts).
const insertSession = serverPreparedWrite(() => {
  const now = sql.placeholder('now')
  return useDB().insert(tables.sessions).values({
    id: sql.placeholder('id'),
    userId: sql.placeholder('userId'),
    rememberMe: sql.placeholder('rememberMe'),
    userAgent: sql.placeholder('userAgent'),
    ip: sql.placeholder('ip'),
    createdAt: now,
    lastUsedAt: now,
    expiresAt: sql.placeholder('expiresAt'),
  })
})
const recordLogin = serverPreparedWrite(() => {
  const { users } = tables
  return useDB().update(users)
    .set({ onlineStatus: 1, lastLoginAt: sql`${sql.placeholder('now')}`, lastLoginIp: sql`${sql.placeholder('ip')}`, ...KEEP_UPDATE_TIME })
    .where(eq(users.id, sql.placeholder('userId')))
})

/** A refresh kept the session alive: it lasts a full lifetime from `now`, used last from `ip`. */
export async function extendSession(session: Pick<Session, 'id' | 'rememberMe'>, ip: string | null, now: Date): Promise<void> {
  const { sessions } = tables
  await useDB().update(sessions)
    .set({ lastUsedAt: now, ip, expiresAt: refreshExpiry(session.rememberMe, now) })
    .where(eq(sessions.id, session.id))
}

/** A session check: the session's id and the user its token names. */
interface SessionKey {
  sessionId: string
  userId: number
}

/**
 * The live session `sessionId` of `userId` with its account (roles and permissions included) and
 * when it was used last, or undefined: the query behind every authenticated request, one
 * indexed join (primary key of `sessions`, then of `users`, then of the account's roles and their
 * permissions: server/roles/access.ts), one row per role and permission, so that a change of
 * roles applies at the next request. Under load, checks that arrive while a query is out share
 * the next one (server/database/batched-lookup.ts).
 */
export function findLiveSession(sessionId: string, userId: number): Promise<{ user: Account, lastUsedAt: Date } | undefined> {
  return lookUpLiveSession({ sessionId, userId })
}

const lookUpLiveSession = batchedLookup(findLiveSessions, { inFlight: 1, maxBatch: 32, stalledAfterMs: 1000 })

/** The statements of the look-up, by how many session ids they take (a power of two up to 32). */
const sessionLookups = new Map<number, ReturnType<typeof prepareSessionLookup>>()

/** `findLiveSession` for several keys in one query; answers in the keys' order. */
async function findLiveSessions(keys: SessionKey[]): Promise<({ user: Account, lastUsedAt: Date } | undefined)[]> {
  // Few statement shapes, each prepared once per connection: the ids are padded to a power of two.
  let size = 1
  while (size < keys.length) size *= 2
  let lookup = sessionLookups.get(size)
  if (!lookup) sessionLookups.set(size, lookup = prepareSessionLookup(size))
  const ids = Object.fromEntries(lookup.idNames.map((name, index) => [name, keys[Math.min(index, keys.length - 1)]!.sessionId]))
  const rowsOf = new Map<string, Awaited<ReturnType<typeof lookup.statement.execute>>>()
  for (const row of await lookup.statement.execute(ids)) {
    const rows = rowsOf.get(row.sessionId)
    if (rows) rows.push(row)
    else rowsOf.set(row.sessionId, [row])
  }
  return keys.map(({ sessionId, userId }) => {
    const rows = rowsOf.get(sessionId)
    const found = rows?.[0]
    return found && found.user.id === userId ? { user: accountOf(found.user, heldFromRows(rows)), lastUsedAt: found.lastUsedAt } : undefined
  })
}

/**
 * Built once for each number of ids (Drizzle would otherwise rebuild the SQL text for every
 * request, the largest part of its cost) and prepared on the database server; `idNames` are
 * the names of its placeholders, in order.
 */
function prepareSessionLookup(ids: number) {
  const { users, sessions } = tables
  const { link, role, defaultRole, grant } = heldRoleTables
  const on = heldRoleJoins()
  const selection = { sessionId: sessions.id, user: users, lastUsedAt: sessions.lastUsedAt, roleCode: role.code, defaultRoleCode: defaultRole.code, permission: grant.permission }
  const idNames = Array.from({ length: ids }, (_, index) => `id${index}`)
  const statement = serverPrepared(selection, () => useDB().select(selection).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(link, on.link)
    .leftJoin(role, on.role)
    .leftJoin(defaultRole, on.defaultRole)
    .leftJoin(grant, on.grant)
    .where(and(inArray(sessions.id, idNames.map(name => sql.placeholder(name))), isLiveSession())))
  return { statement, idNames }
}

/** Sessions whose `last_used_at` is being written: one write at a time, whatever the traffic. */
const lastUseWrites = new Set<string>()

/**
 * Notes that session `sessionId`, used last at `lastUsedAt`, is used now: written in the
 * background, and only when the last use is over a minute old.
 */
export function noteSessionUse(sessionId: string, lastUsedAt: Date): void {
  if (Date.now() - lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS || lastUseWrites.has(sessionId)) return
  lastUseWrites.add(sessionId)
  useDB().update(tables.sessions).set({ lastUsedAt: new Date() }).where(eq(tables.sessions.id, sessionId))
    .catch(error => console.warn('[session] could not record last use:', (error as Error).message))
    .finally(() => lastUseWrites.delete(sessionId))
}

/** The user's live sessions (signed-in devices), the one used last first. */
export async function listSessions(userId: number): Promise<Session[]> {
  const { sessions } = tables
  return useDB().select().from(sessions)
    .where(and(eq(sessions.userId, userId), isLiveSession()))
    .orderBy(desc(sessions.lastUsedAt))
}

/** Revokes the session `sessionId` of `userId`, if live; answers whether it was. */
export async function revokeSession(userId: number, sessionId: string): Promise<boolean> {
  return (await revokeWhere(useDB(), userId, eq(tables.sessions.id, sessionId))) === 1
}

/**
 * Revokes every live session of `userId` (a password reset; an account disabled, then in the
 * admin's transaction `db`); answers how many there were.
 */
export async function revokeAllSessions(userId: number, db: Executor = useDB()): Promise<number> {
  return revokeWhere(db, userId, undefined)
}

/** Revokes every live session of `userId` but `keptSessionId` (after a password change); answers how many. */
export async function revokeOtherSessions(userId: number, keptSessionId: string): Promise<number> {
  return revokeWhere(useDB(), userId, ne(tables.sessions.id, keptSessionId))
}

/** Revokes the live sessions of `userId` that `which` selects, then updates `online_status`. */
async function revokeWhere(db: Executor, userId: number, which: SQL | undefined): Promise<number> {
  const { sessions } = tables
  const [result] = await db.update(sessions).set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isLiveSession(), which))
  await refreshOnlineStatus(db, userId)
  return result.affectedRows
}

/** A live session of the account whose id is `userId` (a column or a value), as a subquery. */
function liveSessionOf(userId: typeof tables.users.id | number) {
  const { sessions } = tables
  return useDB().select({ one: sql`1` }).from(sessions).where(and(eq(sessions.userId, userId), isLiveSession()))
}

/** Sets `online_status` from whether the user still has a live session. */
async function refreshOnlineStatus(db: Executor, userId: number): Promise<void> {
  const { users } = tables
  await db.update(users)
    .set({ onlineStatus: sql`EXISTS(${liveSessionOf(userId)})`, ...KEEP_UPDATE_TIME })
    .where(eq(users.id, userId))
}

/**
 * The periodic upkeep of sessions: `online_status` drops to 0 for accounts whose sessions have
 * all expired (logout and revocation already update it at once), and sessions that ended long
 * ago are deleted.
 */
export async function sweepSessions(): Promise<{ offline: number, pruned: number }> {
  return { offline: await markOfflineWithoutLiveSession(), pruned: await pruneEndedSessions() }
}

async function markOfflineWithoutLiveSession(): Promise<number> {
  const { users } = tables
  const stale = and(eq(users.onlineStatus, 1), notExists(liveSessionOf(users.id)))
  let total = 0
  for (;;) {
    // Read without locks, then lock only the rows found (checked again, as a login may have come in between).
    const ids = (await useDB().select({ id: users.id }).from(users).where(stale).limit(BATCH)).map(row => row.id)
    if (!ids.length) return total
    const [result] = await useDB().update(users).set({ onlineStatus: 0, ...KEEP_UPDATE_TIME }).where(and(inArray(users.id, ids), stale))
    total += result.affectedRows
    if (ids.length < BATCH || result.affectedRows === 0) return total
  }
}

async function pruneEndedSessions(): Promise<number> {
  const { sessions } = tables
  const cutoff = sql`NOW(3) - INTERVAL ${sql.raw(String(KEEP_ENDED_SESSIONS_DAYS))} DAY`
  let total = 0
  for (;;) {
    const [result] = await useDB().delete(sessions).where(or(lt(sessions.expiresAt, cutoff), lt(sessions.revokedAt, cutoff))).limit(BATCH)
    total += result.affectedRows
    if (result.affectedRows < BATCH) return total
  }
}
