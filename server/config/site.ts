let origin: string | null | undefined

/** The origin of `NUXT_SITE_URL` (checked at start-up by plugins/config-check); null when it does not parse. */
export function siteOrigin(): string | null {
  if (origin === undefined) origin = siteUrl()?.origin ?? null
  return origin
}

/** `NUXT_SITE_URL` as a URL, or null when it is not an http(s) address. */
export function siteUrl(): URL | null {
  try {
    const url = new URL(String(useRuntimeConfig().siteUrl))
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null
  }
  catch {
    return null
  }
}

/** A link to `path` on the configured site (`NUXT_SITE_URL`), never built from the request's Host. */
export function siteLink(path: string, query: Record<string, string> = {}): string {
  const url = new URL(path, siteUrl() ?? undefined)
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
  return url.href
}
