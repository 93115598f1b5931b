import { timingSafeEqual, createHash } from 'node:crypto'
import { PASSWORD_MAX_BYTES, passwordByteLength } from '../../shared/rules'
import { sharedSettings } from '../config/settings'
import { apiError } from '../utils/errors'
import { createBcryptPool, PasswordPoolFullError, type BcryptPool } from './bcrypt-pool'

const BCRYPT_HASH = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/

/**
 * The stored password of an account that has none (made by a provider sign-in): the column is
 * `NOT NULL`. No bcrypt comparison matches it (it is no hash), and `verifyPassword` never compares
 * it as the original table's plain text (it is also longer than any password may be).
 */
export const NO_PASSWORD = '!no-password: this account signs in through a provider until a password is set'

/** Whether a stored password value is a password one can sign in with (not `NO_PASSWORD`). */
export function hasUsablePassword(stored: string | null | undefined): boolean {
  return Boolean(stored) && stored !== NO_PASSWORD
}

let dummyHash: Promise<string> | undefined
let pool: BcryptPool | undefined

/**
 * The settings of password hashing (`NUXT_BCRYPT_COST`, `NUXT_PASSWORD_QUEUE_LIMIT`), in the
 * server and in the command-line scripts alike.
 */
function passwordSettings(): { bcryptCost: number, queueLimit?: number } {
  const source = sharedSettings()
  const queueLimit = source.passwordQueueLimit === '' || source.passwordQueueLimit === undefined ? Number.NaN : Number(source.passwordQueueLimit)
  return {
    bcryptCost: Number(source.bcryptCost) || 10,
    queueLimit: Number.isInteger(queueLimit) && queueLimit >= 0 ? queueLimit : undefined,
  }
}

/**
 * The worker threads that hash and compare passwords (bcrypt-pool.ts): one per
 * core, created on first use, with a bounded queue (`NUXT_PASSWORD_QUEUE_LIMIT`, default 16
 * per worker).
 */
function usePasswordPool(): BcryptPool {
  return (pool ??= createBcryptPool({ queueLimit: passwordSettings().queueLimit }))
}

/** Runs one bcrypt job on the pool; a full queue is 503 `SERVICE_UNAVAILABLE`, retry after 1 s. */
async function onPool<T>(work: (pool: BcryptPool) => Promise<T>): Promise<T> {
  try {
    return await work(usePasswordPool())
  }
  catch (error) {
    if (error instanceof PasswordPoolFullError) throw apiError('SERVICE_UNAVAILABLE', { retryAfter: 1 })
    throw error
  }
}

/** Hashes a password with bcrypt at the configured cost (`NUXT_BCRYPT_COST`, default 10), on a worker thread. */
export function hashPassword(password: string): Promise<string> {
  return onPool(pool => pool.hash(password, passwordSettings().bcryptCost))
}

/** The outcome of `verifyPassword`. */
export interface PasswordCheck {
  valid: boolean
  /** The stored value should be replaced by a fresh hash (plain text, or another cost). */
  needsRehash: boolean
}

/**
 * Checks `password` against a stored value: a bcrypt hash, or the plain text the original
 * table kept. `stored` null (no such account) still spends one bcrypt comparison, so the
 * answer takes as long as for a real account; so does a password over 72 bytes, which is never
 * valid, and an account without a password (`NO_PASSWORD`), which nothing matches. `needsRehash` asks the caller to store a fresh hash: plain text, or another cost.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<PasswordCheck> {
  // An account without a password is no account for a password, however it is typed.
  if (!hasUsablePassword(stored)) stored = null
  // bcrypt would compare only the first 72 bytes: a longer password is wrong, never cut.
  if (passwordByteLength(password) > PASSWORD_MAX_BYTES) stored = null
  const match = stored ? BCRYPT_HASH.exec(stored) : null
  if (stored && match) {
    const valid = await onPool(pool => pool.compare(password, stored))
    return { valid, needsRehash: valid && Number(match[1]) !== passwordSettings().bcryptCost }
  }
  const dummy = await (dummyHash ??= hashPassword('timing-equaliser').catch((error) => {
    dummyHash = undefined
    throw error
  }))
  await onPool(pool => pool.compare(password, dummy))
  if (!stored) return { valid: false, needsRehash: false }
  const valid = timingSafeEqual(sha256(stored), sha256(password))
  return { valid, needsRehash: valid }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}
