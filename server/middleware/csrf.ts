import type { H3Event } from 'h3'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cross-site request forgery: a request that changes state and is authenticated by our cookies
 * must come from the site itself, or it is refused with 403 `CSRF_REJECTED`. Requests with an
 * `Authorization: Bearer` header carry no ambient credential and pass; JSON-only
 * bodies (415 otherwise, in the API's door) already keep plain HTML forms out.
 */
export default defineEventHandler((event) => {
  if (!isApiPath(event.path) || SAFE_METHODS.has(event.method)) return
  if (/^bearer\s/i.test(getRequestHeader(event, 'authorization') ?? '')) return
  if (!getCookie(event, ACCESS_COOKIE) && !getCookie(event, REFRESH_COOKIE)) return
  if (!isSameOrigin(event)) throw apiError('CSRF_REJECTED')
})

/**
 * Whether the browser says the request comes from this site: its `Origin`, else
 * `Sec-Fetch-Site`, else the origin of its `Referer`. A request with none of them is not from
 * a browser (which sends `Origin` with every cross-site POST), so there is nothing to forge.
 */
function isSameOrigin(event: H3Event): boolean {
  const origin = getRequestHeader(event, 'origin')
  if (origin !== undefined) return isOwnOrigin(event, origin)
  const fetchSite = getRequestHeader(event, 'sec-fetch-site')
  if (fetchSite !== undefined) return fetchSite === 'same-origin' || fetchSite === 'none'
  const referer = getRequestHeader(event, 'referer')
  if (referer !== undefined) return isOwnOrigin(event, referer)
  return true
}

/**
 * `value` (an origin or a URL) names this site: the origin of `NUXT_SITE_URL`, or the host the
 * request was sent to (compared as URLs compare hosts: case and default ports aside).
 */
function isOwnOrigin(event: H3Event, value: string): boolean {
  const url = parseUrl(value) // `Origin: null` (sandboxed frames, file: pages) does not parse
  if (!url) return false
  if (url.origin === siteOrigin()) return true
  const requestHost = getRequestHost(event, { xForwardedHost: isEnabled(useRuntimeConfig(event).trustProxy) })
  return url.host === parseUrl(`${url.protocol}//${requestHost}`)?.host
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value)
  }
  catch {
    return null
  }
}
