import type { H3Event } from 'h3'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { TokenPair } from '~/types/api'
import type { User } from '../database/schema'

export const ACCESS_COOKIE = 'cw_access'
export const REFRESH_COOKIE = 'cw_refresh'

const DAY_MS = 24 * 60 * 60 * 1000
const REFRESH_LIFETIME_MS = 7 * DAY_MS
const REMEMBERED_REFRESH_LIFETIME_MS = 30 * DAY_MS
/** A refresh token rotated out this recently is a second tab, not a thief. */
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
  const refreshToken = newRefreshToken()
  const ip = clientAddress(event)
  const now = new Date()
  await useDB().insert(sessions).values({
    id: sessionId,
    userId: user.id,
    refreshTokenHash: hashToken(refreshToken),
    rememberMe: options.rememberMe,
    userAgent: clientUserAgent(event),
    ip,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: refreshExpiry(options.rememberMe, now),
  })
  await useDB().update(users).set({ onlineStatus: 1, lastLoginAt: now, lastLoginIp: ip, ...KEEP_UPDATE_TIME }).where(eq(users.id, user.id))
  Object.assign(user, { onlineStatus: 1, lastLoginAt: now, lastLoginIp: ip })
  return issueTokens(event, user, sessionId, refreshToken, options.rememberMe)
}

/**
 * Trades a refresh token for a new pair (rotation); the presented token is spent. The token
 * just rotated out, back within 10 seconds, is a second tab refreshing at the same moment and
 * gets a fresh pair too; any other spent token is a replay, and the whole session is revoked.
 */
export async function rotateSession(event: H3Event, refreshToken: string): Promise<TokenPair> {
  const { users, sessions, spentRefreshTokens } = tables
  const presented = hashToken(refreshToken)

  let [found] = await useDB().select({ session: sessions, user: users }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.refreshTokenHash, presented))
    .limit(1)
  if (!found) {
    const [spent] = await useDB().select({
      session: sessions,
      user: users,
      spentAt: spentRefreshTokens.spentAt,
      isLatest: sql<number>`NOT EXISTS (SELECT 1 FROM ${spentRefreshTokens} later WHERE later.session_id = ${spentRefreshTokens.sessionId} AND later.spent_at > ${spentRefreshTokens.spentAt})`,
    }).from(spentRefreshTokens)
      .innerJoin(sessions, eq(sessions.id, spentRefreshTokens.sessionId))
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(spentRefreshTokens.tokenHash, presented))
      .limit(1)
    const isTwin = spent && Number(spent.isLatest) === 1 && Date.now() - spent.spentAt.getTime() <= TWIN_WINDOW_MS
    if (spent && isLive(spent.session) && !isTwin) {
      await revokeSessions(spent.user.id, spent.session.id)
      throw apiError('REFRESH_TOKEN_REUSED')
    }
    found = spent
  }
  if (!found || !isLive(found.session) || found.user.status !== 'active') throw apiError('INVALID_REFRESH_TOKEN')

  const { session, user } = found
  const next = newRefreshToken()
  const now = new Date()
  const rotated = await useDB().transaction(async (tx) => {
    const [result] = await tx.update(sessions).set({
      refreshTokenHash: hashToken(next),
      lastUsedAt: now,
      ip: clientAddress(event),
      expiresAt: refreshExpiry(session.rememberMe, now),
    }).where(and(eq(sessions.id, session.id), eq(sessions.refreshTokenHash, session.refreshTokenHash)))
    if (result.affectedRows !== 1) return false
    await tx.insert(spentRefreshTokens).values({ tokenHash: session.refreshTokenHash, sessionId: session.id, spentAt: now })
    return true
  })
  // Another request rotated this session between our read and our write: go round again, as its twin.
  if (!rotated) return rotateSession(event, refreshToken)
  return issueTokens(event, user, session.id, next, session.rememberMe)
}

function isLive(session: { revokedAt: Date | null, expiresAt: Date }): boolean {
  return !session.revokedAt && session.expiresAt > new Date()
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
  const { users, sessions } = tables
  const [found] = await useDB().select({ user: users, lastUsedAt: sessions.lastUsedAt }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, claims.sessionId), eq(sessions.userId, claims.userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`NOW(3)`)))
    .limit(1)
  if (!found || found.user.status !== 'active') throw apiError('UNAUTHORIZED')
  if (Date.now() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    useDB().update(sessions).set({ lastUsedAt: new Date() }).where(eq(sessions.id, claims.sessionId))
      .catch(error => console.warn('[session] could not record last use:', (error as Error).message))
  }
  return { user: found.user, sessionId: claims.sessionId }
}

/** Revokes sessions of `userId`: the one named, or all of them; then updates `online_status`. */
export async function revokeSessions(userId: number, sessionId?: string): Promise<void> {
  const { sessions } = tables
  await useDB().update(sessions).set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), sessionId ? eq(sessions.id, sessionId) : undefined))
  await refreshOnlineStatus(userId)
}

/** Removes both session cookies from the client. */
export function clearSessionCookies(event: H3Event): void {
  deleteCookie(event, ACCESS_COOKIE, cookieOptions())
  deleteCookie(event, REFRESH_COOKIE, cookieOptions())
}

/** The access token of the request: the Bearer header (any case of the scheme), else the cookie. */
export function accessTokenOf(event: H3Event): string | undefined {
  const header = getRequestHeader(event, 'authorization')
  if (header !== undefined) return /^bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? ''
  return getCookie(event, ACCESS_COOKIE)
}

async function issueTokens(event: H3Event, user: User, sessionId: string, refreshToken: string, rememberMe: boolean): Promise<TokenPair> {
  const token = await signAccessToken({ userId: user.id, sessionId, role: user.userRole === 0 ? 'super_admin' : 'user' })
  const refreshMaxAge = (rememberMe ? REMEMBERED_REFRESH_LIFETIME_MS : REFRESH_LIFETIME_MS) / 1000
  setCookie(event, ACCESS_COOKIE, token, { ...cookieOptions(), maxAge: ACCESS_TOKEN_SECONDS })
  setCookie(event, REFRESH_COOKIE, refreshToken, { ...cookieOptions(), maxAge: refreshMaxAge })
  setResponseHeader(event, 'cache-control', 'no-store')
  return { token, refreshToken, expiresIn: ACCESS_TOKEN_SECONDS }
}

function refreshExpiry(rememberMe: boolean, from: Date): Date {
  return new Date(from.getTime() + (rememberMe ? REMEMBERED_REFRESH_LIFETIME_MS : REFRESH_LIFETIME_MS))
}

function cookieOptions() {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: !import.meta.dev } as const
}
