import { carriesSession } from '../../shared/session-cookies'

/**
 * Pages rendered for a signed-in user (the request carries a session cookie or a Bearer token,
 * which the render's own API calls forward) answer `Cache-Control: no-store`: they show emails,
 * addresses and sessions, which no shared or browser cache may keep. Visitors' pages stay
 * cacheable.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:response', (response, { event }) => {
    const signedIn = carriesSession({ authorization: getRequestHeader(event, 'authorization'), cookie: getRequestHeader(event, 'cookie') })
    if (!signedIn) return
    response.headers = { ...response.headers, 'cache-control': 'no-store' }
  })
})
