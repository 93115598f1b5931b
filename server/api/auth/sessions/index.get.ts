import { toSessionInfo } from '../../../auth/session-info'
import { listSessions } from '../../../auth/sessions'

export default defineApiHandler('ok', async (event) => {
  const { user, sessionId } = await requireUserSession(event)
  const sessions = await listSessions(user.id)
  return { sessions: sessions.map(session => toSessionInfo(session, sessionId)) }
})
