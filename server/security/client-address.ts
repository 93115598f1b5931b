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
  return address ? (mappedIPv4(address) ?? address).slice(0, 45) : null
}

/**
 * The IPv4 address an IPv4-mapped IPv6 address (`::ffff:0:0/96`) stands for, in whatever
 * notation it is written (`::ffff:1.2.3.4`, `::ffff:102:304`, `0:0:0:0:0:FFFF:0102:0304`); null
 * for anything else.
 */
export function mappedIPv4(address: string): string | null {
  const groups = ipv6Groups(address)
  if (!groups || groups.slice(0, 5).some(group => group !== 0) || groups[5] !== 0xFFFF) return null
  return [groups[6]! >> 8, groups[6]! & 0xFF, groups[7]! >> 8, groups[7]! & 0xFF].join('.')
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted quad read as two groups); null if it is none. */
function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address)
  const text = quad
    ? `${address.slice(0, quad.index)}${((Number(quad[1]) << 8) | Number(quad[2])).toString(16)}:${((Number(quad[3]) << 8) | Number(quad[4])).toString(16)}`
    : address
  const [head = '', tail] = text.split('::')
  const groups = head ? head.split(':') : []
  if (tail !== undefined) {
    const tailGroups = tail ? tail.split(':') : []
    groups.push(...Array<string>(Math.max(0, 8 - groups.length - tailGroups.length)).fill('0'), ...tailGroups)
  }
  return groups.map(group => Number.parseInt(group || '0', 16))
}

/** The client's address of this request (`parseClientAddress`; `NUXT_TRUST_PROXY` decides about `X-Forwarded-For`). */
export function clientAddress(event: H3Event): string | null {
  const trustProxy = isEnabled(useRuntimeConfig().trustProxy)
  return parseClientAddress(event.node.req.socket.remoteAddress, trustProxy ? getRequestHeader(event, 'x-forwarded-for') : undefined, trustProxy)
}

/**
 * What the per-address limit counts: an IPv4 address (also when written as an IPv4-mapped IPv6
 * one), or the /64 network of an IPv6 one (one subscriber's whole allocation, which would
 * otherwise be 2^64 fresh budgets).
 */
export function addressKey(address: string | null): string {
  if (!address) return 'unknown'
  const mapped = mappedIPv4(address)
  if (mapped) return mapped
  if (!address.includes(':')) return address
  const groups = ipv6Groups(address) ?? address.split(':').map(group => Number.parseInt(group, 16) || 0)
  return `${groups.slice(0, 4).map(group => group.toString(16)).join(':')}::/64`
}

/**
 * Whether the request was made by this server to itself (a page render calling the API through
 * `useRequestFetch`): such a request arrives over no socket. The client asked for the page,
 * not for the calls its render makes.
 */
export function isInternalRequest(event: H3Event): boolean {
  return !(event.node.req.socket instanceof Socket)
}
