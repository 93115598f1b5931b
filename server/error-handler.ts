import { randomUUID } from 'node:crypto'
import type { H3Event } from 'h3'
import type { ApiFailure } from '~/types/api'
import { isDatabaseUnavailable } from './database/mysql-errors'
import { isMessageKey, translate } from './i18n/messages'
import { failureLocation, isOAuthRedirectRoute } from './oauth/redirects'
import { isApiPath } from './utils/api'
import { apiError, errorCodeOfStatus, statusOf, type ApiErrorData, type ErrorCode } from './utils/errors'

/**
 * Answers every failed `/api` request with the contract's JSON envelope: typed errors as they
 * were thrown, an unreachable database as 503, anything else as a 500 that is logged with a
 * request id and reveals nothing. This is where a failure's words are chosen: the message and
 * the field reasons, in the request's language. Pages fall through to Nuxt's own error page.
 */
export default defineNitroErrorHandler((error, event) => {
  if (!isApiPath(event.path)) return

  let failure = failureEnvelope(event, error)
  if (isDatabaseUnavailable(error)) {
    failure = failureEnvelope(event, apiError('SERVICE_UNAVAILABLE'))
  }
  else if (failure.code >= 500 && failure.errorCode === 'SERVER_ERROR') {
    const requestId = randomUUID()
    console.error(`[${requestId}] ${event.method} ${event.path}`, error.cause ?? error)
    failure.details = { requestId }
  }

  // A browser that a provider sign-in brought here is sent to a page that explains, never to JSON;
  // an unknown provider (404) or another method (405) is no such navigation.
  if (event.method === 'GET' && isOAuthRedirectRoute(event.path) && failure.code !== 404 && failure.code !== 405) {
    setResponseHeader(event, 'cache-control', 'no-store')
    return sendRedirect(event, failureLocation(event.context.oauthFailurePage ?? '/login', failure.errorCode as ErrorCode), 302)
  }

  setResponseStatus(event, failure.code)
  setResponseHeaders(event, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  // When to retry, for people and programs alike: `details.retryAfter` (a limit, a busy password
  // pool), else five seconds for an unreachable database.
  const retryAfter = Number(failure.details?.retryAfter) || (failure.code === 503 ? 5 : 0)
  if (retryAfter) setResponseHeader(event, 'retry-after', retryAfter)
  return send(event, JSON.stringify(failure))
})

/** The failure envelope for `error`, whatever was thrown, in the request's language. */
function failureEnvelope(event: H3Event, error: { statusCode?: number, data?: unknown }): ApiFailure {
  const data = (error.data ?? {}) as Partial<ApiErrorData>
  const errorCode = data.errorCode ?? errorCodeOfStatus(error.statusCode ?? 500)
  const failure: ApiFailure = { success: false, code: statusOf(errorCode), message: messageOf(event, errorCode, data.details), errorCode }
  if (data.details) failure.details = translateFields(event, data.details)
  return failure
}

/**
 * The failure's words: those of `details.reason` when it has its own (a locked account, with
 * `{minutes}` from `details.retryAfter`), else those of the error code.
 */
function messageOf(event: H3Event, errorCode: ErrorCode, details: Record<string, unknown> | undefined): string {
  const reason = details?.reason
  if (typeof reason !== 'string' || !isMessageKey(reason)) return translate(event, errorCode)
  const minutes = Math.max(1, Math.ceil(Number(details?.retryAfter) / 60) || 1)
  return translate(event, reason).replace('{minutes}', String(minutes))
}

/** `details` with each reason of `details.fields` (a message key) in the request's language. */
function translateFields(event: H3Event, details: Record<string, unknown>): Record<string, unknown> {
  const fields = details.fields
  if (typeof fields !== 'object' || fields === null) return details
  const translated = Object.fromEntries(Object.entries(fields).map(([field, reason]) =>
    [field, typeof reason === 'string' && isMessageKey(reason) ? translate(event, reason) : reason]))
  return { ...details, fields: translated }
}
