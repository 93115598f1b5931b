import { getRequestHeader, type H3Event } from 'h3'
import type { TokenPair } from '~/types/api'
import type { User } from '../database/schema'
import { clientAddress } from '../security/client-address'
import { markTrustedDevice } from './device-cookie'
import { addRefreshToken } from './refresh-tokens'
import { openSession } from './sessions'
import { issueTokenPair } from './token-pair'

/**
 * Signs `user` in on this client (after a login or a registration): opens a session with a
 * fresh refresh token, records the login, and answers the token pair, also set as cookies,
 * with the device cookie that marks this browser as the account's (server/auth/device-cookie.ts).
 */
export async function startSession(event: H3Event, user: User, options: { rememberMe: boolean }): Promise<TokenPair> {
  const now = new Date()
  const client = { ip: clientAddress(event), userAgent: getRequestHeader(event, 'user-agent')?.slice(0, 255) ?? null }
  const sessionId = await openSession(user, client, options.rememberMe, now)
  const refreshToken = await addRefreshToken(sessionId, now)
  markTrustedDevice(event, user.id)
  return issueTokenPair(event, user, sessionId, refreshToken, options.rememberMe)
}
