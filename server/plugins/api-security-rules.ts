import type { H3EventContext } from 'h3'
import { apiPathsShareRules, apiSecurityRules } from '../security/api-security-rules'
import { isApiPath } from '../utils/api'

/**
 * Resolves nuxt-security's rules once for all `/api` requests instead of once per request
 * (server/security/api-security-rules.ts says why). Nitro runs this plugin's `request` hook
 * before nuxt-security's (the module sorts its plugins last), so a later API request finds its
 * rules (and the matched route the module's rate limiter asks for) already in place and the
 * module skips its own resolution and the nonce. Pages are left alone.
 */
export default defineNitroPlugin((nitroApp) => {
  if (!apiPathsShareRules(Object.keys(useRuntimeConfig().nitro?.routeRules ?? {}))) {
    console.warn('[security] a route rule applies to part of /api only: nuxt-security\'s rules are resolved per request')
    return
  }
  let shared: Pick<NonNullable<H3EventContext['security']>, 'rules' | 'route'> | undefined

  nitroApp.hooks.hook('request', (event) => {
    if (shared && isApiPath(event.path)) event.context.security = { ...shared }
  })
  // The first API answer: keep what nuxt-security resolved for it.
  nitroApp.hooks.hook('afterResponse', (event) => {
    const resolved = event.context.security
    if (shared || !resolved?.rules || !isApiPath(event.path)) return
    shared = { rules: apiSecurityRules(resolved.rules), route: resolved.route }
  })
})
