/** What a request says about where it comes from: its `Origin`, `Sec-Fetch-Site` and `Referer` headers. */
export interface RequestProvenance {
  origin?: string
  fetchSite?: string
  referer?: string
}

/** What counts as this site: the origin of `NUXT_SITE_URL`, and the host the request was sent to. */
export interface OwnSite {
  siteOrigin: string | null
  requestHost: string
}

/**
 * Whether the browser says the request comes from this site: its `Origin`, else
 * `Sec-Fetch-Site` (`same-origin`, or `none` for a request the person made themselves), else the
 * origin of its `Referer`. A request with none of them is not from a browser (which sends
 * `Origin` with every cross-site POST), so there is nothing to forge. `Origin: null` is foreign.
 */
export function isSameOriginRequest(provenance: RequestProvenance, site: OwnSite): boolean {
  if (provenance.origin !== undefined) return isOwnOrigin(provenance.origin, site)
  if (provenance.fetchSite !== undefined) return provenance.fetchSite === 'same-origin' || provenance.fetchSite === 'none'
  if (provenance.referer !== undefined) return isOwnOrigin(provenance.referer, site)
  return true
}

/**
 * `value` (an origin or a URL) names this site: the origin of `NUXT_SITE_URL`, or the host the
 * request was sent to (compared as URLs compare hosts: case and default ports aside).
 */
function isOwnOrigin(value: string, site: OwnSite): boolean {
  const url = parseUrl(value) // `Origin: null` (sandboxed frames, file: pages) does not parse
  if (!url) return false
  if (url.origin === site.siteOrigin) return true
  return url.host === parseUrl(`${url.protocol}//${site.requestHost}`)?.host
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value)
  }
  catch {
    return null
  }
}
