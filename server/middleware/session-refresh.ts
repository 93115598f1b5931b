import type { H3Event } from 'h3'
import { ACCESS_COOKIE } from '../../shared/session-cookies'
import { clearSessionCookies, refreshCookieOf } from '../auth/cookies'
import { isRefreshRefused, rotateSession } from '../auth/refresh'
import { verifyAccessToken } from '../auth/tokens'

/**
 * Before a page is rendered on the server, trades an expired (or missing) access cookie for a
 * fresh pair when a refresh cookie is present, and hands the new access token to the render
 * (whose API calls forward this request's Cookie header), so a reload after 15 minutes still
 * shows the signed-in page. A refused refresh token drops the cookies; an outage keeps them.
 */
export default defineEventHandler(async (event) => {
  if (!isPageRender(event)) return
  const refreshToken = refreshCookieOf(event)
  if (!refreshToken || await hasValidAccessToken(event)) return

  try {
    const { token } = await rotateSession(event, refreshToken)
    const others = (getRequestHeader(event, 'cookie') ?? '').split(';').map(pair => pair.trim())
      .filter(pair => pair && !pair.startsWith(`${ACCESS_COOKIE}=`))
    event.node.req.headers.cookie = [...others, `${ACCESS_COOKIE}=${token}`].join('; ')
  }
  catch (error) {
    if (isRefreshRefused(error)) clearSessionCookies(event)
    else console.warn('[session] could not renew the session before rendering:', (error as Error).message)
  }
})

async function hasValidAccessToken(event: H3Event): Promise<boolean> {
  const token = getCookie(event, ACCESS_COOKIE)
  if (!token) return false
  try {
    await verifyAccessToken(token)
    return true
  }
  catch {
    return false
  }
}
