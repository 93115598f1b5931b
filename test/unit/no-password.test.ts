import { describe, expect, it } from 'vitest'

import { hasUsablePassword, NO_PASSWORD, verifyPassword } from '../../server/auth/passwords'
// Cheap hashes: what is tested is which comparisons can match, not bcrypt's cost.
process.env.NUXT_BCRYPT_COST = '4'

describe('an account without a password', () => {
  it('stores a marker that fits the owner\'s varchar(100) and is longer than any password', () => {
    expect(NO_PASSWORD.length).toBeLessThanOrEqual(100)
    expect(Buffer.byteLength(NO_PASSWORD)).toBeGreaterThan(72)
    expect(NO_PASSWORD).not.toMatch(/^\$2[aby]\$/)
    expect(hasUsablePassword(NO_PASSWORD)).toBe(false)
    expect(hasUsablePassword('plain-legacy-password')).toBe(true)
  })

  it('is matched by no password, the marker itself and its first 72 bytes included (the plain-text path never sees it)', async () => {
    for (const attempt of [NO_PASSWORD, NO_PASSWORD.slice(0, 72), '', 'password']) {
      expect(await verifyPassword(NO_PASSWORD, attempt)).toEqual({ valid: false, needsRehash: false })
    }
    // The legacy plain-text path itself still works for a real plain-text row.
    expect(await verifyPassword('plain-legacy-password', 'plain-legacy-password')).toEqual({ valid: true, needsRehash: true })
  }, 30_000)
})
