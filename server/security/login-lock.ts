import type { RowDataPacket } from 'mysql2/promise'
import { useDatabasePool } from '../database/db'
import { IDENTIFIER_COLLATION } from '../database/preflight'
import { keyedHash } from './keyed-hash'
import { addToCounter, counterMsLeft, deleteCounters, setCounter, subtractFromCounter } from './lock-counters'
import {
  FAILURE_WINDOW_SECONDS, LOCK_MEMORY_SECONDS, MAX_FAILURES, lockMemorySeconds, lockSeconds, locksAccount,
} from './lock-policy'
import { tooManyRequests } from './rate-limit'

/*
 * Account lockout (shared/API.md): counters in MySQL (`rate_limits`, lock-counters.ts), so that a
 * lock survives a restart and holds across instances. The rules are lock-policy.ts. Per lock key,
 * two counters: the password attempts in the current window (`login-failures:`), and the locks
 * of the last day (`login-locks:`), which make each lock longer than the one before.
 */
const failuresOf = (key: string) => `login-failures:${key}`
const locksOf = (key: string) => `login-locks:${key}`

/**
 * What the lock counts: the account, however it was named (case, email, username or mobile);
 * for an identifier no account has, the identifier as the database compares it
 * (`collationKey`), so that it locks exactly as an account's would and a 429 tells nothing.
 */
export async function loginLockKey(userId: number | undefined, identifier: string): Promise<string> {
  if (userId !== undefined) return accountLockKey(userId)
  return `unknown:${keyedHash('login-identifier', await collationKey(identifier))}`
}

function accountLockKey(userId: number): string {
  return `user:${userId}`
}

/**
 * `identifier` as the identifier columns' collation sees it: its weight string, asked of the
 * database itself, so that every spelling the account lookup takes for one name (case, width,
 * accents aside; characters outside the BMP exactly) gives one key. A rewrite in JavaScript
 * (NFKD, marks stripped, case folded) would drift from the collation's tables. Trailing spaces
 * go first, as PAD SPACE ignores them. One query, on the path of unknown identifiers only,
 * which pays a dummy bcrypt anyway.
 */
async function collationKey(identifier: string): Promise<string> {
  const [[row]] = await useDatabasePool().query<RowDataPacket[]>(
    `SELECT HEX(WEIGHT_STRING(CONVERT(? USING utf8mb4) COLLATE ${IDENTIFIER_COLLATION})) AS weight`,
    [identifier.replace(/ +$/, '')],
  )
  return row!.weight as string
}

/**
 * Runs a password check (`check`, e.g. `verifyPassword` of server/auth/passwords.ts) under the
 * lock of `key`. The attempt is counted before it is checked, so parallel guesses cannot outrun
 * the count: 429 with `Retry-After` while the account is locked, the right password included.
 * The fifth wrong one in 15 minutes locks the account; the right one forgives the failures so far.
 */
export async function underLoginLock<T extends { valid: boolean }>(key: string, check: () => Promise<T>): Promise<T> {
  const attempt = await countPasswordAttempt(key)
  let result: T
  try {
    result = await check()
  }
  catch (error) {
    // Not checked (the hashing queue is full): the attempt does not count.
    await subtractFromCounter(failuresOf(key))
    throw error
  }
  if (result.valid) await deleteCounters(failuresOf(key))
  else await recordPasswordFailure(key, attempt)
  return result
}

/**
 * Counts a password attempt and answers its number in the window; 429 while locked (a lock sets
 * the count past the limit until it ends, `recordPasswordFailure`).
 */
async function countPasswordAttempt(key: string): Promise<number> {
  const attempt = await addToCounter(failuresOf(key), FAILURE_WINDOW_SECONDS)
  if (attempt > MAX_FAILURES) throw tooManyRequests(await counterMsLeft(failuresOf(key)))
  return attempt
}

/** Attempt number `attempt` was wrong: the fifth locks the account, each lock twice as long as the one before, up to a day. */
async function recordPasswordFailure(key: string, attempt: number): Promise<void> {
  if (!locksAccount(attempt)) return
  const lockCount = await addToCounter(locksOf(key), LOCK_MEMORY_SECONDS)
  const seconds = lockSeconds(lockCount)
  await setCounter(failuresOf(key), MAX_FAILURES + 1, seconds)
  // The history of locks lasts a day past the end of this one, so the next lock is longer still.
  await setCounter(locksOf(key), lockCount, lockMemorySeconds(seconds))
}

/** Ends the account's lock and its history: after a password reset, a stranger's failures must not keep the owner out. */
export async function releaseLoginLock(userId: number): Promise<void> {
  const key = accountLockKey(userId)
  await deleteCounters(failuresOf(key), locksOf(key))
}
