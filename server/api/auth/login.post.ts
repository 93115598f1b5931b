import { z } from 'zod'
import { identifierField, passwordField } from '../../accounts/fields'
import { findUserByIdentifier, hasEmail, storePassword, toPublicUser } from '../../accounts/users'
import { deviceLockKey } from '../../auth/device-cookie'
import { verifyPassword } from '../../auth/passwords'
import { startSession } from '../../auth/sign-in'
import { isEmailVerificationRequired } from '../../config/settings'
import { remindVerificationCode } from '../../mail/account-mail'
import { loginLockKey, underLoginLock } from '../../security/login-lock'

// The identifier may also come as `email`, for clients written against an email-only login.
export const BodySchema = z.preprocess(
  body => (isPlainObject(body) && body.username === undefined ? { ...body, username: body.email } : body),
  z.object({
    username: identifierField,
    password: passwordField,
    rememberMe: optionalField(z.boolean({ error: 'invalidType' })),
  }),
)

export default defineApiHandler('loggedIn', async (event) => {
  const { username: identifier, password, rememberMe } = await readJsonBody(event, BodySchema)

  const user = await findUserByIdentifier(identifier)
  // A browser that signed in to this account before is counted by itself, not by the account:
  // the lock strangers cause does not refuse it (server/auth/device-cookie.ts).
  const lockKey = deviceLockKey(event, user) ?? await loginLockKey(user?.id, identifier)
  const { valid, needsRehash } = await underLoginLock(lockKey, () => verifyPassword(user?.password ?? null, password))
    .catch((error: unknown) => { throw lockedAnswer(error) })
  if (!user || !valid) throw apiError('INVALID_CREDENTIALS')
  if (user.status === 'disabled') throw apiError('ACCOUNT_DISABLED')

  if (needsRehash) await storePassword(user.id, password, { rehash: true })
  if (isEmailVerificationRequired() && !user.emailVerifiedAt) {
    if (hasEmail(user)) await remindVerificationCode(event, user)
    throw apiError('EMAIL_NOT_VERIFIED')
  }
  const tokens = await startSession(event, user, { rememberMe: rememberMe ?? false })
  return { user: toPublicUser(user), ...tokens, tokenType: 'Bearer' as const }
})

/**
 * The lock's 429 says what happened: the account is locked for `details.retryAfter` seconds,
 * and a password reset ends it (`reason: 'accountLocked'`). An identifier no account has is
 * locked the same way and answered the same words, so the answer tells nothing.
 */
function lockedAnswer(error: unknown): unknown {
  if (!isApiError(error, 'TOO_MANY_REQUESTS')) return error
  const { retryAfter } = (error as { data: ApiErrorData }).data.details as { retryAfter: number }
  return apiError('TOO_MANY_REQUESTS', { retryAfter, reason: 'accountLocked' })
}
