import { clearSessionCookies } from '../../auth/cookies'
import { revokeSession } from '../../auth/sessions'

export default defineApiHandler('loggedOut', async (event) => {
  const { user, sessionId } = await requireUserSession(event)
  await revokeSession(user.id, sessionId)
  clearSessionCookies(event)
})
