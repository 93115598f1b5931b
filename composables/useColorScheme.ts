import { SCHEME_COOKIE, schemeOf, type ColorScheme } from '~/shared/color-scheme'

const YEAR_SECONDS = 365 * 24 * 60 * 60

/**
 * The colour scheme: `scheme` is the person's choice (the `cw_scheme` cookie; `system` when
 * none), `dark` whether the page shows dark now (the choice, or the device's preference, which
 * only the browser knows and `plugins/color-scheme.ts` keeps in `prefersDark`).
 */
export function useColorScheme() {
  const cookie = useCookie<string | null>(SCHEME_COOKIE, { path: '/', sameSite: 'lax', maxAge: YEAR_SECONDS })
  const prefersDark = useState('prefers-dark', () => false)
  const scheme = computed<ColorScheme>({
    get: () => schemeOf(cookie.value),
    set: (value) => {
      cookie.value = value
    },
  })
  const dark = computed(() => scheme.value === 'dark' || (scheme.value === 'system' && prefersDark.value))
  return { scheme, dark, prefersDark }
}
