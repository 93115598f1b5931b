import { isIP, Socket } from 'node:net'
import type { H3Event } from 'h3'

/**
 * The client's address: the TCP peer, or with `NUXT_TRUST_PROXY=true` the address the reverse
 * proxy in front saw, the last entry of `X-Forwarded-For` (the entries before it are whatever
 * the client sent). Anything that is not an IP address is ignored.
 */
export function clientAddress(event: H3Event): string | null {
  const forwarded = isEnabled(useRuntimeConfig().trustProxy)
    ? getRequestHeader(event, 'x-forwarded-for')?.split(',').at(-1)?.trim()
    : undefined
  const address = forwarded && isIP(forwarded) ? forwarded : event.node.req.socket.remoteAddress
  return address ? address.replace(/^::ffff:(?=\d+\.)/, '').slice(0, 45) : null
}

/** The client's User-Agent, cut to what the sessions table keeps. */
export function clientUserAgent(event: H3Event): string | null {
  return getRequestHeader(event, 'user-agent')?.slice(0, 255) ?? null
}

/**
 * Whether the request was made by this server to itself (a page render calling the API through
 * `useRequestFetch`): such a request arrives over no socket. The client asked for the page,
 * not for the calls its render makes.
 */
export function isInternalRequest(event: H3Event): boolean {
  return !(event.node.req.socket instanceof Socket)
}
