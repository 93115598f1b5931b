import { z } from 'zod'
import { clearSessionCookies } from '../../../auth/cookies'
import { revokeSession } from '../../../auth/sessions'

export const ParamsSchema = z.object({ id: z.string().regex(/^[\w-]{24}$/) })

// Signs one of the caller's own devices out; any other id is unknown here.
export default defineApiHandler('sessionRevoked', async (event) => {
  const { user, sessionId } = await requireUserSession(event)
  const params = ParamsSchema.safeParse(getRouterParams(event, { decode: true }))
  if (!params.success || !(await revokeSession(user.id, params.data.id))) throw apiError('NOT_FOUND')
  if (params.data.id === sessionId) clearSessionCookies(event)
})
