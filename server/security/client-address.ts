import { isIP, Socket } from 'node:net'
import { getRequestHeader, type H3Event } from 'h3'
import { isEnabled } from '../config/settings'

/**
 * The client's address from what the request carries: the TCP peer (`socketAddress`), or with
 * `trustProxy` the address the reverse proxy in front saw, the last entry of `forwardedFor`
 * (`X-Forwarded-For`; the entries before it are whatever the client sent). Anything that is not
 * an IP address is ignored; an IPv4-mapped IPv6 address is the IPv4 address.
 */
export function parseClientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? forwardedFor?.split(',').at(-1)?.trim() : undefined
  const address = forwarded && isIP(forwarded) ? forwarded : socketAddress
  return address ? address.replace(/^::ffff:(?=\d+\.)/, '').slice(0, 45) : null
}

/** The client's address of this request (`parseClientAddress`; `NUXT_TRUST_PROXY` decides about `X-Forwarded-For`). */
export function clientAddress(event: H3Event): string | null {
  const trustProxy = isEnabled(useRuntimeConfig().trustProxy)
  return parseClientAddress(event.node.req.socket.remoteAddress, trustProxy ? getRequestHeader(event, 'x-forwarded-for') : undefined, trustProxy)
}

/**
 * What the per-address limit counts: an IPv4 address, or the /64 network of an IPv6 one (one
 * subscriber's whole allocation, which would otherwise be 2^64 fresh budgets).
 */
export function addressKey(address: string | null): string {
  if (!address) return 'unknown'
  if (!address.includes(':')) return address
  const [head = '', tail] = address.split('::')
  const groups = head ? head.split(':') : []
  if (tail !== undefined) {
    const tailGroups = tail ? tail.split(':') : []
    groups.push(...Array<string>(Math.max(0, 8 - groups.length - tailGroups.length)).fill('0'), ...tailGroups)
  }
  return `${groups.slice(0, 4).map(group => Number.parseInt(group || '0', 16).toString(16)).join(':')}::/64`
}

/**
 * Whether the request was made by this server to itself (a page render calling the API through
 * `useRequestFetch`): such a request arrives over no socket. The client asked for the page,
 * not for the calls its render makes.
 */
export function isInternalRequest(event: H3Event): boolean {
  return !(event.node.req.socket instanceof Socket)
}
