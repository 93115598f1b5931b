import { z } from 'zod'
import { emailField, genderField, mobileField, passwordField, usernameField } from '../../accounts/fields'
import { createUser, hasEmail, toPublicUser } from '../../accounts/users'
import { assertPasswordPolicy } from '../../auth/password-policy'
import { startSession } from '../../auth/sign-in'
import { isEmailVerificationRequired } from '../../config/settings'
import { mailCode } from '../../mail/account-mail'
import { mayMailTo } from '../../security/rate-limit'

export const BodySchema = z.object({
  username: usernameField,
  password: passwordField,
  email: optionalField(emailField),
  mobile: optionalField(mobileField),
  gender: optionalField(genderField),
})
/** When the deployment requires a verified address, one must be given. */
export const VerifiedBodySchema = BodySchema.extend({ email: emailField })

export default defineApiHandler('registered', async (event) => {
  const requireVerification = isEmailVerificationRequired()
  const { password, ...fields } = await readJsonBody(event, requireVerification ? VerifiedBodySchema : BodySchema)
  assertPasswordPolicy(password, fields)
  const user = await createUser(fields, password)
  // Within the recipient's limit only: a stranger's forgot-password requests must not block a sign-up.
  if (hasEmail(user) && await mayMailTo(user.email)) await mailCode(event, user, 'verify_email')
  setResponseStatus(event, 201)
  if (requireVerification) {
    setResponseMessage(event, 'registeredVerifyEmail')
    return { user: toPublicUser(user) }
  }
  const tokens = await startSession(event, user, { rememberMe: false })
  return { user: toPublicUser(user), ...tokens }
})
