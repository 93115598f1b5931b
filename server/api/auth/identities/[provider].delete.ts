import { unlinkIdentity } from '../../../oauth/identities'
import { IdentityParamsSchema } from '../../../oauth/schemas'

// Unlinks a provider account, unless it is the account's last way to sign in.
export default defineApiHandler('identityUnlinked', async (event) => {
  const { user } = await requireUserSession(event)
  const { provider } = validate(IdentityParamsSchema, getRouterParams(event))
  await unlinkIdentity(user.id, provider)
})
