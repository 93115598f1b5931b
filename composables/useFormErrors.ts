import type { ApiFailure } from '~/types/api'
import { fieldErrorsOf, toApiFailure } from '~/utils/api-error'

/** Failures that belong to one field, besides INVALID_INPUT's `details.fields`. */
const FIELD_OF_CODE: Record<string, string> = {
  INVALID_PASSWORD: 'password',
  USERNAME_ALREADY_EXISTS: 'username',
  EMAIL_ALREADY_EXISTS: 'email',
  MOBILE_ALREADY_EXISTS: 'mobile',
}

/**
 * A form's server errors: `message` (the server's words, shown above the form) and `fields`
 * (reasons shown on the matching `el-form-item` through its `error` prop). `fieldOfCode` adds
 * or overrides error codes that belong to one field of this form (say `INVALID_PASSWORD`
 * on `newPassword`).
 */
export function useFormErrors(fieldOfCode: Record<string, string> = {}) {
  const message = ref('')
  const fields = ref<Record<string, string>>({})

  function reset() {
    message.value = ''
    fields.value = {}
  }

  function capture(error: unknown): ApiFailure {
    const failure = toApiFailure(error)
    const byField = fieldErrorsOf(failure)
    const field = fieldOfCode[failure.errorCode] ?? FIELD_OF_CODE[failure.errorCode]
    if (field) byField[field] = failure.message
    message.value = failure.message
    fields.value = byField
    return failure
  }

  return { message, fields, reset, capture }
}
