import { z } from 'zod'
import { consumeCode, NO_ACCOUNT } from '../../accounts/codes'
import { codeField, emailField, passwordField } from '../../accounts/fields'
import { findUserByEmail, storePassword, updateUser } from '../../accounts/users'
import { assertPasswordPolicy } from '../../auth/password-policy'
import { revokeAllSessions } from '../../auth/sessions'
import { mailPasswordChanged } from '../../mail/account-mail'
import { releaseLoginLock } from '../../security/login-lock'

const BodySchema = z.object({
  email: emailField,
  code: codeField,
  newPassword: passwordField,
})

export default defineApiHandler('passwordReset', async (event) => {
  const { email, code, newPassword } = await readJsonBody(event, BodySchema)
  // Rules that need the account are checked only once the code has proved the caller holds it.
  assertPasswordPolicy(newPassword, { email })
  const found = await findUserByEmail(email)
  const user = found?.status === 'active' ? found : undefined
  await consumeCode(user?.id ?? NO_ACCOUNT, 'reset_password', email, code, () => assertPasswordPolicy(newPassword, user!))
  const account = user! // consumeCode refuses every code of NO_ACCOUNT

  await storePassword(account.id, newPassword)
  // The code came through the mailbox, which proves the address too.
  if (!account.emailVerifiedAt) await updateUser(account.id, { emailVerifiedAt: new Date() })
  await revokeAllSessions(account.id)
  await releaseLoginLock(account.id)
  mailPasswordChanged(event, account)
})
