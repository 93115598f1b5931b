import { dictionary } from '@zxcvbn-ts/language-common'
import { commonPasswordTest } from '../../shared/common-passwords'
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES, passwordByteLength } from '../../shared/rules'
import { apiError } from '../utils/errors'

/** A rule of the password policy that a password breaks (`details.violations` of `INVALID_PASSWORD`). */
export type PasswordViolation = 'tooShort' | 'tooLong' | 'common' | 'sameAsUsername' | 'sameAsEmail'

let isCommon: ((lowered: string) => boolean) | undefined

/**
 * The policy rules `password` breaks (shared/API.md, "Field rules"): 8 to 72 UTF-8 bytes, not one
 * of the common passwords, not the username or email (case aside). Empty when it is fine.
 */
export function passwordViolations(password: string, account: { username?: string, email?: string | null }): PasswordViolation[] {
  const violations: PasswordViolation[] = []
  const bytes = passwordByteLength(password)
  if (bytes < PASSWORD_MIN_BYTES) violations.push('tooShort')
  if (bytes > PASSWORD_MAX_BYTES) violations.push('tooLong')
  const lowered = password.toLowerCase()
  isCommon ??= commonPasswordTest(dictionary['passwords-common'])
  if (isCommon(lowered)) violations.push('common')
  if (account.username && lowered === account.username.toLowerCase()) violations.push('sameAsUsername')
  if (account.email && lowered === account.email.toLowerCase()) violations.push('sameAsEmail')
  return violations
}

/** Throws 400 `INVALID_PASSWORD` with the broken rules when `password` breaks the policy. */
export function assertPasswordPolicy(password: string, account: { username?: string, email?: string | null }): void {
  const violations = passwordViolations(password, account)
  if (violations.length) {
    throw apiError('INVALID_PASSWORD', { minLength: PASSWORD_MIN_BYTES, maxBytes: PASSWORD_MAX_BYTES, violations })
  }
}
