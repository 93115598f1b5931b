/** The colour schemes a person can choose; `system` (or no cookie) follows the device. */
export const COLOR_SCHEMES = ['light', 'dark', 'system'] as const
export type ColorScheme = (typeof COLOR_SCHEMES)[number]

/** The cookie that remembers the choice. */
export const SCHEME_COOKIE = 'cw_scheme'

/** A cookie's value as a scheme: anything unknown (or nothing) is `system`. */
export function schemeOf(value: unknown): ColorScheme {
  return COLOR_SCHEMES.includes(value as ColorScheme) ? value as ColorScheme : 'system'
}

/**
 * The script that sets `html.dark` before the first paint, inlined at the top of every page's
 * head: the server knows a `dark` choice from the cookie, but only the browser knows whether
 * the device prefers dark. Kept to a few bytes, and free of double quotes and `<`.
 */
export const SCHEME_SCRIPT = `(function(){var s=(document.cookie.match(/(?:^|; )${SCHEME_COOKIE}=(\\w+)/)||[])[1];`
  + `if(s==='dark'||(s!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches))document.documentElement.classList.add('dark')})()`
