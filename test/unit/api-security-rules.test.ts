import { describe, expect, it } from 'vitest'
import { apiPathsShareRules, apiSecurityRules } from '../../server/security/api-security-rules'

describe('nuxt-security rules resolved once for /api', () => {
  it('holds while only /** and /api/** (and rules outside /api) can match an API path', () => {
    expect(apiPathsShareRules([])).toBe(true)
    expect(apiPathsShareRules(['/**', '/api/**', '/admin/**', '/_nuxt/**', '/apis'])).toBe(true)
  })

  it('does not hold once a rule could match part of /api', () => {
    expect(apiPathsShareRules(['/**', '/api/admin/**'])).toBe(false)
    expect(apiPathsShareRules(['/api/auth/me'])).toBe(false)
    expect(apiPathsShareRules(['/*/auth/**'])).toBe(false)
    expect(apiPathsShareRules(['/:section/**'])).toBe(false)
    expect(apiPathsShareRules(['/**/me'])).toBe(false)
  })

  it('turns the nonce off, leaves the resolved rules as they were and freezes the copy', () => {
    const resolved = { enabled: true, nonce: true, hidePoweredBy: true, headers: { xFrameOptions: 'DENY' } }
    const rules = apiSecurityRules(resolved)
    expect(rules).toEqual({ ...resolved, nonce: false })
    expect(resolved.nonce).toBe(true)
    const headers = rules.headers as { xFrameOptions: string }
    expect(() => {
      headers.xFrameOptions = 'SAMEORIGIN'
    }).toThrow(TypeError)
    expect(Object.isFrozen(rules)).toBe(true)
  })
})
