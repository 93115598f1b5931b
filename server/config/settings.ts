import { DEFAULT_DATABASE_URL } from '../database/url'

/** The settings that modules shared with the command-line scripts read. */
export interface SharedSettings {
  databaseUrl: string
  bcryptCost: unknown
  passwordQueueLimit: unknown
}

/**
 * The settings of the running server: Nitro's runtime config in the server, the same `NUXT_…`
 * variables read directly when a plain Node script (tsx, `npm run admin:create`) imports the
 * module that asks, where Nitro's auto-imports do not exist.
 */
export function sharedSettings(): SharedSettings {
  if (typeof useRuntimeConfig === 'function') {
    const config = useRuntimeConfig()
    return { databaseUrl: config.databaseUrl, bcryptCost: config.bcryptCost, passwordQueueLimit: config.passwordQueueLimit }
  }
  const env = process.env
  return { databaseUrl: env.NUXT_DATABASE_URL || DEFAULT_DATABASE_URL, bcryptCost: env.NUXT_BCRYPT_COST, passwordQueueLimit: env.NUXT_PASSWORD_QUEUE_LIMIT }
}

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

/** `NUXT_API_DOCS`: `/openapi.json` and `/docs` are served (on unless `false`). */
export function isApiDocsEnabled(): boolean {
  const setting: unknown = useRuntimeConfig().apiDocs
  return setting !== false && setting !== 'false'
}
