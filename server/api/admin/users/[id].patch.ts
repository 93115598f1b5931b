import { z } from 'zod'
import { ROLES } from '../../../auth/roles'
import { toPublicUser } from '../../../accounts/users'
import { changeAccount } from '../../../admin/accounts'
import { UserIdParams } from '../../../admin/schemas'

export const ParamsSchema = UserIdParams

export const BodySchema = z.object({
  role: optionalField(z.enum(ROLES, { error: 'invalidRole' })),
  status: optionalField(z.enum(['active', 'disabled'], { error: 'invalidStatus' })),
}).refine(body => body.role !== undefined || body.status !== undefined, { message: 'nothingToChange' })

/** Sets an account's status (`user:status`) and/or grants or removes R_SUPER (`user:roles`, R_SUPER holders only). Disabling ends its sessions. */
export default defineApiHandler('userUpdated', async (event) => {
  const { user: actor } = await requireSomePermission(event, ['user:status', 'user:roles'])
  const { id } = validate(ParamsSchema, getRouterParams(event, { decode: true }))
  const change = await readJsonBody(event, BodySchema)
  if (change.status) await requirePermission(event, 'user:status')
  if (change.role) await requirePermission(event, 'user:roles')
  const user = await changeAccount(actor.id, id, change)
  return { user: toPublicUser(user) }
})
