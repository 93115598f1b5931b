import { preferredLanguage } from '../../../i18n/messages'
import { toRoleInfo, updateRole, userCountOf } from '../../../roles/roles'
import { RoleCodeParams, UpdateRoleBody } from '../../../roles/schemas'

/** Changes a role's name, description or permissions (never R_SUPER's); its holders feel it at their next request. */
export default defineApiHandler('roleUpdated', async (event) => {
  const { user: actor } = await requirePermission(event, 'role:manage')
  const { code } = validate(RoleCodeParams, getRouterParams(event, { decode: true }))
  const change = await readJsonBody(event, UpdateRoleBody)
  const role = await updateRole(actor, code, change)
  return { role: toRoleInfo(role, await userCountOf(role), preferredLanguage(event)) }
})
