import { useAuthStore } from '~/stores/auth'
import { toApiFailure } from '~/utils/api-error'
import { carriesSession } from '~/shared/session-cookies'

/**
 * Asks who is signed in before the first render: once on the server (the answer ships in the
 * payload, so a reload shows a signed-in page without a flash of the login form), and in the
 * browser only when no server render did it. A request with no session cookie is a visitor's:
 * the server render then asks nothing.
 */
export default defineNuxtPlugin({
  name: 'auth',
  dependsOn: ['pinia', 'api'],
  async setup() {
    const auth = useAuthStore()
    if (import.meta.client && auth.fetched) return
    if (import.meta.server && !carriesSession(useRequestHeaders(['authorization', 'cookie']))) {
      auth.clear()
      return
    }
    try {
      await auth.fetch()
    }
    catch (error) {
      // The API is unreachable (503, network): render as signed out; the browser asks again.
      console.warn('[auth] could not load the session', toApiFailure(error).errorCode)
    }
  },
})
