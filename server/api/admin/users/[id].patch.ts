import { z } from 'zod'
import { ROLES } from '../../../auth/roles'
import { toPublicUser } from '../../../accounts/users'
import { changeAccount, requireSuperAdmin } from '../../../admin/accounts'

export const ParamsSchema = z.object({
  id: z.string().regex(/^[1-9]\d{0,15}$/, 'invalidUserId').transform(Number),
})

export const BodySchema = z.object({
  role: optionalField(z.enum(ROLES, { error: 'invalidRole' })),
  status: optionalField(z.enum(['active', 'disabled'], { error: 'invalidStatus' })),
}).refine(body => body.role !== undefined || body.status !== undefined, { message: 'nothingToChange' })

/** Sets an account's role and/or status; super admins only. Disabling ends its sessions. */
export default defineApiHandler('userUpdated', async (event) => {
  const { user: actor } = await requireSuperAdmin(event)
  const { id } = validate(ParamsSchema, getRouterParams(event, { decode: true }))
  const change = await readJsonBody(event, BodySchema)
  const user = await changeAccount(actor.id, id, change)
  return { user: toPublicUser(user) }
})
