import { useAuthStore } from '~/stores/auth'

/** Pages that need a user: a visitor goes to the login page and comes back afterwards. */
export default defineNuxtRouteMiddleware((to) => {
  if (useAuthStore().loggedIn) return
  return navigateTo(`/login?redirect=${encodeURIComponent(to.fullPath)}`)
})
