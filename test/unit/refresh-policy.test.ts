import { describe, expect, it } from 'vitest'
import { isTwinRefresh, refreshExpiry, TWIN_WINDOW_MS } from '../../server/auth/refresh-policy'

const spentAt = new Date('2026-11-21T10:00:00.000Z')
const after = (ms: number) => new Date(spentAt.getTime() + ms)

describe('isTwinRefresh (a spent refresh token that comes back)', () => {
  it('is a twin when it is the token spent last, back within 10 seconds', () => {
    expect(TWIN_WINDOW_MS).toBe(10_000)
    expect(isTwinRefresh({ spentAt, isLatestSpent: true }, after(0))).toBe(true)
    expect(isTwinRefresh({ spentAt, isLatestSpent: true }, after(10_000))).toBe(true)
  })

  it('is a replay when it comes back later', () => {
    expect(isTwinRefresh({ spentAt, isLatestSpent: true }, after(10_001))).toBe(false)
  })

  it('is a replay when a later token of the session was spent too, however soon', () => {
    expect(isTwinRefresh({ spentAt, isLatestSpent: false }, after(1))).toBe(false)
  })
})

describe('refreshExpiry', () => {
  it('keeps a session 7 days, or 30 with rememberMe', () => {
    expect(refreshExpiry(false, spentAt).toISOString()).toBe('2026-11-28T10:00:00.000Z')
    expect(refreshExpiry(true, spentAt).toISOString()).toBe('2026-12-21T10:00:00.000Z')
  })
})
