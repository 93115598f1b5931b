import { getRequestURL, type H3Event } from 'h3'

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

/**
 * A link to `path` on the configured site (`NUXT_SITE_URL`), never built from the request's Host;
 * except under `nuxt dev` with no `NUXT_SITE_URL` set, where it follows the address `event` came
 * to (the dev server's real port).
 */
export function siteLink(path: string, query: Record<string, string> = {}, event?: H3Event): string {
  const base = import.meta.dev && !process.env.NUXT_SITE_URL && event ? getRequestURL(event).origin : siteUrl() ?? undefined
  const url = new URL(path, base)
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
  return url.href
}
