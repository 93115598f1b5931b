import { listAccountSessions } from '../../../../admin/accounts'
import { UserIdParams } from '../../../../admin/schemas'
import { toSessionInfo } from '../../../../auth/session-info'

/** The account's signed-in devices, as its owner sees them (none is the asker's: `current` is false). */
export default defineApiHandler('ok', async (event) => {
  await requirePermission(event, 'user:sessions')
  const { id } = validate(UserIdParams, getRouterParams(event, { decode: true }))
  const sessions = await listAccountSessions(id)
  return { sessions: sessions.map(session => toSessionInfo(session, '')) }
})
