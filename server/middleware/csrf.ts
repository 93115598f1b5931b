import type { H3Event } from 'h3'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cross-site request forgery: a request that changes state and is authenticated by our cookies
 * must come from the site itself, or it is refused with 403 `CSRF_REJECTED`. Requests with an
 * `Authorization` header (Bearer clients) carry no ambient credential and pass; JSON-only
 * bodies (415 otherwise, in the API's door) already keep plain HTML forms out.
 */
export default defineEventHandler((event) => {
  if (!isApiPath(event.path) || SAFE_METHODS.has(event.method)) return
  if (getRequestHeader(event, 'authorization')) return
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

/** `value` (an origin or a URL) names this site: the configured `NUXT_SITE_URL`, or the host the request was sent to. */
function isOwnOrigin(event: H3Event, value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  }
  catch {
    return false // `Origin: null` (sandboxed frames, file: pages) included
  }
  if (url.origin === new URL(useRuntimeConfig(event).siteUrl).origin) return true
  const trustProxy = isEnabled(useRuntimeConfig(event).trustProxy)
  return url.host === getRequestHost(event, { xForwardedHost: trustProxy })
}
