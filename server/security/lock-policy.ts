/**
 * The account lockout's rules (README, "Security"), as plain numbers and functions: the counting
 * and the storage are login-lock.ts.
 */

/** Failed password attempts on one account, within `FAILURE_WINDOW_SECONDS`, that lock it. */
export const MAX_FAILURES = 5
export const FAILURE_WINDOW_SECONDS = 15 * 60
export const FIRST_LOCK_SECONDS = 15 * 60
export const LONGEST_LOCK_SECONDS = 24 * 60 * 60
/** A lock that starts within this time of the end of the last one lasts twice as long. */
export const LOCK_MEMORY_SECONDS = 24 * 60 * 60

/** Whether wrong attempt number `attempt` (in the window) is the one that locks the account. */
export function locksAccount(attempt: number): boolean {
  return attempt === MAX_FAILURES
}

/**
 * How long lock number `lockCount` lasts (1: the first, or the first after a day without one):
 * 15 minutes, twice as long as the one before it, at most a day.
 */
export function lockSeconds(lockCount: number): number {
  return Math.min(FIRST_LOCK_SECONDS * 2 ** (Math.max(1, lockCount) - 1), LONGEST_LOCK_SECONDS)
}

/** How long the history of a lock is kept: a day past its end, so the next lock in that time is longer. */
export function lockMemorySeconds(lockSeconds: number): number {
  return lockSeconds + LOCK_MEMORY_SECONDS
}
