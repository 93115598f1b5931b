import { z } from 'zod'
import { ROLES } from '../../../auth/roles'
import { toPublicUser } from '../../../accounts/users'
import { listUsers } from '../../../admin/accounts'

/** A whole number of at most 10 plain digits, within `min`…`max`; `reason` names the rule broken. */
function integerParam(min: number, max: number, reason: 'invalidPage' | 'invalidPageSize') {
  return z.string({ error: 'invalidType' }).regex(/^\d{1,10}$/, reason).transform(Number)
    .pipe(z.number().min(min, reason).max(max, reason))
}

export const QuerySchema = z.object({
  page: optionalField(integerParam(1, Number.MAX_SAFE_INTEGER, 'invalidPage')).default(1),
  pageSize: optionalField(integerParam(1, 100, 'invalidPageSize')).default(20),
  keyword: optionalField(z.string({ error: 'invalidType' }).trim().max(100, 'invalidValue')),
  role: optionalField(z.enum(ROLES, { error: 'invalidRole' })),
  status: optionalField(z.enum(['active', 'disabled'], { error: 'invalidStatus' })),
})

/** The accounts, a page at a time, newest first, with their roles. */
export default defineApiHandler('ok', async (event) => {
  await requirePermission(event, 'user:list')
  const filters = validate(QuerySchema, getQuery(event))
  const { records, total } = await listUsers(filters)
  return { records: records.map(toPublicUser), current: filters.page, size: filters.pageSize, total }
})
