import { avatarStorageDriver } from '../avatars/driver'

/**
 * Mounts the storage of uploaded avatars (`useStorage('avatars')`) as `NUXT_AVATAR_STORAGE`
 * says: files under `.data/avatars` by default, or Redis so that several instances share them.
 */
export default defineNitroPlugin(() => {
  useStorage().mount('avatars', avatarStorageDriver(String(useRuntimeConfig().avatarStorage ?? '')))
})
