import { toPublicUser, updateUser } from '../../../accounts/users'
import { removeAvatarAt } from '../../../avatars/store'

/** Back to no avatar; an uploaded image is removed. */
export default defineApiHandler('avatarRemoved', async (event) => {
  const { user } = await requireUserSession(event)
  const updated = await updateUser(user.id, { avatar: null })
  await removeAvatarAt(user.id, user.avatar)
  return { user: toPublicUser(updated) }
})
