import { z } from 'zod'
import { emailField } from '../../accounts/fields'
import { findUserByEmail, hasEmail } from '../../accounts/users'
import { mailCode } from '../../mail/account-mail'
import { limitMailsTo } from '../../security/rate-limit'

export const BodySchema = z.object({
  email: emailField,
})

// One answer whether or not an account holds the address; only a real, active one gets mail.
export default defineApiHandler('resetCodeSent', async (event) => {
  const { email } = await readJsonBody(event, BodySchema)
  await limitMailsTo(email)
  const user = await findUserByEmail(email)
  if (user?.status !== 'active' || !hasEmail(user)) return
  // Issued and mailed after the answer, so that a real address answers as fast as an unknown one.
  mailCode(event, user, 'reset_password').catch(error => console.error('[mail] could not issue a reset code:', (error as Error).message))
})
