import { preferredLanguage } from '../../../i18n/messages'
import { createRole, toRoleInfo } from '../../../roles/roles'
import { CreateRoleBody } from '../../../roles/schemas'

/** Adds a role; its permissions must all be the creator's own. */
export default defineApiHandler('roleCreated', async (event) => {
  const { user: actor } = await requirePermission(event, 'role:manage')
  const input = await readJsonBody(event, CreateRoleBody)
  const role = await createRole(actor, input)
  setResponseStatus(event, 201)
  return { role: toRoleInfo(role, 0, preferredLanguage(event)) }
})
