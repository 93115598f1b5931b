import type { EventHandlerRequest, H3Event } from 'h3'
import type { ApiFailure, ApiSuccess } from '~/types/api'
import type { MessageKey } from './messages'

/** No API request takes longer than this: past it, the answer is 503 (a database gone silent). */
const REQUEST_DEADLINE_MS = 8000

/** The envelope's `data` for a handler that returns `T`: its payload, `null` where it returns nothing. */
type Payload<T> = Exclude<T, void> | (undefined extends T ? null : never)

/**
 * Defines an `/api` handler: the handler returns its payload (or nothing) and throws
 * `apiError(…)` on failure; this wraps the payload in the success envelope with `message`
 * in the caller's language, or answers 503 if it takes over 8 seconds. Failures are wrapped
 * by the Nitro error handler.
 */
export function defineApiHandler<T>(message: MessageKey, handler: (event: H3Event<EventHandlerRequest>) => Promise<T> | T) {
  return defineEventHandler(async (event): Promise<ApiSuccess<Payload<T>>> => {
    const data = await withDeadline(Promise.resolve(handler(event)), REQUEST_DEADLINE_MS)
    const code = getResponseStatus(event)
    return { success: true, code, message: translate(event, event.context.apiMessage ?? message), data: (data ?? null) as Payload<T> }
  })
}

/** Answers this request's success with the message `key` instead of the handler's usual one. */
export function setResponseMessage(event: H3Event, key: MessageKey): void {
  event.context.apiMessage = key
}

/** The failure envelope for `error`, whatever was thrown. */
export function failureEnvelope(event: H3Event, error: { statusCode?: number, data?: unknown }): ApiFailure {
  const data = (error.data ?? {}) as Partial<ApiErrorData>
  const errorCode = data.errorCode ?? errorCodeOfStatus(error.statusCode ?? 500)
  const failure: ApiFailure = { success: false, code: statusOf(errorCode), message: translate(event, errorCode), errorCode }
  if (data.details) failure.details = data.details
  return failure
}
