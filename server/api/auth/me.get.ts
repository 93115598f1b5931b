import { toPublicUser } from '../../accounts/users'

export default defineApiHandler('ok', async (event) => {
  const { user } = await requireUserSession(event)
  return { user: toPublicUser(user) }
})
