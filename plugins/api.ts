import type { Pinia } from 'pinia'
import type { Ref } from 'vue'
import type { RouteLocationNormalizedLoaded } from 'vue-router'
import { useAuthStore } from '~/stores/auth'
import { createApiClient } from '~/utils/api-client'

function needsUser(route: RouteLocationNormalizedLoaded): boolean {
  return [route.meta.middleware].flat().includes('auth')
}

/**
 * Provides `$api` (read it with `useApi()`): the API client of this app, which forwards the
 * request's cookies during the server render and keeps the session fresh in the browser. The
 * session policy lives here, so that the auth store can use the client without the client
 * knowing the store: when a refresh is refused the user is signed out and, on a page that
 * needs a user, sent to `/login?redirect=…`. Calls ask for the page's language, so that API
 * messages shown on a page speak it.
 */
export default defineNuxtPlugin({
  name: 'api',
  dependsOn: ['pinia', 'i18n:plugin'],
  setup(nuxtApp) {
    const auth = () => useAuthStore(nuxtApp.$pinia as Pinia)
    const router = useRouter()
    // (Typed by hand, as $pinia is: the plugin's own $api makes NuxtApp's injections circular here.)
    const i18n = nuxtApp.$i18n as { locale: Ref<string> }
    const api = createApiClient(useRequestFetch(), {
      language: () => i18n.locale.value,
      signedIn: () => auth().loggedIn,
      async signOut() {
        auth().clear()
        const route = router.currentRoute.value
        if (needsUser(route)) {
          await nuxtApp.runWithContext(() => navigateTo(`/login?redirect=${encodeURIComponent(route.fullPath)}`))
        }
      },
    })
    return { provide: { api } }
  },
})
