import { useAuthStore } from '~/stores/auth'
import { safeRedirect } from '~/utils/safe-redirect'

/** Login and register: a signed-in user goes home, or where the `redirect` query safely points. */
export default defineNuxtRouteMiddleware((to) => {
  if (!useAuthStore().loggedIn) return
  return navigateTo(safeRedirect(to.query.redirect))
})
