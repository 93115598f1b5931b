import { z } from 'zod'

// The identifier may also come as `email`, for clients written against an email-only login.
const BodySchema = z.preprocess(
  body => (isPlainObject(body) && body.username === undefined ? { ...body, username: body.email } : body),
  z.object({
    username: identifierField,
    password: passwordField,
    rememberMe: optionalField(z.boolean({ error: 'invalidType' })),
  }),
)

/** A login refused for an unverified address mails a fresh code, at most this often. */
const RESEND_INTERVAL_MS = 60_000

export default defineApiHandler('loggedIn', async (event) => {
  const { username: identifier, password, rememberMe } = await readJsonBody(event, BodySchema)

  const user = await findUserByIdentifier(identifier)
  const { valid, needsRehash } = await verifyPassword(user?.password ?? null, password)
  if (!user || !valid) throw apiError('INVALID_CREDENTIALS')
  if (user.status === 'disabled') throw apiError('ACCOUNT_DISABLED')

  if (needsRehash) await storePassword(user.id, password, { rehash: true })
  if (isEmailVerificationRequired() && !user.emailVerifiedAt) {
    if (hasEmail(user) && !(await hasRecentCode(user.id, 'verify_email', RESEND_INTERVAL_MS))) await mailVerificationCode(event, user)
    throw apiError('EMAIL_NOT_VERIFIED')
  }
  const tokens = await startSession(event, user, { rememberMe: rememberMe ?? false })
  return { user: toPublicUser(user), ...tokens, tokenType: 'Bearer' as const }
})
