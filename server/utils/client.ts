import type { H3Event } from 'h3'

/** The client's address: from `X-Forwarded-For` only when `NUXT_TRUST_PROXY` is true. */
export function clientAddress(event: H3Event): string | null {
  const address = getRequestIP(event, { xForwardedFor: isEnabled(useRuntimeConfig().trustProxy) })
  return address?.replace(/^::ffff:(?=\d+\.)/, '').slice(0, 45) ?? null
}

/** The client's User-Agent, cut to what the sessions table keeps. */
export function clientUserAgent(event: H3Event): string | null {
  return getRequestHeader(event, 'user-agent')?.slice(0, 255) ?? null
}
