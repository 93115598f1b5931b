import { z } from 'zod'
import { passwordField } from '../../accounts/fields'
import { storePassword } from '../../accounts/users'
import { assertPasswordPolicy } from '../../auth/password-policy'
import { hasUsablePassword, verifyPassword } from '../../auth/passwords'
import { revokeOtherSessions } from '../../auth/sessions'
import { mailPasswordChanged } from '../../mail/account-mail'
import { loginLockKey, underLoginLock } from '../../security/login-lock'

/** `currentPassword` is required of an account that has a password; one without (a provider made it) sets its first. */
export const BodySchema = z.object({
  currentPassword: optionalField(passwordField),
  newPassword: passwordField,
})

export default defineApiHandler('passwordChanged', async (event) => {
  const { user, sessionId } = await requireUserSession(event)
  const { currentPassword, newPassword } = await readJsonBody(event, BodySchema)
  if (hasUsablePassword(user.password)) {
    if (currentPassword === undefined) throw invalidField('currentPassword', 'required')
    // Guessing the current password from a stolen session meets the login lock.
    const { valid } = await underLoginLock(await loginLockKey(user.id, user.username), () => verifyPassword(user.password, currentPassword))
    if (!valid) throw apiError('INVALID_CREDENTIALS')
  }
  else {
    setResponseMessage(event, 'passwordSet')
  }
  assertPasswordPolicy(newPassword, user)

  await storePassword(user.id, newPassword)
  await revokeOtherSessions(user.id, sessionId)
  mailPasswordChanged(event, user)
})
