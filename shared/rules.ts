/**
 * Field rules of the wire contract (shared/API.md, "Field rules"), used by the server's zod
 * schemas and by the pages' form rules alike, so the two can never drift apart.
 */

export const USERNAME_MIN = 3
export const USERNAME_MAX = 50
/** Letters of any script (with their combining marks), digits, `_`, `-` and `.`. */
export const USERNAME_PATTERN = /^[\p{L}\p{M}\p{Nd}_.-]+$/u
export const ALL_DIGITS_PATTERN = /^\p{Nd}+$/u

export const EMAIL_MAX = 100
export const MOBILE_PATTERN = /^\+?\d{6,19}$/
export const AVATAR_MAX = 255
/** Verification and reset codes: six digits. */
export const CODE_PATTERN = /^\d{6}$/

export const PASSWORD_MIN_BYTES = 8
export const PASSWORD_MAX_BYTES = 72

export type UsernameProblem = 'length' | 'characters' | 'allDigits'

/** Why a (trimmed) username breaks the rules, or null when it is fine. */
export function usernameProblem(username: string): UsernameProblem | null {
  const length = [...username].length
  if (length < USERNAME_MIN || length > USERNAME_MAX) return 'length'
  if (!USERNAME_PATTERN.test(username)) return 'characters'
  if (ALL_DIGITS_PATTERN.test(username)) return 'allDigits'
  return null
}

/** bcrypt reads at most 72 bytes, so the password's limits are counted in UTF-8 bytes. */
export function passwordByteLength(password: string): number {
  return new TextEncoder().encode(password).length
}

/**
 * Whether `avatar` is an allowed avatar address: an `http(s)://` URL or a site-relative path
 * (`/…` but not `//…`, which would name another host), without white space, 255 characters at most.
 */
export function isAvatarUrl(avatar: string): boolean {
  if (avatar.length > AVATAR_MAX || /\s/.test(avatar)) return false
  if (avatar.startsWith('/')) return !avatar.startsWith('//') && !avatar.startsWith('/\\')
  try {
    const url = new URL(avatar)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
  }
  catch {
    return false
  }
}
