import type { H3Event } from 'h3'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { apiError } from '../utils/errors'
import { addressKey, clientAddress, isInternalRequest } from './client-address'
import { keyedHash } from './keyed-hash'
import { useRedis } from './redis'

/*
 * Request counters: the per-address limit on `/api/auth/*` (server/middleware/rate-limit.ts)
 * and the per-recipient limit on code mails. The account lockout is login-lock.ts, which takes
 * its points through `consumeOrRefuse` here.
 */

/** Mails one recipient address may receive (codes only) in `MAIL_WINDOW_SECONDS`. */
const MAILS_PER_RECIPIENT = 3
const MAIL_WINDOW_SECONDS = 15 * 60

let addressLimiter: RateLimiterAbstract | undefined
let recipientLimiter: RateLimiterAbstract | undefined

/**
 * Counts a request of the client's address to `/api/auth/*`: 429 past `NUXT_AUTH_RATE_LIMIT` a
 * minute (`0`: no limit). The address honours `X-Forwarded-For` only with `NUXT_TRUST_PROXY`.
 * The API calls of a page render are the page request's, which the limit does not count.
 */
export async function limitAddress(event: H3Event): Promise<void> {
  const perMinute = Number(useRuntimeConfig().authRateLimit)
  if (!(perMinute > 0) || isInternalRequest(event)) return
  addressLimiter ??= counters('auth-address', perMinute, 60)
  await consumeOrRefuse(addressLimiter, addressKey(clientAddress(event)))
}

/**
 * Counts a mail to `email` asked for by this request: 429 past 3 in 15 minutes. Counted by the
 * address asked for, whether or not an account has it, so the answer tells nothing.
 */
export async function limitMailsTo(email: string): Promise<void> {
  await consumeOrRefuse(recipientCounters(), recipientKey(email))
}

/** Counts a mail to `email` that nobody asked for explicitly; false (send nothing) past the limit. */
export async function mayMailTo(email: string): Promise<boolean> {
  try {
    await recipientCounters().consume(recipientKey(email))
    return true
  }
  catch (rejection) {
    if (rejection instanceof RateLimiterRes) return false
    throw rejection
  }
}

/** 429 `TOO_MANY_REQUESTS` with `details.retryAfter` in whole seconds (the error handler copies it into `Retry-After`). */
export function tooManyRequests(msBeforeNext: number) {
  return apiError('TOO_MANY_REQUESTS', { retryAfter: Math.max(1, Math.ceil(msBeforeNext / 1000)) })
}

/** Takes one point of `key` from `limiter`, or throws 429 with the time until the next one. */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key)
  }
  catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw tooManyRequests(rejection.msBeforeNext)
    throw rejection
  }
}

function recipientCounters(): RateLimiterAbstract {
  return (recipientLimiter ??= counters('mail-recipient', MAILS_PER_RECIPIENT, MAIL_WINDOW_SECONDS))
}

/** Recipients are counted under a keyed hash: the counters never hold an address. */
function recipientKey(email: string): string {
  return keyedHash('mail-recipient', email.trim().toLowerCase())
}

/**
 * Fixed-window counters: shared through Redis when `NUXT_REDIS_URL` is set (with process memory
 * as the insurance while Redis is away), else in process memory.
 */
function counters(name: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration })
  const redis = useRedis()
  if (!redis) return memory
  return new RateLimiterRedis({ storeClient: redis, keyPrefix: `cw:${name}`, points, duration, insuranceLimiter: memory })
}
