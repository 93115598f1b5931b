import { z } from 'zod'
import { consumeCode, NO_ACCOUNT } from '../../accounts/codes'
import { codeField, emailField } from '../../accounts/fields'
import { findUserByEmail, toPublicUser, updateUser } from '../../accounts/users'

const BodySchema = z.object({
  email: emailField,
  code: codeField,
})

export default defineApiHandler('emailVerified', async (event) => {
  const { email, code } = await readJsonBody(event, BodySchema)
  const user = await findUserByEmail(email)
  // An address no account holds goes through the same steps and fails like a wrong code.
  await consumeCode(user?.id ?? NO_ACCOUNT, 'verify_email', email, code)
  const verified = await updateUser(user!.id, { emailVerifiedAt: new Date() }) // consumeCode refuses every code of NO_ACCOUNT
  return { user: toPublicUser(verified) }
})
