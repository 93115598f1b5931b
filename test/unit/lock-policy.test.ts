import { describe, expect, it } from 'vitest'
import { LOCK_MEMORY_SECONDS, MAX_FAILURES, lockMemorySeconds, lockSeconds, locksAccount } from '../../server/security/lock-policy'

describe('the login lock\'s rules', () => {
  it('locks on the fifth wrong password of the window, not before nor again after', () => {
    expect(MAX_FAILURES).toBe(5)
    expect([1, 2, 3, 4, 5, 6].map(locksAccount)).toEqual([false, false, false, false, true, false])
  })

  it('lasts 15 minutes first, then twice as long each time, at most a day', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(lockSeconds)).toEqual([900, 1800, 3600, 7200, 14_400, 28_800, 57_600])
    expect(lockSeconds(8)).toBe(24 * 60 * 60)
    expect(lockSeconds(40)).toBe(24 * 60 * 60)
  })

  it('remembers a lock for a day past its end', () => {
    expect(LOCK_MEMORY_SECONDS).toBe(24 * 60 * 60)
    expect(lockMemorySeconds(900)).toBe(900 + 24 * 60 * 60)
  })
})
