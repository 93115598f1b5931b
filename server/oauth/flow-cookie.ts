import { timingSafeEqual } from 'node:crypto'
import { deleteCookie, getCookie, setCookie, type H3Event } from 'h3'
import { keyedHash } from '../security/keyed-hash'
import type { FlowSecrets } from './provider'

/*
 * One sign-in through a provider, from its start to its callback, lives in a cookie of the
 * browser that started it: `HttpOnly`, `SameSite=Lax` (the provider sends the browser back with
 * a top-level GET, which carries it), sent only to that provider's two routes, ten minutes long,
 * signed with a key derived from the JWT secret, and spent by the callback whatever happens. A
 * callback whose `state` is not the cookie's (none, another browser's, a forged one) is refused.
 */

/** How long a sign-in may take at the provider. */
export const FLOW_SECONDS = 10 * 60

export interface Flow extends FlowSecrets {
  /** Where the browser goes on success: a same-site path. */
  redirect: string
  /** The account a linking flow attaches the provider account to; null when signing in. */
  linkUserId: number | null
}

interface SealedFlow { s: string, v: string, n: string, r: string, l: number | null, e: number }

const cookieName = (provider: string) => `cw_oauth_${provider}`
const cookieOptions = (provider: string) => ({ httpOnly: true, sameSite: 'lax', path: `/api/auth/oauth/${provider}`, secure: !import.meta.dev } as const)
const macOf = (provider: string, payload: string) => keyedHash('oauth-flow', `${provider}.${payload}`)

/** Keeps `flow` in the browser for the callback of `provider`. */
export function setFlowCookie(event: H3Event, provider: string, flow: Flow): void {
  const sealed: SealedFlow = { s: flow.state, v: flow.codeVerifier, n: flow.nonce, r: flow.redirect, l: flow.linkUserId, e: Math.floor(Date.now() / 1000) + FLOW_SECONDS }
  const payload = Buffer.from(JSON.stringify(sealed)).toString('base64url')
  setCookie(event, cookieName(provider), `${payload}.${macOf(provider, payload)}`, { ...cookieOptions(provider), maxAge: FLOW_SECONDS })
}

/**
 * The flow this browser started with `provider`, when its signature holds and it has not
 * expired; the cookie is removed either way (a flow is used once).
 */
export function takeFlowCookie(event: H3Event, provider: string): Flow | null {
  const value = getCookie(event, cookieName(provider))
  if (value === undefined) return null
  deleteCookie(event, cookieName(provider), cookieOptions(provider))
  const [payload = '', mac = ''] = value.split('.')
  const expected = Buffer.from(macOf(provider, payload))
  const given = Buffer.from(mac)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  let sealed: SealedFlow
  try {
    sealed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  }
  catch {
    return null
  }
  if (!(sealed.e > Date.now() / 1000)) return null
  return { state: sealed.s, codeVerifier: sealed.v, nonce: sealed.n, redirect: sealed.r, linkUserId: sealed.l }
}

/** Whether the callback's `state` is the flow's (compared in constant time). */
export function stateMatches(flow: Flow | null, state: string | undefined): flow is Flow {
  if (!flow || !state) return false
  const expected = Buffer.from(flow.state)
  const given = Buffer.from(state)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
