import { MIN_JWT_SECRET_DISTINCT, MIN_JWT_SECRET_LENGTH, resolveJwtSecret } from '../config/jwt-secret'
import { siteUrl } from '../config/site'
import { incompleteOAuthSettings, oauthAddressProblems } from '../oauth/settings'

/**
 * Settings checked as the server starts. It refuses to start without a real `NUXT_JWT_SECRET`
 * (`isStrongJwtSecret`) in production (development makes one up) or with a `NUXT_SITE_URL` that
 * is no http(s) address, or a provider address that is neither https:// nor on a loopback host; it warns about settings that are legal but probably not meant.
 */
export default defineNitroPlugin(() => {
  const config = useRuntimeConfig()
  if (!resolveJwtSecret()) {
    refuseToStart(`NUXT_JWT_SECRET must be set to a random string of at least ${MIN_JWT_SECRET_LENGTH} characters, at least ${MIN_JWT_SECRET_DISTINCT} of them different and not white space, in production (e.g. \`openssl rand -base64 48\`).`)
  }
  const site = siteUrl()
  if (!site) refuseToStart(`NUXT_SITE_URL must be the site's http(s) address, e.g. https://community.example (it is "${config.siteUrl}").`)
  if (!import.meta.dev && ['localhost', '127.0.0.1', '[::1]'].includes(site!.hostname)) {
    console.warn(`[config] NUXT_SITE_URL is ${site!.origin}: links in mails will point there. Set it to the site's public address.`)
  }
  // A provider address that is neither https:// nor on a loopback host would carry codes and tokens in the clear.
  const oauth = config.oauth as Parameters<typeof oauthAddressProblems>[0]
  for (const problem of oauthAddressProblems(oauth)) refuseToStart(problem)
  for (const problem of incompleteOAuthSettings(oauth)) console.warn(`[config] ${problem}`)
  if (!Number.isFinite(Number(config.authRateLimit)) || Number(config.authRateLimit) < 0) {
    console.warn(`[config] NUXT_AUTH_RATE_LIMIT is "${config.authRateLimit}", not a number of requests: the per-address limit is off.`)
  }
})

function refuseToStart(reason: string): never {
  console.error(`[config] ${reason} Refusing to start.`)
  process.exit(1)
}
