/** The configured providers of third-party sign-in (`GET /api/auth/providers`), loaded once per page. */
export function useProviders() {
  const api = useApi()
  return useAsyncData('auth-providers', async () => (await api('/api/auth/providers')).providers, { default: () => [] })
}
