import { z } from 'zod'

const BodySchema = z.object({
  email: emailField,
  code: codeField,
})

export default defineApiHandler('emailVerified', async (event) => {
  const { email, code } = await readJsonBody(event, BodySchema)
  const user = await findUserByEmail(email)
  // An address no account holds gets the answer of a wrong code: nothing to learn here.
  if (!user) throw apiError('INVALID_CODE')
  await consumeCode(user.id, 'verify_email', email, code)
  const verified = await updateUser(user.id, { emailVerifiedAt: new Date() })
  return { user: toPublicUser(verified) }
})
