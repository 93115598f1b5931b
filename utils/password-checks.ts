import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES, passwordByteLength } from '../shared/rules'

/**
 * The API's password rules as a checklist a person reads while typing (shared/API.md, "Field
 * rules"; the server's are in server/auth/password-policy.ts): what the page can tell at once,
 * and what the server answered (`details.violations` of `INVALID_PASSWORD`) for this password.
 */

/** One line of the checklist, named by the rule it checks. */
export type PasswordCheck = 'length' | 'common' | 'notAccount'

/** `met`: the password keeps the rule; `failed`: it breaks it; `unknown`: not told yet (nothing typed, list still loading). */
export type CheckState = 'met' | 'failed' | 'unknown'

/** The server's names for broken rules, and the line of the checklist each belongs to. */
const CHECK_OF_VIOLATION: Record<string, PasswordCheck> = {
  tooShort: 'length',
  tooLong: 'length',
  common: 'common',
  sameAsUsername: 'notAccount',
  sameAsEmail: 'notAccount',
}

export interface PasswordCheckInput {
  password: string
  /** The account's name and address, when the page knows them. */
  username?: string
  email?: string
  /** The server's `violations` for this very password (none when it has not answered). */
  violations?: readonly string[]
  /** Whether a lower-cased password is in the common-password list; undefined until the list is loaded. */
  isCommon?: (lowered: string) => boolean
}

/** The state of each line of the checklist, in the order they are shown. */
export function passwordChecks(input: PasswordCheckInput): Record<PasswordCheck, CheckState> {
  const { password, violations = [] } = input
  const failedByServer = new Set(violations.map(violation => CHECK_OF_VIOLATION[violation]).filter(Boolean))
  const state = (check: PasswordCheck, failed: boolean | undefined): CheckState => {
    if (failedByServer.has(check) || failed === true) return 'failed'
    if (!password || failed === undefined) return 'unknown'
    return 'met'
  }
  const bytes = passwordByteLength(password)
  const lowered = password.toLowerCase()
  const account = [input.username, input.email].map(value => value?.trim().toLowerCase()).filter(Boolean)
  return {
    length: state('length', password ? bytes < PASSWORD_MIN_BYTES || bytes > PASSWORD_MAX_BYTES : undefined),
    common: state('common', password && input.isCommon ? input.isCommon(lowered) : undefined),
    notAccount: state('notAccount', password ? account.includes(lowered) : undefined),
  }
}
