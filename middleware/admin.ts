import { useAuthStore } from '~/stores/auth'

/**
 * Administration pages, after `auth`: the page names the permission it needs
 * (`definePageMeta({ permission: 'role:list' })`, `user:list` when it names none); anyone whose
 * roles do not grant it gets the 403 error page (its text: `errors.missingPermission`).
 */
export default defineNuxtRouteMiddleware((to) => {
  if (useAuthStore().can(to.meta.permission ?? 'user:list')) return
  return abortNavigation(createError({ statusCode: 403, statusMessage: 'Forbidden', message: 'None of your roles allows this page', data: { reason: 'missingPermission' } }))
})
