import type { ApiFailure } from '~/types/api'
import { fieldErrorsOf, toApiFailure } from '~/utils/api-error'

/** Failures that belong to one field, besides INVALID_INPUT's `details.fields`. */
const FIELD_OF_CODE: Record<string, string> = {
  INVALID_PASSWORD: 'password',
  USERNAME_ALREADY_EXISTS: 'username',
  EMAIL_ALREADY_EXISTS: 'email',
  MOBILE_ALREADY_EXISTS: 'mobile',
}

export interface FormErrorOptions {
  /** Error codes that belong to one field of this form (say `INVALID_PASSWORD` on `newPassword`). */
  fieldOfCode?: Record<string, string>
  /**
   * The page's own words for an error code where the server's general ones do not fit this
   * form; undefined keeps the server's.
   */
  textOfCode?: Record<string, (failure: ApiFailure) => string | undefined>
}

/**
 * A form's server errors, each said once: a failure that belongs to a field is shown on that
 * `el-form-item` (`fields`, through its `error` prop), any other above the form (`message`).
 * INVALID_PASSWORD's `details.violations` go to `violations`, which the new-password field's
 * checklist names, instead of a text of their own.
 */
export function useFormErrors(options: FormErrorOptions = {}) {
  const message = ref('')
  const fields = ref<Record<string, string>>({})
  const violations = ref<string[]>([])

  function reset() {
    message.value = ''
    fields.value = {}
    violations.value = []
  }

  function capture(error: unknown): ApiFailure {
    const failure = toApiFailure(error)
    const text = options.textOfCode?.[failure.errorCode]?.(failure) ?? failure.message
    const byField = fieldErrorsOf(failure)
    const field = options.fieldOfCode?.[failure.errorCode] ?? FIELD_OF_CODE[failure.errorCode]
    const broken = failure.errorCode === 'INVALID_PASSWORD' ? violationsOf(failure) : []
    if (field && !broken.length) byField[field] = text
    violations.value = broken
    fields.value = byField
    message.value = field || Object.keys(byField).length ? '' : text
    return failure
  }

  return { message, fields, violations, reset, capture }
}

/** INVALID_PASSWORD's `details.violations`: the rules of the policy the password breaks. */
function violationsOf(failure: ApiFailure): string[] {
  const violations = failure.details?.violations
  return Array.isArray(violations) ? violations.filter((violation): violation is string => typeof violation === 'string') : []
}
