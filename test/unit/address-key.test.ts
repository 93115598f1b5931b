import { describe, expect, it } from 'vitest'
import { addressKey } from '../../server/security/client-address'

describe('addressKey (what the per-address limit counts)', () => {
  it('counts an IPv4 address as it is', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7')
  })

  it('counts an IPv6 address by its /64, however it is written', () => {
    const key = '2001:db8:0:1::/64'
    expect(addressKey('2001:db8:0:1::1')).toBe(key)
    expect(addressKey('2001:db8:0:1:ffff:ffff:ffff:ffff')).toBe(key)
    expect(addressKey('2001:0db8:0000:0001:0000:0000:0000:0002')).toBe(key)
    expect(addressKey('2001:db8:0:2::1')).not.toBe(key)
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
  })

  it('puts requests without an address in one bucket', () => {
    expect(addressKey(null)).toBe('unknown')
  })
})
