import type { SeedUserInfo } from '~/types/api'

/** Seed 0's user info for its admin front end: the signed-in account, its roles and its permissions as `buttons`. */
export default defineApiHandler('ok', async (event): Promise<SeedUserInfo> => {
  const { user } = await requireUserSession(event)
  return {
    userId: user.id,
    userName: user.username,
    roles: user.roles,
    buttons: user.permissions,
    avatar: user.avatar || null,
    email: user.email || null,
    phone: user.mobile || null,
  }
})
