import { describe, expect, it } from 'vitest'
import { parseClientAddress } from '../../server/security/client-address'

describe('parseClientAddress', () => {
  it('is the TCP peer unless the proxy is trusted', () => {
    expect(parseClientAddress('198.51.100.4', '203.0.113.9', false)).toBe('198.51.100.4')
  })

  it('behind a trusted proxy, is the last X-Forwarded-For entry: what the client wrote before it is ignored', () => {
    expect(parseClientAddress('10.0.0.1', '1.2.3.4, 203.0.113.9', true)).toBe('203.0.113.9')
    expect(parseClientAddress('10.0.0.1', ' 203.0.113.9 ', true)).toBe('203.0.113.9')
  })

  it('falls back to the peer when the forwarded entry is no IP address', () => {
    expect(parseClientAddress('10.0.0.1', '203.0.113.9, evil', true)).toBe('10.0.0.1')
    expect(parseClientAddress('10.0.0.1', undefined, true)).toBe('10.0.0.1')
  })

  it('reads an IPv4-mapped IPv6 peer as the IPv4 address, and keeps real IPv6', () => {
    expect(parseClientAddress('::ffff:127.0.0.1', undefined, false)).toBe('127.0.0.1')
    expect(parseClientAddress('2001:db8::1', undefined, false)).toBe('2001:db8::1')
  })

  it('is null without any address', () => {
    expect(parseClientAddress(undefined, undefined, false)).toBeNull()
  })
})
