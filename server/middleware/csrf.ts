import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../shared/session-cookies'
import { isEnabled } from '../config/settings'
import { siteOrigin } from '../config/site'
import { isSameOriginRequest } from '../security/csrf'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cross-site request forgery: a request that changes state and is authenticated by our cookies
 * must come from the site itself (`isSameOriginRequest`), or it is refused with 403
 * `CSRF_REJECTED`. Requests with an `Authorization: Bearer` header carry no ambient credential
 * and pass; JSON-only bodies (415 otherwise, in the API's door) already keep plain HTML forms out.
 */
export default defineEventHandler((event) => {
  if (!isApiPath(event.path) || SAFE_METHODS.has(event.method)) return
  if (/^bearer\s/i.test(getRequestHeader(event, 'authorization') ?? '')) return
  if (!getCookie(event, ACCESS_COOKIE) && !getCookie(event, REFRESH_COOKIE)) return
  const provenance = {
    origin: getRequestHeader(event, 'origin'),
    fetchSite: getRequestHeader(event, 'sec-fetch-site'),
    referer: getRequestHeader(event, 'referer'),
  }
  const requestHost = getRequestHost(event, { xForwardedHost: isEnabled(useRuntimeConfig().trustProxy) })
  if (!isSameOriginRequest(provenance, { siteOrigin: siteOrigin(), requestHost })) throw apiError('CSRF_REJECTED')
})
