import type { H3Event } from 'h3'
import { accessTokenOf } from '../auth/cookies'
import { findLiveSession, noteSessionUse } from '../auth/sessions'
import { verifyAccessToken } from '../auth/tokens'
import type { Permission } from '../../shared/permissions'
import type { Account } from '../roles/access'
import { apiError } from './errors'

export interface UserSession {
  /** The account, its roles and permissions read at this request. */
  user: Account
  sessionId: string
}

/**
 * The signed-in user of this request, from `Authorization: Bearer …` or the access cookie,
 * checked against the session row on every call (one indexed query, roles and permissions
 * included), so a revoked session is refused at once and a change of roles applies at once. Throws 401 `UNAUTHORIZED` or `TOKEN_EXPIRED`. Checked once per request.
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

/**
 * The signed-in user of this request, who must hold `permission` through one of their roles:
 * 401 as `requireUserSession`, else 403 `FORBIDDEN` with `details.permission` naming it. The
 * line a route declares its permission with, next to its handler.
 */
export async function requirePermission(event: H3Event, permission: Permission): Promise<UserSession> {
  const session = await requireUserSession(event)
  if (!session.user.permissions.includes(permission)) throw apiError('FORBIDDEN', { permission })
  return session
}

/**
 * The signed-in user of this request, who must hold at least one of `permissions` (a route whose
 * input decides which it needs, checked before the input is read): else 403 `FORBIDDEN` naming
 * the first.
 */
export async function requireSomePermission(event: H3Event, permissions: [Permission, ...Permission[]]): Promise<UserSession> {
  const session = await requireUserSession(event)
  if (!permissions.some(permission => session.user.permissions.includes(permission))) throw apiError('FORBIDDEN', { permission: permissions[0] })
  return session
}
