import type { H3Event } from 'h3'
import { accessTokenOf } from '../auth/cookies'
import { findLiveSession, noteSessionUse } from '../auth/sessions'
import { verifyAccessToken } from '../auth/tokens'
import type { User } from '../database/schema'
import { apiError } from './errors'

export interface UserSession {
  user: User
  sessionId: string
}

/**
 * The signed-in user of this request, from `Authorization: Bearer …` or the access cookie,
 * checked against the session row on every call (one indexed query), so a revoked session is
 * refused at once. Throws 401 `UNAUTHORIZED` or `TOKEN_EXPIRED`. Checked once per request.
 */
export async function requireUserSession(event: H3Event): Promise<UserSession> {
  return (event.context.userSession ??= await loadUserSession(event))
}

async function loadUserSession(event: H3Event): Promise<UserSession> {
  const token = accessTokenOf(event)
  if (!token) throw apiError('UNAUTHORIZED')
  const claims = await verifyAccessToken(token)
  const found = await findLiveSession(claims.sessionId, claims.userId)
  if (!found || found.user.status !== 'active') throw apiError('UNAUTHORIZED')
  noteSessionUse(claims.sessionId, found.lastUsedAt)
  return { user: found.user, sessionId: claims.sessionId }
}
