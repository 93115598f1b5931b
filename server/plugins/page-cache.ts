import { ACCESS_COOKIE, REFRESH_COOKIE } from '../auth/cookies'

/**
 * Pages rendered for a signed-in user (the request carries a session cookie or a Bearer token,
 * which the render's own API calls forward) answer `Cache-Control: no-store`: they show emails,
 * addresses and sessions, which no shared or browser cache may keep. Visitors' pages stay
 * cacheable.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:response', (response, { event }) => {
    const signedIn = Boolean(getRequestHeader(event, 'authorization') || getCookie(event, ACCESS_COOKIE) || getCookie(event, REFRESH_COOKIE))
    if (!signedIn) return
    response.headers = { ...response.headers, 'cache-control': 'no-store' }
  })
})
