import type { RouteLocationNormalizedLoaded } from 'vue-router'
import type { Pinia } from 'pinia'
import type { ApiSuccess } from '~/types/api'

export interface ApiFetchOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: Record<string, unknown>
  query?: Record<string, string | number | boolean | undefined>
  /** `false` for calls that must never trigger a refresh (login, register). */
  refresh?: boolean
}

/** Calls an `/api` endpoint and resolves to the envelope's `data`; rejects with the `$fetch` error. */
export type ApiFetch = <T>(url: string, options?: ApiFetchOptions) => Promise<T>

/** The refresh in flight, shared by every call of the tab that ran into an expired token. */
let refreshing: Promise<boolean | null> | null = null

/**
 * Rotates the session through the refresh cookie, once for any number of concurrent callers.
 * Resolves `true` when renewed, `false` when the server refused it (signed out), and `null`
 * when it could not tell (network error, rate limit).
 */
function refreshSession(): Promise<boolean | null> {
  refreshing ??= $fetch('/api/auth/refresh', { method: 'POST' })
    .then(() => true, (error: unknown) => (toApiFailure(error).code === 401 ? false : null))
    .finally(() => {
      refreshing = null
    })
  return refreshing
}

function needsUser(route: RouteLocationNormalizedLoaded): boolean {
  return [route.meta.middleware].flat().includes('auth')
}

/**
 * A `$fetch` for the API with transparent session renewal: in the browser, a 401
 * `TOKEN_EXPIRED` (or `UNAUTHORIZED` while signed in) refreshes once and retries the call;
 * if the refresh is refused, the user is signed out and, on a page that needs a user, sent
 * to `/login?redirect=…`. On the server it forwards the request's cookies.
 */
export function useApi(): ApiFetch {
  const nuxtApp = useNuxtApp()
  const requestFetch = useRequestFetch()
  const auth = () => useAuthStore(nuxtApp.$pinia as Pinia)

  function shouldRefresh(error: unknown): boolean {
    const failure = toApiFailure(error)
    if (failure.code !== 401) return false
    return failure.errorCode === 'TOKEN_EXPIRED' || (failure.errorCode === 'UNAUTHORIZED' && auth().loggedIn)
  }

  async function signOut() {
    auth().clear()
    const route = nuxtApp.$router.currentRoute.value
    if (needsUser(route)) {
      await nuxtApp.runWithContext(() => navigateTo(`/login?redirect=${encodeURIComponent(route.fullPath)}`))
    }
  }

  return async <T>(url: string, options: ApiFetchOptions = {}): Promise<T> => {
    const { refresh = true, ...fetchOptions } = options
    const request = async () => (await requestFetch<ApiSuccess<T>>(url, fetchOptions)).data
    try {
      return await request()
    }
    catch (error) {
      if (import.meta.server || !refresh || !shouldRefresh(error)) throw error
      const renewed = await refreshSession()
      if (renewed === null) throw error
      if (!renewed) {
        await signOut()
        throw error
      }
      return await request()
    }
  }
}
