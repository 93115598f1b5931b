import { PERMISSIONS } from '../../../shared/permissions'
import { preferredLanguage } from '../../i18n/messages'
import { permissionDescription } from '../../i18n/permissions'

/** The catalogue of permissions, each described in the request's language. */
export default defineApiHandler('ok', async (event) => {
  await requirePermission(event, 'role:list')
  const language = preferredLanguage(event)
  return { permissions: PERMISSIONS.map(code => ({ code, description: permissionDescription(language, code) })) }
})
