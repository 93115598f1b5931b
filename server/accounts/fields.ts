import { z } from 'zod'
import {
  AVATAR_MAX, CODE_PATTERN, EMAIL_MAX, isAvatarUrl, MOBILE_PATTERN, PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN, usernameProblem,
} from '../../shared/rules'
import { optionalField, textField } from '../utils/validation'

/**
 * The account fields of the wire contract (shared/API.md, "Field rules") as zod schemas, built
 * on the rules the pages' forms use too (shared/rules.ts). A field's error message is the key of
 * its reason (server/i18n/messages.ts), translated when the answer is made. Rules a refinement
 * checks are stated again with `.meta()` from the same constants, so the OpenAPI document
 * (server/api-docs) shows them too.
 */

const USERNAME_REASONS = { length: 'usernameLength', characters: 'usernameCharacters', allDigits: 'usernameAllDigits' } as const

export const usernameField = textField().trim().superRefine((value, context) => {
  const problem = usernameProblem(value)
  if (problem) context.addIssue({ code: 'custom', message: USERNAME_REASONS[problem] })
}).meta({
  minLength: USERNAME_MIN, maxLength: USERNAME_MAX, pattern: USERNAME_PATTERN.source,
  description: 'Letters of any script, digits, `_`, `-`, `.`; not all digits. Length in characters (code points).',
})
export const emailField = textField().trim().toLowerCase().max(EMAIL_MAX, 'invalidEmail').pipe(z.email('invalidEmail')).meta({ format: 'email' })
export const mobileField = textField().trim().regex(MOBILE_PATTERN, 'invalidMobile')
export const genderField = z.union([z.literal(0), z.literal(1), z.literal(2)], { error: 'invalidGender' })
export const avatarField = textField().trim().refine(isAvatarUrl, 'invalidAvatar')
  .meta({ maxLength: AVATAR_MAX, description: 'An `https://` or `http://` URL, or a site-relative path.' })
export const codeField = textField().trim().regex(CODE_PATTERN, 'invalidCode')
/** Passwords are taken as typed (no trimming); the policy is `assertPasswordPolicy` (server/auth/password-policy.ts). */
export const passwordField = textField().min(1, 'required')
  .meta({ description: `${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes of UTF-8 where a password is chosen; not a common password, not the username or email.` })
/** A login identifier: a username, an email address or a mobile number. */
export const identifierField = textField().trim().min(1, 'required').max(EMAIL_MAX, 'invalidValue')
/** The token of a mailed one-click link (server/accounts/codes.ts makes 43 base64url characters). */
export const linkTokenField = textField().trim().min(1, 'required').max(100, 'invalidValue')

/**
 * How a caller proves they hold a mailed code (shared/API.md): `email` and `code`, or the
 * `token` of the mail's one-click link, one or the other. Spread into a body schema and checked
 * with `refineCodeProof`; `codeProof` then answers which one was given.
 */
export const codeProofFields = {
  email: optionalField(emailField),
  code: optionalField(codeField),
  token: optionalField(linkTokenField),
}

interface CodeProofBody { email?: string, code?: string, token?: string }
export type CodeProof = { token: string } | { email: string, code: string }

export function refineCodeProof(body: CodeProofBody, context: z.RefinementCtx): void {
  for (const name of ['email', 'code'] as const) {
    if (body.token !== undefined && body[name] !== undefined) context.addIssue({ code: 'custom', path: [name], message: 'codeOrToken' })
    if (body.token === undefined && body[name] === undefined) context.addIssue({ code: 'custom', path: [name], message: 'required' })
  }
}

export function codeProof(body: CodeProofBody): CodeProof {
  return body.token !== undefined ? { token: body.token } : { email: body.email!, code: body.code! }
}
