import { FetchError } from 'ofetch'
import type { ApiFailure } from '~/types/api'

/** A page text in the page's language (the i18n instance of the running app; the key outside one). */
function pageText(key: string): string {
  return tryUseNuxtApp()?.$i18n.t(key) ?? key
}

/** Whether a value has the shape of the API's failure envelope. */
function isApiFailure(value: unknown): value is ApiFailure {
  return typeof value === 'object' && value !== null
    && (value as ApiFailure).success === false
    && typeof (value as ApiFailure).message === 'string'
    && typeof (value as ApiFailure).errorCode === 'string'
}

/**
 * The API's failure envelope behind a thrown `$fetch` error; a network failure or a
 * non-envelope answer becomes a generic failure with the same shape.
 */
export function toApiFailure(error: unknown): ApiFailure {
  if (error instanceof FetchError || (typeof error === 'object' && error !== null && 'data' in error)) {
    const { data, statusCode } = error as FetchError
    if (isApiFailure(data)) return data
    if (statusCode) {
      return { success: false, code: statusCode, message: pageText('errors.unavailable'), errorCode: 'SERVER_ERROR' }
    }
  }
  return { success: false, code: 0, message: pageText('errors.network'), errorCode: 'NETWORK_ERROR' }
}

/** `details.fields` of an INVALID_INPUT failure as field name → reason. */
export function fieldErrorsOf(failure: ApiFailure): Record<string, string> {
  const fields = failure.details?.fields
  if (typeof fields !== 'object' || fields === null) return {}
  const result: Record<string, string> = {}
  for (const [name, reason] of Object.entries(fields)) {
    if (typeof reason === 'string') result[name] = reason
    else if (Array.isArray(reason) && typeof reason[0] === 'string') result[name] = reason[0]
  }
  return result
}
