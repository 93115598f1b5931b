import { toPublicUser, updateUser } from '../../../accounts/users'
import { squareAvatar } from '../../../avatars/images'
import { removeAvatarAt, storeAvatar } from '../../../avatars/store'
import { AVATAR_MAX_BYTES, sniffImageType } from '../../../avatars/upload-rules'

/** The image itself is the body (its type and size were checked at the door); stored square and resized. */
export default defineApiHandler('avatarUpdated', async (event) => {
  const { user } = await requireUserSession(event)
  const upload = await readBodyBytes(event, AVATAR_MAX_BYTES)
  if (!upload.length) throw invalidField('avatar', 'required')
  // By its content, not its header: anything but a PNG, JPEG or WebP is refused before it is decoded.
  if (!sniffImageType(upload)) throw apiError('UNSUPPORTED_MEDIA_TYPE')
  const image = await squareAvatar(upload).catch(() => {
    throw invalidField('avatar', 'invalidImage')
  })
  const url = await storeAvatar(user.id, image)
  const updated = await updateUser(user.id, { avatar: url })
  if (user.avatar !== url) await removeAvatarAt(user.id, user.avatar)
  return { user: toPublicUser(updated) }
})
