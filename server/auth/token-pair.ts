import { setResponseHeader, type H3Event } from 'h3'
import type { TokenPair } from '~/types/api'
import { roleOf } from './roles'
import type { User } from '../database/schema'
import { setSessionCookies } from './cookies'
import { refreshLifetimeMs } from './refresh-policy'
import { ACCESS_TOKEN_SECONDS, signAccessToken } from './tokens'

/**
 * Hands a session's tokens to the client: signs a fresh access token for `user`, sets both as
 * cookies (for the pages) and answers them (for Bearer clients), never to be cached.
 */
export async function issueTokenPair(event: H3Event, user: User, sessionId: string, refreshToken: string, rememberMe: boolean): Promise<TokenPair> {
  const token = await signAccessToken({ userId: user.id, sessionId, role: roleOf(user) })
  setSessionCookies(event, { token, refreshToken }, ACCESS_TOKEN_SECONDS, refreshLifetimeMs(rememberMe) / 1000)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { token, refreshToken, expiresIn: ACCESS_TOKEN_SECONDS }
}
