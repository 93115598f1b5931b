import { defineStore } from 'pinia'
import type { PublicUser } from '~/types/api'
import type { Permission } from '~/shared/permissions'
import { useApi } from '~/composables/useApi'
import { toApiFailure } from '~/utils/api-error'

export interface LoginPayload {
  /** A username, an email or a mobile number. */
  username: string
  password: string
  rememberMe?: boolean
}

export interface RegisterPayload {
  username: string
  password: string
  email?: string
  mobile?: string
}

/**
 * The signed-in user. Tokens live only in httpOnly cookies: the JSON copies the API returns
 * for Bearer clients are ignored here. `user` and `fetched` ship in the SSR payload.
 */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<PublicUser | null>(null)
  /** Whether `fetch()` has asked the server yet (during SSR or in this tab). */
  const fetched = ref(false)
  const loggedIn = computed(() => user.value !== null)
  /** The permissions of the signed-in user's roles, as the server read them at its last answer. */
  const permissions = computed<Permission[]>(() => user.value?.permissions ?? [])
  /** Whether the signed-in user may use what `permission` guards (pages and buttons; the server checks again). */
  function can(permission: Permission): boolean {
    return permissions.value.includes(permission)
  }
  const api = useApi()

  /** Loads the user behind the session cookies; a 401 means signed out and never throws. */
  async function fetch(): Promise<PublicUser | null> {
    try {
      user.value = (await api('/api/auth/me')).user
    }
    catch (error) {
      if (toApiFailure(error).code !== 401) throw error
      user.value = null
    }
    fetched.value = true
    return user.value
  }

  /** Signs in; rejects with the `$fetch` error (read it with `toApiFailure`). */
  async function login(payload: LoginPayload): Promise<PublicUser> {
    const data = await api('/api/auth/login', { method: 'POST', body: { ...payload }, refresh: false })
    user.value = data.user
    fetched.value = true
    return data.user
  }

  /**
   * Creates the account. Resolves `signedIn: false` when the deployment requires email
   * verification first (the server then sets no cookies).
   */
  async function register(payload: RegisterPayload): Promise<{ user: PublicUser, signedIn: boolean }> {
    const data = await api('/api/auth/register', { method: 'POST', body: { ...payload }, refresh: false })
    const signedIn = 'token' in data
    if (signedIn) user.value = data.user
    fetched.value = true
    return { user: data.user, signedIn }
  }

  /** Ends the session on the server; the user is cleared here whatever the server answers. */
  async function logout(): Promise<void> {
    try {
      await api('/api/auth/logout', { method: 'POST' })
    }
    catch {
      // Already signed out or unreachable: the tab forgets the user either way.
    }
    finally {
      clear()
    }
  }

  function clear() {
    user.value = null
    fetched.value = true
  }

  return { user, fetched, loggedIn, permissions, can, fetch, login, register, logout, clear }
})
