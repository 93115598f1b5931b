/** Pages a signed-in user is sent away from: never a place to return to after signing in. */
const GUEST_PATHS = ['/login', '/register']

/**
 * The `redirect` query as a same-site path, or `fallback` when it could lead elsewhere:
 * it must start with `/` but not `//` or `/\` (both mean another host to a browser), and hold
 * no control characters (a browser drops tabs and newlines, so `/\t/evil` becomes `//evil`).
 */
export function safeRedirect(target: unknown, fallback = '/'): string {
  const value = Array.isArray(target) ? target[0] : target
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback
  if (value.startsWith('//') || value.startsWith('/\\')) return fallback
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(value)) return fallback
  const path = value.split(/[?#]/)[0]!.replace(/\/+$/, '') || '/'
  if (GUEST_PATHS.includes(path)) return fallback
  return value
}
