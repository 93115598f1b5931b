import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { H3Event } from 'h3'
import { keyedHash } from '../security/keyed-hash'
import { deviceCookieOf, setDeviceCookie } from './cookies'

/*
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a successful
 * sign-in marks the browser with `<userId>.<nonce>.<mac>`, the mac a keyed hash of the first two.
 * A browser that holds a valid one for the account it logs into is counted by the login lock
 * under its own key (`device:…`), so the lock strangers cause does not refuse it, and its own
 * failures lock that cookie alone. Clients without one are counted as before, by the account.
 */

function macOf(userId: number, nonce: string): string {
  return keyedHash('device-cookie', `${userId}.${nonce}`)
}

/** The nonce of the request's device cookie when it is valid and issued for `userId`. */
function trustedNonce(event: H3Event, userId: number): string | undefined {
  const parts = deviceCookieOf(event)?.split('.')
  if (parts?.length !== 3) return undefined
  const [id, nonce = '', mac = ''] = parts
  if (id !== String(userId) || !/^[\w-]{16,64}$/.test(nonce)) return undefined
  const expected = Buffer.from(macOf(userId, nonce))
  const given = Buffer.from(mac)
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : undefined
}

/**
 * The login lock's key for this browser when it holds a valid device cookie of `user`, else
 * undefined. The key takes in the stored password hash, so that a password reset, which ends
 * the account's lock, ends the locks of its devices too.
 */
export function deviceLockKey(event: H3Event, user: { id: number, password: string | null } | undefined): string | undefined {
  if (!user) return undefined
  const nonce = trustedNonce(event, user.id)
  return nonce === undefined ? undefined : `device:${keyedHash('device-cookie-nonce', `${nonce}.${user.password ?? ''}`)}`
}

/** Marks this browser as one `userId` signed in from: keeps a valid cookie of the account, renewed for a year, else a new one. */
export function markTrustedDevice(event: H3Event, userId: number): void {
  const nonce = trustedNonce(event, userId) ?? randomBytes(18).toString('base64url')
  setDeviceCookie(event, `${userId}.${nonce}.${macOf(userId, nonce)}`)
}
