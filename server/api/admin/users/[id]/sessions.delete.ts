import { endAccountSessions } from '../../../../admin/accounts'
import { UserIdParams } from '../../../../admin/schemas'

/** Signs the account out everywhere, at once. */
export default defineApiHandler('userSessionsEnded', async (event) => {
  const { user: actor } = await requirePermission(event, 'user:sessions')
  const { id } = validate(UserIdParams, getRouterParams(event, { decode: true }))
  await endAccountSessions(actor, id)
})
