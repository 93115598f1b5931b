import { useAuthStore } from '~/stores/auth'

/** Super-admin pages, after `auth`: anyone else gets the 403 error page (its text: `errors.adminOnly`). */
export default defineNuxtRouteMiddleware(() => {
  if (useAuthStore().user?.role === 'super_admin') return
  return abortNavigation(createError({ statusCode: 403, statusMessage: 'Forbidden', message: 'Only super admins may see this page', data: { reason: 'adminOnly' } }))
})
