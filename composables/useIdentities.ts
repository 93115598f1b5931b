/**
 * The provider accounts linked to the signed-in account, and whether it has a password
 * (`GET /api/auth/identities`), loaded once per page: the profile's linked-accounts card shows
 * them, and the profile hides the change-password card while there is no password to change.
 */
export function useIdentities() {
  const api = useApi()
  return useAsyncData('auth-identities', () => api('/api/auth/identities'), { default: () => ({ identities: [], hasPassword: true }) })
}
