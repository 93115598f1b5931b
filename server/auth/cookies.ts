import { deleteCookie, getCookie, getRequestHeader, setCookie, type H3Event } from 'h3'
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../shared/session-cookies'

/** The cookie that marks this browser as one an account has signed in from (server/auth/device-cookie.ts). */
export const DEVICE_COOKIE = 'cw_device'
/** How long the device cookie lasts: a year. */
const DEVICE_COOKIE_SECONDS = 365 * 24 * 60 * 60

/** `HttpOnly; SameSite=Lax; Path=/`, and `Secure` but in development. */
function cookieOptions() {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: !import.meta.dev } as const
}

/** Sets both session cookies: the access token for `accessSeconds`, the refresh token for `refreshSeconds`. */
export function setSessionCookies(event: H3Event, tokens: { token: string, refreshToken: string }, accessSeconds: number, refreshSeconds: number): void {
  setCookie(event, ACCESS_COOKIE, tokens.token, { ...cookieOptions(), maxAge: accessSeconds })
  setCookie(event, REFRESH_COOKIE, tokens.refreshToken, { ...cookieOptions(), maxAge: refreshSeconds })
}

/** Sets the device cookie to `value` for a year. */
export function setDeviceCookie(event: H3Event, value: string): void {
  setCookie(event, DEVICE_COOKIE, value, { ...cookieOptions(), maxAge: DEVICE_COOKIE_SECONDS })
}

/** The device cookie the request carries, if any. */
export function deviceCookieOf(event: H3Event): string | undefined {
  return getCookie(event, DEVICE_COOKIE)
}

/** Removes both session cookies from the client; the device cookie stays (a logout does not make the browser a stranger). */
export function clearSessionCookies(event: H3Event): void {
  deleteCookie(event, ACCESS_COOKIE, cookieOptions())
  deleteCookie(event, REFRESH_COOKIE, cookieOptions())
}

/**
 * The access token of the request: the `Authorization: Bearer` header (any case of the scheme),
 * else the access cookie. A malformed header answers '' (refused), never the cookie.
 */
export function accessTokenOf(event: H3Event): string | undefined {
  const header = getRequestHeader(event, 'authorization')?.trim()
  if (header) return /^bearer\s+(\S+)$/i.exec(header)?.[1] ?? ''
  return getCookie(event, ACCESS_COOKIE)
}

/** The refresh token the request carries in its cookie, if any. */
export function refreshCookieOf(event: H3Event): string | undefined {
  return getCookie(event, REFRESH_COOKIE)
}
