import { createError, type H3Error } from 'h3'
import type { MessageKey } from '../i18n/messages'

/** HTTP status of every error code of the contract (shared/API.md, "Error codes"). */
const STATUS_OF = {
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  INVALID_PASSWORD: 400,
  INVALID_CODE: 400,
  CODE_EXPIRED: 400,
  UNAUTHORIZED: 401,
  TOKEN_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_REFRESH_TOKEN: 401,
  REFRESH_TOKEN_REUSED: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  EMAIL_NOT_VERIFIED: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  USERNAME_ALREADY_EXISTS: 409,
  EMAIL_ALREADY_EXISTS: 409,
  MOBILE_ALREADY_EXISTS: 409,
  LAST_SUPER_ADMIN: 409,
  IDENTITY_ALREADY_LINKED: 409,
  LAST_SIGN_IN_METHOD: 409,
  ROLE_IN_USE: 409,
  ROLE_ALREADY_EXISTS: 409,
  BUILT_IN_ROLE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const

export type ErrorCode = keyof typeof STATUS_OF

export interface ApiErrorData {
  errorCode: ErrorCode
  details?: Record<string, unknown>
}

/**
 * An error the API answers with its contract status, code and (optional) details. Texts for
 * people are never put here: `details.fields` maps each field to a reason's key, which the error
 * handler translates with the message.
 */
export function apiError(errorCode: ErrorCode, details?: Record<string, unknown>): H3Error<ApiErrorData> {
  return createError<ApiErrorData>({ statusCode: STATUS_OF[errorCode], message: errorCode, data: { errorCode, details } })
}

/** 400 `INVALID_INPUT` naming each bad field with the key of its reason (`fields`: field → reason). */
export function invalidInput(fields: Record<string, MessageKey>): H3Error<ApiErrorData> {
  return apiError('INVALID_INPUT', { fields })
}

/** 400 `INVALID_INPUT` for one field. */
export function invalidField(field: string, reason: MessageKey): H3Error<ApiErrorData> {
  return invalidInput({ [field]: reason })
}

/** Whether `error` is the API error `errorCode` (as thrown by `apiError`). */
export function isApiError(error: unknown, ...errorCodes: ErrorCode[]): boolean {
  const errorCode = (error as { data?: Partial<ApiErrorData> } | null)?.data?.errorCode
  return errorCode !== undefined && errorCodes.includes(errorCode)
}

const CODE_OF_BARE_STATUS: Partial<Record<number, ErrorCode>> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
}

/** The contract's error code for an error that carries only an HTTP status (a router 404, …). */
export function errorCodeOfStatus(status: number): ErrorCode {
  return CODE_OF_BARE_STATUS[status] ?? (status >= 500 ? 'SERVER_ERROR' : 'INVALID_INPUT')
}

export function statusOf(errorCode: ErrorCode): number {
  return STATUS_OF[errorCode]
}
