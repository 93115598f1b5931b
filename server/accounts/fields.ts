import { z } from 'zod'
import { CODE_PATTERN, EMAIL_MAX, isAvatarUrl, MOBILE_PATTERN, usernameProblem } from '../../shared/rules'
import { textField } from '../utils/validation'

/**
 * The account fields of the wire contract (shared/API.md, "Field rules") as zod schemas, built
 * on the rules the pages' forms use too (shared/rules.ts). A field's error message is the key of
 * its reason (server/i18n/messages.ts), translated when the answer is made.
 */

const USERNAME_REASONS = { length: 'usernameLength', characters: 'usernameCharacters', allDigits: 'usernameAllDigits' } as const

export const usernameField = textField().trim().superRefine((value, context) => {
  const problem = usernameProblem(value)
  if (problem) context.addIssue({ code: 'custom', message: USERNAME_REASONS[problem] })
})
export const emailField = textField().trim().toLowerCase().max(EMAIL_MAX, 'invalidEmail').pipe(z.email('invalidEmail'))
export const mobileField = textField().trim().regex(MOBILE_PATTERN, 'invalidMobile')
export const genderField = z.union([z.literal(0), z.literal(1), z.literal(2)], { error: 'invalidGender' })
export const avatarField = textField().trim().refine(isAvatarUrl, 'invalidAvatar')
export const codeField = textField().trim().regex(CODE_PATTERN, 'invalidCode')
/** Passwords are taken as typed (no trimming); the policy is `assertPasswordPolicy` (server/auth/password-policy.ts). */
export const passwordField = textField().min(1, 'required')
/** A login identifier: a username, an email address or a mobile number. */
export const identifierField = textField().trim().min(1, 'required').max(EMAIL_MAX, 'invalidValue')
