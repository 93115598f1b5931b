import type { H3Event } from 'h3'
import { and, desc, eq, gt, isNull, ne, sql, type SQL } from 'drizzle-orm'
import type { SessionInfo, TokenPair } from '~/types/api'
import type { Session, User } from '../database/schema'

export const ACCESS_COOKIE = 'cw_access'
export const REFRESH_COOKIE = 'cw_refresh'

const DAY_MS = 24 * 60 * 60 * 1000
const REFRESH_LIFETIME_MS = 7 * DAY_MS
const REMEMBERED_REFRESH_LIFETIME_MS = 30 * DAY_MS
/** The refresh token spent last, back this soon, is a second tab, not a thief. */
const TWIN_WINDOW_MS = 10_000
/** `last_used_at` is written at most this often per session. */
const LAST_USED_RESOLUTION_MS = 60_000

export interface UserSession {
  user: User
  sessionId: string
}

/**
 * Opens a session for `user` (after a login or a registration): stores it with the hash of a
 * fresh refresh token, records the login, and answers the token pair, also set as cookies.
 */
export async function startSession(event: H3Event, user: User, options: { rememberMe: boolean }): Promise<TokenPair> {
  const { users, sessions } = tables
  const sessionId = newSessionId()
  const ip = clientAddress(event)
  const now = new Date()
  await useDB().insert(sessions).values({
    id: sessionId,
    userId: user.id,
    rememberMe: options.rememberMe,
    userAgent: clientUserAgent(event),
    ip,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: refreshExpiry(options.rememberMe, now),
  })
  const refreshToken = await addRefreshToken(sessionId, now)
  await useDB().update(users).set({ onlineStatus: 1, lastLoginAt: now, lastLoginIp: ip, ...KEEP_UPDATE_TIME }).where(eq(users.id, user.id))
  Object.assign(user, { onlineStatus: 1, lastLoginAt: now, lastLoginIp: ip })
  return issueTokens(event, user, sessionId, refreshToken, options.rememberMe)
}

/**
 * Trades a refresh token for a new pair (rotation), spending it. The token just rotated out,
 * back within 10 seconds, is a second tab refreshing at the same moment: it gets a pair of its
 * own and spends nothing. Any other spent token is a replay, and its whole session is revoked.
 */
export async function rotateSession(event: H3Event, refreshToken: string): Promise<TokenPair> {
  const { users, sessions, refreshTokens } = tables
  const presented = hashToken(refreshToken)
  const [found] = await useDB().select({
    token: refreshTokens,
    session: sessions,
    user: users,
    isLatestSpent: sql<number>`NOT EXISTS (SELECT 1 FROM ${refreshTokens} later WHERE later.session_id = ${refreshTokens.sessionId} AND later.spent_at > ${refreshTokens.spentAt})`,
  }).from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, presented))
    .limit(1)
  const now = new Date()
  if (!found || found.session.revokedAt || found.session.expiresAt <= now) throw apiError('INVALID_REFRESH_TOKEN')

  const { token, session, user } = found
  if (token.spentAt) {
    const isTwin = Number(found.isLatestSpent) === 1 && now.getTime() - token.spentAt.getTime() <= TWIN_WINDOW_MS
    if (!isTwin) {
      await revokeSession(user.id, session.id)
      throw apiError('REFRESH_TOKEN_REUSED')
    }
  }
  if (user.status !== 'active') throw apiError('INVALID_REFRESH_TOKEN')
  if (!token.spentAt) {
    const [spent] = await useDB().update(refreshTokens).set({ spentAt: now })
      .where(and(eq(refreshTokens.tokenHash, presented), isNull(refreshTokens.spentAt)))
    // Another request spent it between our read and our write: go round again, as its twin.
    if (spent.affectedRows !== 1) return rotateSession(event, refreshToken)
  }

  const next = await addRefreshToken(session.id, now)
  await useDB().update(sessions)
    .set({ lastUsedAt: now, ip: clientAddress(event), expiresAt: refreshExpiry(session.rememberMe, now) })
    .where(eq(sessions.id, session.id))
  return issueTokens(event, user, session.id, next, session.rememberMe)
}

/** Whether `error` is the refusal of a refresh token: the client's session is over, drop its cookies. */
export function isRefreshRefused(error: unknown): boolean {
  const errorCode = (error as { data?: Partial<ApiErrorData> }).data?.errorCode
  return errorCode === 'INVALID_REFRESH_TOKEN' || errorCode === 'REFRESH_TOKEN_REUSED'
}

/** Stores the hash of a new live refresh token for the session and answers the token. */
async function addRefreshToken(sessionId: string, now: Date): Promise<string> {
  const token = newRefreshToken()
  await useDB().insert(tables.refreshTokens).values({ tokenHash: hashToken(token), sessionId, createdAt: now })
  return token
}

/**
 * The signed-in user of this request, from `Authorization: Bearer …` or the access cookie,
 * checked against the session row on every call (one indexed query), so a revoked session is
 * refused at once. Throws 401 `UNAUTHORIZED` or `TOKEN_EXPIRED`.
 */
export async function requireUserSession(event: H3Event): Promise<UserSession> {
  return (event.context.userSession ??= await loadUserSession(event))
}

async function loadUserSession(event: H3Event): Promise<UserSession> {
  const token = accessTokenOf(event)
  if (!token) throw apiError('UNAUTHORIZED')
  const claims = await verifyAccessToken(token)
  const [found] = await (sessionLookup ??= prepareSessionLookup()).execute({ sessionId: claims.sessionId, userId: claims.userId })
  if (!found || found.user.status !== 'active') throw apiError('UNAUTHORIZED')
  if (Date.now() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) recordLastUse(claims.sessionId)
  return { user: found.user, sessionId: claims.sessionId }
}

let sessionLookup: ReturnType<typeof prepareSessionLookup> | undefined

/**
 * The query behind every authenticated request: the live session and its user in one indexed
 * join (primary key of `sessions`, then of `users`), built once: Drizzle would otherwise
 * rebuild the SQL text for every request, the largest part of its cost.
 */
function prepareSessionLookup() {
  const { users, sessions } = tables
  return useDB().select({ user: users, lastUsedAt: sessions.lastUsedAt }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('sessionId')), eq(sessions.userId, sql.placeholder('userId')), isLiveSession()))
    .limit(1)
    .prepare()
}

/** Sessions whose `last_used_at` is being written: one write at a time, whatever the traffic. */
const lastUseWrites = new Set<string>()

function recordLastUse(sessionId: string): void {
  if (lastUseWrites.has(sessionId)) return
  lastUseWrites.add(sessionId)
  useDB().update(tables.sessions).set({ lastUsedAt: new Date() }).where(eq(tables.sessions.id, sessionId))
    .catch(error => console.warn('[session] could not record last use:', (error as Error).message))
    .finally(() => lastUseWrites.delete(sessionId))
}

/** Revokes the session `sessionId` of `userId`, if live; answers whether it was. */
export async function revokeSession(userId: number, sessionId: string): Promise<boolean> {
  return (await revokeWhere(userId, eq(tables.sessions.id, sessionId))) === 1
}

/** Revokes every live session of `userId` (after a password reset); answers how many there were. */
export async function revokeAllSessions(userId: number): Promise<number> {
  return revokeWhere(userId, undefined)
}

/** Revokes every live session of `userId` but `keptSessionId` (after a password change); answers how many. */
export async function revokeOtherSessions(userId: number, keptSessionId: string): Promise<number> {
  return revokeWhere(userId, ne(tables.sessions.id, keptSessionId))
}

/** Revokes the live sessions of `userId` that `which` selects, then updates `online_status`. */
async function revokeWhere(userId: number, which: SQL | undefined): Promise<number> {
  const { sessions } = tables
  const [result] = await useDB().update(sessions).set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isLiveSession(), which))
  await refreshOnlineStatus(userId)
  return result.affectedRows
}

/** The user's live sessions (signed-in devices), the one used last first. */
export async function listSessions(userId: number): Promise<Session[]> {
  const { sessions } = tables
  return useDB().select().from(sessions)
    .where(and(eq(sessions.userId, userId), isLiveSession()))
    .orderBy(desc(sessions.lastUsedAt))
}

/** A session as the owner sees it in their list of devices; `current` is the one asking. */
export function toSessionInfo(session: Session, currentSessionId: string): SessionInfo {
  return {
    id: session.id,
    userAgent: session.userAgent,
    ip: session.ip,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    current: session.id === currentSessionId,
  }
}

/** The condition on `sessions` of a live session: neither revoked nor expired. */
export function isLiveSession(): SQL {
  const { sessions } = tables
  return and(isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`NOW(3)`))!
}

/** Removes both session cookies from the client. */
export function clearSessionCookies(event: H3Event): void {
  deleteCookie(event, ACCESS_COOKIE, cookieOptions())
  deleteCookie(event, REFRESH_COOKIE, cookieOptions())
}

/**
 * The access token of the request: the `Authorization: Bearer` header (any case of the scheme),
 * else the access cookie. A malformed header answers '' (refused), never the cookie.
 */
export function accessTokenOf(event: H3Event): string | undefined {
  const header = getRequestHeader(event, 'authorization')?.trim()
  if (header) return /^bearer\s+(\S+)$/i.exec(header)?.[1] ?? ''
  return getCookie(event, ACCESS_COOKIE)
}

async function issueTokens(event: H3Event, user: User, sessionId: string, refreshToken: string, rememberMe: boolean): Promise<TokenPair> {
  const token = await signAccessToken({ userId: user.id, sessionId, role: roleOf(user) })
  setCookie(event, ACCESS_COOKIE, token, { ...cookieOptions(), maxAge: ACCESS_TOKEN_SECONDS })
  setCookie(event, REFRESH_COOKIE, refreshToken, { ...cookieOptions(), maxAge: refreshLifetimeMs(rememberMe) / 1000 })
  setResponseHeader(event, 'cache-control', 'no-store')
  return { token, refreshToken, expiresIn: ACCESS_TOKEN_SECONDS }
}

function refreshLifetimeMs(rememberMe: boolean): number {
  return rememberMe ? REMEMBERED_REFRESH_LIFETIME_MS : REFRESH_LIFETIME_MS
}

function refreshExpiry(rememberMe: boolean, from: Date): Date {
  return new Date(from.getTime() + refreshLifetimeMs(rememberMe))
}

function cookieOptions() {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: !import.meta.dev } as const
}
