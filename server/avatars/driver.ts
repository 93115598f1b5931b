import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Driver } from 'unstorage'
import fsLiteDriver from 'unstorage/drivers/fs-lite'
import redisDriver from 'unstorage/drivers/redis'

/** Where avatars are stored when `NUXT_AVATAR_STORAGE` is empty (relative to the working directory). */
export const DEFAULT_AVATAR_DIRECTORY = '.data/avatars'

/**
 * The unstorage driver `NUXT_AVATAR_STORAGE` names: empty for files under `.data/avatars`, a
 * directory path or `file://` URL for files there, `redis://` or `rediss://` for Redis (keys
 * under `avatars:`).
 */
export function avatarStorageDriver(setting: string): Driver {
  const value = setting.trim()
  if (/^rediss?:\/\//i.test(value)) return redisDriver({ url: value, base: 'avatars' })
  const directory = value.startsWith('file://') ? fileURLToPath(value) : value || DEFAULT_AVATAR_DIRECTORY
  return fsLiteDriver({ base: resolve(directory) })
}
