/**
 * The rules of refresh tokens (shared/API.md, "Tokens and cookies") as plain functions: the
 * rows are refresh-tokens.ts, the rotation refresh.ts.
 */

const DAY_MS = 24 * 60 * 60 * 1000
const REFRESH_LIFETIME_MS = 7 * DAY_MS
const REMEMBERED_REFRESH_LIFETIME_MS = 30 * DAY_MS
/** The refresh token spent last, back this soon, is a second tab, not a thief. */
export const TWIN_WINDOW_MS = 10_000

/** How long a refresh token (and its session) lives: 7 days, 30 with "remember me". */
export function refreshLifetimeMs(rememberMe: boolean): number {
  return rememberMe ? REMEMBERED_REFRESH_LIFETIME_MS : REFRESH_LIFETIME_MS
}

/** When a session refreshed at `from` ends unless it is refreshed again. */
export function refreshExpiry(rememberMe: boolean, from: Date): Date {
  return new Date(from.getTime() + refreshLifetimeMs(rememberMe))
}

/** A presented refresh token that was already spent: what the server knows about it. */
export interface SpentToken {
  spentAt: Date
  /** No other token of its session was spent after it: it is the one just rotated out. */
  isLatestSpent: boolean
}

/**
 * Whether a spent refresh token that comes back is a twin (a second tab refreshing at the same
 * moment: it gets the pair of the first) rather than a replay (its session is revoked): the
 * token spent last in its session, back within 10 seconds of being spent.
 */
export function isTwinRefresh(token: SpentToken, now: Date): boolean {
  return token.isLatestSpent && now.getTime() - token.spentAt.getTime() <= TWIN_WINDOW_MS
}
