/**
 * Whether a boolean setting is on. Nuxt parses `NUXT_…=true` into `true`, but a value that came
 * through as a string (or from a .env file quoted) must mean the same.
 */
export function isEnabled(setting: unknown): boolean {
  return setting === true || setting === 'true'
}

/** `NUXT_REQUIRE_EMAIL_VERIFICATION`: no tokens until the address is verified. */
export function isEmailVerificationRequired(): boolean {
  return isEnabled(useRuntimeConfig().requireEmailVerification)
}
