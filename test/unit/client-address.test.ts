import { describe, expect, it } from 'vitest'
import { addressKey, parseClientAddress } from '../../server/security/client-address'

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

describe('an IPv4-mapped IPv6 address in any notation', () => {
  const notations = [
    '::ffff:1.2.3.4',
    '::FFFF:1.2.3.4',
    '::ffff:102:304',
    '::ffff:0102:0304',
    '0:0:0:0:0:ffff:102:304',
    '0:0:0:0:0:ffff:1.2.3.4',
    '0000:0000:0000:0000:0000:FFFF:0102:0304',
    '0::ffff:1.2.3.4',
  ]

  it.each(notations)('%s is the IPv4 address 1.2.3.4, as peer or behind a trusted proxy', (address) => {
    expect(parseClientAddress(address, undefined, false)).toBe('1.2.3.4')
    expect(parseClientAddress('10.0.0.1', address, true)).toBe('1.2.3.4')
  })

  it.each(notations)('%s is counted in the bucket of 1.2.3.4', (address) => {
    expect(addressKey(address)).toBe('1.2.3.4')
  })

  it('leaves addresses that only resemble it as IPv6', () => {
    expect(parseClientAddress('::1:102:304', undefined, false)).toBe('::1:102:304')
    expect(addressKey('1::ffff:102:304')).toBe('1:0:0:0::/64')
  })
})
