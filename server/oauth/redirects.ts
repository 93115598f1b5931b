import { siteLink } from '../config/site'
import type { ErrorCode } from '../utils/errors'

/*
 * The two routes of third-party sign-in that a browser navigates to (the start and the
 * callback) answer with redirects, failures included (shared/API.md), never with JSON.
 */

const REDIRECTING_ROUTE = /^\/api\/auth\/oauth\/[^/?#]+(?:\/callback)?\/?(?:[?#]|$)/

/** Whether `path` is the start or the callback of a provider sign-in. */
export function isOAuthRedirectRoute(path: string): boolean {
  return REDIRECTING_ROUTE.test(path)
}

/** Where a failed sign-in goes: `/login?error=<code>`, or `/profile?error=<code>` when linking. */
export function failureLocation(page: '/login' | '/profile', errorCode: ErrorCode): string {
  return `${page}?error=${encodeURIComponent(errorCode)}`
}

/** The callback address registered with the provider: `{NUXT_SITE_URL}/api/auth/oauth/{id}/callback`. */
export function callbackUrl(provider: string): string {
  return siteLink(`/api/auth/oauth/${provider}/callback`)
}
