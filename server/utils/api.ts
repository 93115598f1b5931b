import type { EventHandlerRequest, H3Event } from 'h3'
import type { ApiSuccess } from '~/types/api'
import { translate, type MessageKey } from '../i18n/messages'
import { apiError } from './errors'

/** No API request takes longer than this: past it, the answer is 503 (a database gone silent). */
const REQUEST_DEADLINE_MS = 8000

/** The envelope's `data` for a handler that returns `T`: its payload, `null` where it returns nothing. */
type Payload<T> = Exclude<T, void> | (undefined extends T ? null : never)

/**
 * Defines an `/api` handler: the handler returns its payload (or nothing) and throws
 * `apiError(…)` on failure; this wraps the payload in the success envelope with `message`
 * in the caller's language, or answers 503 if it takes over 8 seconds. Failures are wrapped
 * by the Nitro error handler (server/error-handler.ts).
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

/** Whether a request path belongs to the JSON API. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/api?')
}

/**
 * Whether a request asks for a page to be rendered: a browser's `GET` of an address outside the
 * API and the built assets (`/_nuxt/`) that accepts HTML.
 */
export function isPageRender(event: H3Event): boolean {
  return event.method === 'GET' && !isApiPath(event.path) && !event.path.startsWith('/_nuxt/')
    && Boolean(getRequestHeader(event, 'accept')?.includes('text/html'))
}

/**
 * Settles like `work`, or rejects with 503 `SERVICE_UNAVAILABLE` after `ms`: a database
 * connection that died without a word (packets dropped, no reset) must not hold a request.
 * The work itself goes on; its connection fails or recovers on its own.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(apiError('SERVICE_UNAVAILABLE')), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
