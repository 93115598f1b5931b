import { z } from 'zod'

const BodySchema = z.object({
  email: emailField,
  code: codeField,
  newPassword: passwordField,
})

export default defineApiHandler('passwordReset', async (event) => {
  const { email, code, newPassword } = await readJsonBody(event, BodySchema)
  const user = await findUserByEmail(email)
  if (!user) throw apiError('INVALID_CODE')
  assertPasswordPolicy(newPassword, user)
  await consumeCode(user.id, 'reset_password', email, code)

  await storePassword(user.id, newPassword)
  // The code came through the mailbox, which proves the address too.
  if (!user.emailVerifiedAt) await updateUser(user.id, { emailVerifiedAt: new Date() })
  await revokeSessions(user.id)
  mailPasswordChanged(event, user)
})
