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
  // A busy password pool asks for a retry within a second; an unreachable database, five.
  if (failure.code === 503) setResponseHeader(event, 'retry-after', Number(failure.details?.retryAfter) || 5)
  return send(event, JSON.stringify(failure))
})
