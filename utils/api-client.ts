import type { RouterMethod } from 'h3'
import type { NitroFetchRequest, TypedInternalResponse } from 'nitropack/types'
import { toApiFailure } from '~/utils/api-error'

export interface ApiFetchOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** JSON, or a file sent as the raw body (an avatar) with `contentType`. */
  body?: Record<string, unknown> | Blob
  /** The `Content-Type` of a raw body. */
  contentType?: string
  query?: Record<string, string | number | boolean | undefined>
  /** `false` for calls that must never trigger a refresh (login, register). */
  refresh?: boolean
}

/** The method a call's options ask for, as Nitro writes it; GET when they name none. */
type MethodOf<O> = O extends { method: infer M extends string } ? Extract<Lowercase<M>, RouterMethod> : 'get'

/**
 * The envelope's `data` that route `R` answers `method` with, as Nitro types it from the
 * handler's return value (`unknown` for a path no handler matches).
 */
export type ApiData<R extends NitroFetchRequest, M extends RouterMethod = 'get'>
  = TypedInternalResponse<R, unknown, M> extends { data: infer D } ? D : unknown

/**
 * Calls an `/api` endpoint and resolves to the envelope's `data`, typed by the route's handler
 * (`api('/api/auth/me')` is `{ user: PublicUser }`); rejects with the `$fetch` error.
 */
export type ApiFetch = <R extends NitroFetchRequest, O extends ApiFetchOptions = ApiFetchOptions>(
  url: R,
  options?: O,
) => Promise<ApiData<R, MethodOf<O>>>

/** The `$fetch` under the client: on the server, `useRequestFetch()`'s, which forwards the cookies. */
type Fetch = ReturnType<typeof useRequestFetch>

/** What the client needs to know of the session, and what it does when the session is gone. */
export interface ApiSession {
  /** Whether the tab believes someone is signed in (then an `UNAUTHORIZED` is worth a refresh). */
  signedIn: () => boolean
  /** The refresh was refused: forget the user and leave pages that need one. */
  signOut: () => Promise<void>
  /** The page's language (`zh-CN`, `en`): sent as `Accept-Language`, so API messages speak it too. */
  language: () => string
}

/** The refresh in flight, shared by every call of the tab that ran into an expired token. */
let refreshing: Promise<boolean | null> | null = null

/**
 * Rotates the session through the refresh cookie, once for any number of concurrent callers.
 * Resolves `true` when renewed, `false` when the server refused it (signed out), and `null`
 * when it could not tell (network error, rate limit).
 */
function refreshSession(language: string): Promise<boolean | null> {
  refreshing ??= $fetch('/api/auth/refresh', { method: 'POST', headers: { 'accept-language': language } })
    .then(() => true, (error: unknown) => (toApiFailure(error).code === 401 ? false : null))
    .finally(() => {
      refreshing = null
    })
  return refreshing
}

/**
 * The API client over `fetch` (on the server, a `useRequestFetch()` that forwards the
 * request's cookies) with transparent session renewal: in the browser, a 401 `TOKEN_EXPIRED`
 * (or `UNAUTHORIZED` while signed in) refreshes once and retries the call; if the refresh is
 * refused, `session.signOut()` runs and the call still fails. Every call asks for answers in
 * the page's language (`session.language()`).
 */
export function createApiClient(fetch: Fetch, session: ApiSession): ApiFetch {
  function shouldRefresh(error: unknown): boolean {
    const failure = toApiFailure(error)
    if (failure.code !== 401) return false
    return failure.errorCode === 'TOKEN_EXPIRED' || (failure.errorCode === 'UNAUTHORIZED' && session.signedIn())
  }

  async function call(url: string, options: ApiFetchOptions = {}): Promise<unknown> {
    const { refresh = true, contentType, ...fetchOptions } = options
    // Lower case: on the server it replaces the forwarded request's own header rather than joining it.
    const headers: Record<string, string> = { 'accept-language': session.language() }
    if (contentType) headers['content-type'] = contentType
    const request = async () => (await fetch<{ data: unknown }>(url, { ...fetchOptions, headers })).data
    try {
      return await request()
    }
    catch (error) {
      if (import.meta.server || !refresh || !shouldRefresh(error)) throw error
      const renewed = await refreshSession(headers['accept-language'])
      if (renewed === null) throw error
      if (!renewed) {
        await session.signOut()
        throw error
      }
      return await request()
    }
  }

  return call as ApiFetch
}
