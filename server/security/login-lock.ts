import type { RowDataPacket } from 'mysql2/promise'
import { RateLimiterMySQL } from 'rate-limiter-flexible'
import { sharedSettings } from '../config/settings'
import { useDatabasePool } from '../database/db'
import { IDENTIFIER_COLLATION } from '../database/preflight'
import { databaseNameOf } from '../database/url'
import { keyedHash } from './keyed-hash'
import {
  FAILURE_WINDOW_SECONDS, LOCK_MEMORY_SECONDS, MAX_FAILURES, lockMemorySeconds, lockSeconds, locksAccount,
} from './lock-policy'
import { consumeOrRefuse } from './rate-limit'

let limiters: { failures: RateLimiterMySQL, locks: RateLimiterMySQL } | undefined

/**
 * Account lockout (shared/API.md): rate-limiter-flexible's MySQL store, in `rate_limits`, so a
 * lock survives a restart and holds across instances. The rules are lock-policy.ts.
 */
function lockLimiters() {
  if (!limiters) {
    const common = {
      // The store speaks mysql2's callback API: the core pool under the promise one.
      storeClient: useDatabasePool().pool,
      storeType: 'pool',
      dbName: databaseNameOf(sharedSettings().databaseUrl),
      tableName: 'rate_limits',
      tableCreated: true,
    }
    limiters = {
      failures: new RateLimiterMySQL({ ...common, keyPrefix: 'login-failures', points: MAX_FAILURES, duration: FAILURE_WINDOW_SECONDS }),
      locks: new RateLimiterMySQL({ ...common, keyPrefix: 'login-locks', points: Number.MAX_SAFE_INTEGER, duration: LOCK_MEMORY_SECONDS }),
    }
  }
  return limiters
}

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
    await lockLimiters().failures.reward(key)
    throw error
  }
  if (result.valid) await lockLimiters().failures.delete(key)
  else await recordPasswordFailure(key, attempt)
  return result
}

/** Counts a password attempt and answers its number in the window; 429 while locked. */
async function countPasswordAttempt(key: string): Promise<number> {
  return (await consumeOrRefuse(lockLimiters().failures, key)).consumedPoints
}

/** Attempt number `attempt` was wrong: the fifth locks the account, each lock twice as long as the one before, up to a day. */
async function recordPasswordFailure(key: string, attempt: number): Promise<void> {
  if (!locksAccount(attempt)) return
  const { failures, locks } = lockLimiters()
  const { consumedPoints: lockCount } = await locks.penalty(key)
  const seconds = lockSeconds(lockCount)
  await failures.block(key, seconds)
  // The history of locks lasts a day past the end of this one, so the next lock is longer still.
  await locks.set(key, lockCount, lockMemorySeconds(seconds))
}

/** Ends the account's lock and its history: after a password reset, a stranger's failures must not keep the owner out. */
export async function releaseLoginLock(userId: number): Promise<void> {
  const key = accountLockKey(userId)
  const { failures, locks } = lockLimiters()
  await Promise.all([failures.delete(key), locks.delete(key)])
}
