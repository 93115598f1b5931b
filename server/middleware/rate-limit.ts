import { limitAddress } from '../security/rate-limit'

/**
 * The per-address limit on `/api/auth/*` (`NUXT_AUTH_RATE_LIMIT` a minute): 429 with
 * `Retry-After` past it. Like the API's door, it answers before any handler runs.
 */
export default defineEventHandler(async (event) => {
  if (event.path.startsWith('/api/auth/')) await limitAddress(event)
})
