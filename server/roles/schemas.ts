import { z } from 'zod'
import { PERMISSIONS, ROLE_CODE_PATTERN, ROLE_DESCRIPTION_MAX, ROLE_NAME_MAX } from '../../shared/permissions'
import { clearableField, optionalField, textField } from '../utils/validation'

/*
 * The request bodies of the role endpoints (shared/API.md, "Roles and permissions"): the same
 * schemas validate the requests and describe them in the API's documentation.
 */

const permissionList = z.array(z.enum(PERMISSIONS, { error: 'unknownPermission' }), { error: issue => (issue.input === undefined ? 'required' : 'invalidType') })
  .transform(permissions => [...new Set(permissions)])
const roleName = textField().trim().min(1, 'roleNameLength').max(ROLE_NAME_MAX, 'roleNameLength')
const roleDescription = clearableField(z.string({ error: 'invalidType' }).trim().max(ROLE_DESCRIPTION_MAX, 'roleDescriptionLength'))

/** `POST /api/admin/roles`: a new role's code, name, description and permissions. */
export const CreateRoleBody = z.object({
  code: textField().trim().regex(ROLE_CODE_PATTERN, 'invalidRoleCode'),
  name: roleName,
  description: roleDescription,
  permissions: permissionList,
})

/** `PATCH /api/admin/roles/:code`: what changes (a role's code never does); `description: null` clears it. */
export const UpdateRoleBody = z.object({
  name: optionalField(roleName),
  description: roleDescription,
  permissions: optionalField(permissionList),
}).refine(body => body.name !== undefined || body.description !== undefined || body.permissions !== undefined, { message: 'nothingToChangeRole' })

/** The `:code` of a role's path: any text (an unknown code is 404, as any unknown path). */
export const RoleCodeParams = z.object({ code: z.string() })
