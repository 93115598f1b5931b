import { preferredLanguage } from '../../../i18n/messages'
import { listRoles } from '../../../roles/roles'

/** Every role with its permissions and how many accounts hold it. */
export default defineApiHandler('ok', async (event) => {
  await requirePermission(event, 'role:list')
  return { roles: await listRoles(preferredLanguage(event)) }
})
