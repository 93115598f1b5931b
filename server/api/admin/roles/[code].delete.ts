import { deleteRole } from '../../../roles/roles'
import { RoleCodeParams } from '../../../roles/schemas'

/** Deletes a role no account holds; built-in roles stay. */
export default defineApiHandler('roleDeleted', async (event) => {
  const { user: actor } = await requirePermission(event, 'role:manage')
  const { code } = validate(RoleCodeParams, getRouterParams(event, { decode: true }))
  await deleteRole(actor, code)
})
