import { z } from 'zod'
import { discardCode } from '../../accounts/codes'
import { avatarField, emailField, genderField, mobileField } from '../../accounts/fields'
import { hasEmail, toPublicUser, updateUser } from '../../accounts/users'
import { isEmailVerificationRequired } from '../../config/settings'
import { mailCode } from '../../mail/account-mail'
import { limitMailsTo } from '../../security/rate-limit'

// Username and role are not the owner's to change: unknown to this schema, they are ignored.
const BodySchema = z.object({
  email: clearableField(emailField),
  mobile: clearableField(mobileField),
  gender: optionalField(genderField),
  avatar: clearableField(avatarField),
})

export default defineApiHandler('profileUpdated', async (event) => {
  const { user } = await requireUserSession(event)
  const changes = await readJsonBody(event, BodySchema)
  if (changes.email === null && isEmailVerificationRequired()) throw invalidField('email', 'required')

  const emailChanged = changes.email !== undefined && changes.email !== user.email
  if (emailChanged && changes.email) await limitMailsTo(changes.email)
  const updated = await updateUser(user.id, emailChanged ? { ...changes, emailVerifiedAt: null } : changes)
  if (emailChanged) {
    if (hasEmail(updated)) await mailCode(event, updated, 'verify_email')
    else await discardCode(user.id, 'verify_email')
  }
  return { user: toPublicUser(updated) }
})
