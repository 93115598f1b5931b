import type { H3Event } from 'h3'
import { refreshCookieOf } from '../auth/cookies'
import { rotateSession } from '../auth/refresh'
import { isApiError } from '../utils/errors'
import { requireUserSession, type UserSession } from '../utils/session'

/**
 * The signed-in user of a linking navigation (its start and its callback are page loads, not API
 * calls that the page's client renews): the access cookie, or, when it has expired, the session
 * renewed through the refresh cookie as a page render does (the new cookies go with the redirect).
 */
export async function requireLinkingSession(event: H3Event): Promise<UserSession> {
  try {
    return await requireUserSession(event)
  }
  catch (error) {
    const refreshToken = refreshCookieOf(event)
    if (!refreshToken || !isApiError(error, 'TOKEN_EXPIRED', 'UNAUTHORIZED')) throw error
    const { token } = await rotateSession(event, refreshToken).catch(() => {
      throw error
    })
    event.node.req.headers.authorization = `Bearer ${token}`
    return requireUserSession(event)
  }
}
