import { randomUUID } from 'node:crypto'

/**
 * Answers every failed `/api` request with the contract's JSON envelope: typed errors as they
 * were thrown, an unreachable database as 503, anything else as a 500 that is logged with a
 * request id and reveals nothing. Pages fall through to Nuxt's own error page.
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

  setResponseStatus(event, failure.code)
  setResponseHeaders(event, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  // When to retry, for people and programs alike: `details.retryAfter` (a limit, a busy password
  // pool), else five seconds for an unreachable database.
  const retryAfter = Number(failure.details?.retryAfter) || (failure.code === 503 ? 5 : 0)
  if (retryAfter) setResponseHeader(event, 'retry-after', retryAfter)
  return send(event, JSON.stringify(failure))
})
