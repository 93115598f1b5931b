import { z } from 'zod'
import { PROVIDER_IDS } from './settings'

/*
 * The requests of third-party sign-in (shared/API.md), as the handlers validate them and the API
 * documentation shows them.
 */

/** `:provider` of `/api/auth/oauth/:provider` and its callback: one of `PROVIDER_IDS` that is configured, else 404. */
export const OAuthProviderParamsSchema = z.object({
  provider: z.string().max(20).meta({ enum: [...PROVIDER_IDS] }),
})

/** The query of `GET /api/auth/oauth/:provider`: where to go afterwards, and whether to link to the signed-in account. */
export const OAuthStartQuerySchema = z.object({
  /** A same-site path; anything else means `/` (or `/profile` when linking). */
  redirect: z.string().max(2000).optional().catch(undefined),
  /** `1` (or `true`): link the provider account to the signed-in account instead of signing in. */
  link: z.enum(['1', 'true', '0', 'false']).optional().catch(undefined).transform(value => value === '1' || value === 'true'),
})

/** The query a provider sends the browser back with (each provider adds its own fields). */
export const OAuthCallbackQuerySchema = z.looseObject({
  state: z.string().optional(),
  code: z.string().optional(),
  error: z.string().optional(),
})

/** `:provider` of `DELETE /api/auth/identities/:provider`. */
export const IdentityParamsSchema = z.object({
  provider: z.string().min(1).max(20),
})
