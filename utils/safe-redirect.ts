/** Pages a signed-in user is sent away from: never a place to return to after signing in. */
const GUEST_PATHS = ['/login', '/register']

/** White space, a control or format character (Unicode Cc, Cf), or a backslash: none belongs in a plain path. */
const NOT_IN_A_PATH = /[\s\p{Z}\p{Cc}\p{Cf}\\]/u

/**
 * The `redirect` query as a same-site path, or `fallback` when it could lead elsewhere or is no
 * plain path: it must start with `/` but not `//` (another host to a browser), and hold no white
 * space, control or format character and no backslash anywhere (a browser drops tabs and
 * newlines and reads `\` as `/`, so `/\t/evil` and `/\evil` become `//evil`; a space or a
 * no-break space makes the navigation itself fail).
 */
export function safeRedirect(target: unknown, fallback = '/'): string {
  const value = Array.isArray(target) ? target[0] : target
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback
  if (value.startsWith('//') || NOT_IN_A_PATH.test(value)) return fallback
  const path = value.split(/[?#]/)[0]!.replace(/\/+$/, '') || '/'
  if (GUEST_PATHS.includes(path)) return fallback
  return value
}
