import { z } from 'zod'
import { discardCode } from '../../accounts/codes'
import { avatarField, emailField, genderField, mobileField, passwordField } from '../../accounts/fields'
import { hasEmail, toPublicUser, updateUser } from '../../accounts/users'
import { removeAvatarAt } from '../../avatars/store'
import { verifyPassword } from '../../auth/passwords'
import { isEmailVerificationRequired } from '../../config/settings'
import { mailCode, mailEmailChanged } from '../../mail/account-mail'
import { loginLockKey, underLoginLock } from '../../security/login-lock'
import { limitMailsTo } from '../../security/rate-limit'

// Username and role are not the owner's to change: unknown to this schema, they are ignored.
export const BodySchema = z.object({
  email: clearableField(emailField),
  mobile: clearableField(mobileField),
  gender: optionalField(genderField),
  avatar: clearableField(avatarField),
  currentPassword: optionalField(passwordField),
})

export default defineApiHandler('profileUpdated', async (event) => {
  const { user } = await requireUserSession(event)
  const { currentPassword, ...changes } = await readJsonBody(event, BodySchema)
  if (changes.email === null && isEmailVerificationRequired()) throw invalidField('email', 'required')

  // The address is where a password is reset: moving or removing it takes the password, as changing the password does.
  const emailChanged = changes.email !== undefined && changes.email !== (user.email?.toLowerCase() ?? null)
  if (!emailChanged) delete changes.email
  if (emailChanged) {
    if (currentPassword === undefined) throw invalidField('currentPassword', 'required')
    const { valid } = await underLoginLock(await loginLockKey(user.id, user.username), () => verifyPassword(user.password, currentPassword))
    if (!valid) throw apiError('INVALID_CREDENTIALS')
    if (changes.email) await limitMailsTo(changes.email)
  }
  const updated = await updateUser(user.id, emailChanged ? { ...changes, emailVerifiedAt: null } : changes)
  if (updated.avatar !== user.avatar) await removeAvatarAt(user.id, user.avatar)
  if (emailChanged) {
    mailEmailChanged(event, user, updated.email)
    if (hasEmail(updated)) await mailCode(event, updated, 'verify_email')
    else await discardCode(user.id, 'verify_email')
  }
  return { user: toPublicUser(updated) }
})
