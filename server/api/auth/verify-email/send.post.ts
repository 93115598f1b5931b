import { hasEmail } from '../../../accounts/users'
import { mailCode } from '../../../mail/account-mail'
import { limitMailsTo } from '../../../security/rate-limit'

export default defineApiHandler('verificationSent', async (event) => {
  const { user } = await requireUserSession(event)
  if (!hasEmail(user)) throw invalidField('email', 'required')
  if (user.emailVerifiedAt) {
    setResponseMessage(event, 'emailAlreadyVerified')
    return
  }
  await limitMailsTo(user.email)
  await mailCode(event, user, 'verify_email')
})
