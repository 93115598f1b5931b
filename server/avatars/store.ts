import { createHash } from 'node:crypto'

/**
 * Stored avatars, through Nitro's storage layer (`useStorage('avatars')`; which driver is
 * `server/plugins/avatar-storage.ts`'s business), so several instances can share them. A file is
 * named after its owner and its content (`<user id>-<hash>.webp`): a new upload gets a new URL,
 * so the URL can be cached for ever.
 */

/** Where stored avatars are served (server/routes/avatars/[name].get.ts). */
export const AVATAR_URL_PREFIX = '/avatars/'
const NAME_PATTERN = /^(\d{1,20})-[0-9a-f]{32}\.webp$/

function avatars() {
  return useStorage('avatars')
}

/** Whether `name` is the name of a stored avatar (anything else is never looked up). */
export function isAvatarName(name: string): boolean {
  return NAME_PATTERN.test(name)
}

/** Stores `image` (WebP) as `userId`'s avatar and answers its site-relative URL. */
export async function storeAvatar(userId: number, image: Buffer): Promise<string> {
  const name = `${userId}-${createHash('sha256').update(image).digest('hex').slice(0, 32)}.webp`
  await avatars().setItemRaw(name, image)
  return `${AVATAR_URL_PREFIX}${name}`
}

/** The stored image called `name`, or null. */
export async function readAvatar(name: string): Promise<Buffer | null> {
  if (!isAvatarName(name)) return null
  const stored = await avatars().getItemRaw<Buffer | Uint8Array | string>(name)
  if (stored === null || stored === undefined) return null
  return Buffer.isBuffer(stored) ? stored : Buffer.from(stored as Uint8Array)
}

/**
 * Removes the upload `url` points at when it is one of `userId`'s stored avatars; any other
 * address (a URL typed in the profile, someone else's upload) is left alone.
 */
export async function removeAvatarAt(userId: number, url: string | null): Promise<void> {
  if (!url?.startsWith(AVATAR_URL_PREFIX)) return
  const name = url.slice(AVATAR_URL_PREFIX.length)
  if (NAME_PATTERN.exec(name)?.[1] !== String(userId)) return
  await avatars().removeItem(name)
}
