import { z } from 'zod'
import { consumeCode, consumeLink, NO_ACCOUNT } from '../../accounts/codes'
import { codeProof, codeProofFields, passwordField, refineCodeProof } from '../../accounts/fields'
import { findUserByEmail, findUserById, storePassword, updateUser } from '../../accounts/users'
import { assertPasswordPolicy } from '../../auth/password-policy'
import { revokeAllSessions } from '../../auth/sessions'
import type { User } from '../../database/schema'
import { mailPasswordChanged } from '../../mail/account-mail'
import { releaseLoginLock } from '../../security/login-lock'

export const BodySchema = z.object({ ...codeProofFields, newPassword: passwordField }).superRefine(refineCodeProof)

export default defineApiHandler('passwordReset', async (event) => {
  const body = await readJsonBody(event, BodySchema)
  const proof = codeProof(body)
  const { newPassword } = body
  let account: User
  if ('token' in proof) {
    assertPasswordPolicy(newPassword, {})
    // The mailed link: its token names the account. Rules that need the account are checked
    // once the token has proved the caller holds it, before it is spent.
    let found: User | undefined
    await consumeLink('reset_password', proof.token, async (userId) => {
      found = await findUserById(userId)
      if (found?.status !== 'active') throw apiError('INVALID_CODE')
      assertPasswordPolicy(newPassword, found)
    })
    account = found!
  }
  else {
    const { email, code } = proof
    // Rules that need the account are checked only once the code has proved the caller holds it.
    assertPasswordPolicy(newPassword, { email })
    const found = await findUserByEmail(email)
    const user = found?.status === 'active' ? found : undefined
    await consumeCode(user?.id ?? NO_ACCOUNT, 'reset_password', email, code, () => assertPasswordPolicy(newPassword, user!))
    account = user! // consumeCode refuses every code of NO_ACCOUNT
  }

  await storePassword(account.id, newPassword)
  // The code or link came through the mailbox, which proves the address too.
  if (!account.emailVerifiedAt) await updateUser(account.id, { emailVerifiedAt: new Date() })
  await revokeAllSessions(account.id)
  await releaseLoginLock(account.id)
  mailPasswordChanged(event, account)
})
