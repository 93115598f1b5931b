import { z } from 'zod'
import { passwordField } from '../../accounts/fields'
import { storePassword } from '../../accounts/users'
import { assertPasswordPolicy } from '../../auth/password-policy'
import { verifyPassword } from '../../auth/passwords'
import { revokeOtherSessions } from '../../auth/sessions'
import { mailPasswordChanged } from '../../mail/account-mail'
import { loginLockKey, underLoginLock } from '../../security/login-lock'

export const BodySchema = z.object({
  currentPassword: passwordField,
  newPassword: passwordField,
})

export default defineApiHandler('passwordChanged', async (event) => {
  const { user, sessionId } = await requireUserSession(event)
  const { currentPassword, newPassword } = await readJsonBody(event, BodySchema)
  // Guessing the current password from a stolen session meets the login lock.
  const { valid } = await underLoginLock(await loginLockKey(user.id, user.username), () => verifyPassword(user.password, currentPassword))
  if (!valid) throw apiError('INVALID_CREDENTIALS')
  assertPasswordPolicy(newPassword, user)

  await storePassword(user.id, newPassword)
  await revokeOtherSessions(user.id, sessionId)
  mailPasswordChanged(event, user)
})
