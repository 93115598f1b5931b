import type { ApiFetch } from '~/utils/api-client'

/**
 * The app's API client, provided by `plugins/api.ts`: resolves to the envelope's `data`, typed
 * by the route's handler (`api('/api/auth/me')` is `{ user: PublicUser }`), renews an expired
 * session in the browser and forwards the cookies during the server render.
 */
export function useApi(): ApiFetch {
  return useNuxtApp().$api
}
