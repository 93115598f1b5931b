/**
 * Before a page is rendered on the server, trades an expired (or missing) access cookie for a
 * fresh pair when a refresh cookie is present, and hands the new access token to the render,
 * so a reload after 15 minutes still shows the signed-in page.
 */
export default defineEventHandler(async (event) => {
  if (event.method !== 'GET' || isApiPath(event.path) || event.path.startsWith('/_nuxt/')) return
  if (!getRequestHeader(event, 'accept')?.includes('text/html')) return
  const refreshToken = getCookie(event, REFRESH_COOKIE)
  if (!refreshToken || await hasValidAccessToken(event)) return

  try {
    const { token } = await rotateSession(event, refreshToken)
    const cookies = { ...parseCookies(event), [ACCESS_COOKIE]: token }
    event.node.req.headers.cookie = Object.entries(cookies).map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ')
  }
  catch {
    clearSessionCookies(event)
  }
})

async function hasValidAccessToken(event: Parameters<typeof getCookie>[0]): Promise<boolean> {
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
