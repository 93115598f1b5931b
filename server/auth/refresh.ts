import type { H3Event } from 'h3'
import type { TokenPair } from '~/types/api'
import { clientAddress } from '../security/client-address'
import { apiError, isApiError } from '../utils/errors'
import { isTwinRefresh } from './refresh-policy'
import { addSuccessorRefreshToken, findRefreshToken, spendRefreshToken } from './refresh-tokens'
import { extendSession, revokeSession } from './sessions'
import { issueTokenPair } from './token-pair'

/**
 * Trades a refresh token for a new pair (rotation), spending it. The token just rotated out,
 * back within 10 seconds, is a second tab refreshing at the same moment (`isTwinRefresh`): it
 * spends nothing and gets the same successor refresh token as the first (an access token of its
 * own), so the token never forks into several live ones. Any other spent token is a replay, and
 * its whole session is revoked.
 */
export async function rotateSession(event: H3Event, refreshToken: string): Promise<TokenPair> {
  const found = await findRefreshToken(refreshToken)
  const now = new Date()
  if (!found || found.session.revokedAt || found.session.expiresAt <= now) throw apiError('INVALID_REFRESH_TOKEN')

  const { spentAt, session, user } = found
  if (spentAt && !isTwinRefresh({ spentAt, isLatestSpent: found.isLatestSpent }, now)) {
    await revokeSession(user.id, session.id)
    throw apiError('REFRESH_TOKEN_REUSED')
  }
  if (user.status !== 'active') throw apiError('INVALID_REFRESH_TOKEN')
  // Another request spent it between our read and our write: go round again, as its twin.
  if (!spentAt && !(await spendRefreshToken(refreshToken, now))) return rotateSession(event, refreshToken)

  const next = await addSuccessorRefreshToken(session.id, refreshToken, now)
  await extendSession(session, clientAddress(event), now)
  return issueTokenPair(event, user, session.id, next, session.rememberMe)
}

/** Whether `error` is the refusal of a refresh token: the client's session is over, drop its cookies. */
export function isRefreshRefused(error: unknown): boolean {
  return isApiError(error, 'INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED')
}
