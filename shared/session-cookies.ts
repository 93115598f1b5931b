/** The cookie that carries the access token (what `Authorization: Bearer` carries for other clients). */
export const ACCESS_COOKIE = 'cw_access'
/** The cookie that carries the refresh token. */
export const REFRESH_COOKIE = 'cw_refresh'

// Spaces around the name and the value are allowed, as the server's cookie parser allows them.
const SESSION_COOKIE = new RegExp(`(?:^|;)\\s*(?:${ACCESS_COOKIE}|${REFRESH_COOKIE})\\s*=\\s*[^;\\s]`)

/**
 * Whether a request with these headers may come from someone signed in: it carries an
 * `Authorization` header or a non-empty session cookie. Without one, nobody can be signed in,
 * whatever the database says: a page render then asks no session check, and its answer may be
 * cached like any visitor's.
 */
export function carriesSession(headers: { authorization?: string, cookie?: string }): boolean {
  return Boolean(headers.authorization) || SESSION_COOKIE.test(headers.cookie ?? '')
}
