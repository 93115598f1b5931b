import type { H3EventContext } from 'h3'
import { apiPathsShareRules, apiSecurityRules } from '../security/api-security-rules'
import { isApiPath } from '../utils/api'
import { deepFreeze } from '../utils/deep-freeze'

type SecurityRules = Pick<NonNullable<H3EventContext['security']>, 'rules' | 'route'>
/** Nitro's own per-request cache of the route rules that match the path (`getRouteRules`). */
type RouteRules = Record<string, unknown>
type NitroContext = { _nitro?: { routeRules?: RouteRules } }

/**
 * Resolves the route rules once for all `/api` requests instead of once per request
 * (server/security/api-security-rules.ts says why): nuxt-security's rules, and Nitro's own route
 * rules (a radix match and a merge of every matching rule, for the same headers each time).
 * Nitro runs this plugin's `request` hook before nuxt-security's (the module sorts its plugins
 * last) and before its route rules handler, so a later API request finds both already in place:
 * nuxt-security skips its own resolution and the nonce, Nitro its match. Pages are left alone.
 */
export default defineNitroPlugin((nitroApp) => {
  if (!apiPathsShareRules(Object.keys(useRuntimeConfig().nitro?.routeRules ?? {}))) {
    console.warn('[security] a route rule applies to part of /api only: route rules are resolved per request')
    return
  }
  let shared: { security: SecurityRules, routeRules: RouteRules } | undefined

  nitroApp.hooks.hook('request', (event) => {
    if (!shared || !isApiPath(event.path)) return
    event.context.security = { ...shared.security }
    ;((event.context as NitroContext)._nitro ??= {}).routeRules = shared.routeRules
  })
  // The first API answer: keep what nuxt-security and Nitro resolved for it.
  nitroApp.hooks.hook('afterResponse', (event) => {
    const resolved = event.context.security
    const routeRules = (event.context as NitroContext)._nitro?.routeRules
    if (shared || !resolved?.rules || !routeRules || !isApiPath(event.path)) return
    shared = { security: { rules: apiSecurityRules(resolved.rules), route: resolved.route }, routeRules: deepFreeze(structuredClone(routeRules)) }
  })
})
