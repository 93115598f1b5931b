import { toPublicUser } from '../../../../accounts/users'
import { assignRoles } from '../../../../admin/accounts'
import { AssignRolesBody, UserIdParams } from '../../../../admin/schemas'

/** Makes the given roles the account's roles; no one grants or removes a role they do not cover. */
export default defineApiHandler('userUpdated', async (event) => {
  const { user: actor } = await requirePermission(event, 'user:roles')
  const { id } = validate(UserIdParams, getRouterParams(event, { decode: true }))
  const { roles } = await readJsonBody(event, AssignRolesBody)
  return { user: toPublicUser(await assignRoles(actor.id, id, roles)) }
})
