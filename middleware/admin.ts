import { useAuthStore } from '~/stores/auth'

/** Super-admin pages, after `auth`: anyone else gets the 403 error page. */
export default defineNuxtRouteMiddleware(() => {
  if (useAuthStore().user?.role === 'super_admin') return
  return abortNavigation(createError({ statusCode: 403, statusMessage: 'Forbidden', message: '只有超级管理员可以访问此页面' }))
})
