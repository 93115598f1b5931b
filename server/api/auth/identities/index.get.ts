import { hasUsablePassword } from '../../../auth/passwords'
import { listIdentities } from '../../../oauth/identities'

// The provider accounts linked to the signed-in account, and whether it has a password.
export default defineApiHandler('ok', async (event) => {
  const { user } = await requireUserSession(event)
  const identities = await listIdentities(user.id)
  return {
    identities: identities.map(({ provider, name, email, linkedAt }) => ({ provider, name, email, linkedAt: linkedAt.toISOString() })),
    hasPassword: hasUsablePassword(user.password),
  }
})
