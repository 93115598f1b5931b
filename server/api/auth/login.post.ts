import { z } from 'zod'

const BodySchema = z.object({
  username: optionalField(identifierField),
  email: optionalField(identifierField),
  password: passwordField,
  rememberMe: optionalField(z.boolean({ error: 'invalidType' })),
}).transform(({ username, email, ...rest }) => ({ identifier: username ?? email, ...rest }))
  .refine(body => body.identifier !== undefined, { message: 'required', path: ['username'] })

export default defineApiHandler('loggedIn', async (event) => {
  const { identifier, password, rememberMe } = await readJsonBody(event, BodySchema)

  const user = await findUserByIdentifier(identifier!)
  const { valid, needsRehash } = await verifyPassword(user?.password ?? null, password)
  if (!user || !valid) throw apiError('INVALID_CREDENTIALS')
  if (user.status === 'disabled') throw apiError('ACCOUNT_DISABLED')

  if (needsRehash) await storePassword(user.id, password)
  const tokens = await startSession(event, user, { rememberMe: rememberMe ?? false })
  return { user: toPublicUser(user), ...tokens, tokenType: 'Bearer' as const }
})
