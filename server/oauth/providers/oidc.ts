import * as client from 'openid-client'
import { isLoopbackAddress, providerAddressProblem } from '../endpoints'
import { oauthErrorCode, providerError } from '../failures'
import { textOf } from '../http'
import type { OAuthProvider, ProviderProfile } from '../provider'
import type { OidcSettings } from '../settings'

/*
 * Any OpenID Connect provider, by discovery (`{issuer}/.well-known/openid-configuration`), through
 * openid-client (certified by the OpenID Foundation): authorization code with PKCE S256 and a
 * nonce; the ID token's signature (the provider's JWKS), issuer, audience, expiry and nonce are
 * checked by the library. Scopes `openid email profile`; claims from the ID token and UserInfo.
 */

const SCOPE = 'openid email profile'
/** Seconds any request to the provider may take. */
const TIMEOUT_SECONDS = 5
/** How long a discovery is reused before the provider's metadata is read again. */
const DISCOVERY_TTL_MS = 60 * 60 * 1000

const discovered = new Map<string, { at: number, config: Promise<client.Configuration> }>()

/**
 * The client configuration for `settings`, discovered once an hour. A loopback issuer (local
 * development, tests) may be plain http; every address the provider names must pass the same rule.
 */
function configurationOf(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer} ${settings.clientId}`
  const cached = discovered.get(key)
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config
  const config = discover(settings)
  discovered.set(key, { at: Date.now(), config })
  config.catch(() => discovered.delete(key))
  return config
}

async function discover(settings: OidcSettings): Promise<client.Configuration> {
  const execute = isLoopbackAddress(settings.issuer) ? [client.allowInsecureRequests] : []
  let config: client.Configuration
  try {
    config = await client.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, client.ClientSecretBasic(settings.clientSecret), { execute, timeout: TIMEOUT_SECONDS })
  }
  catch (error) {
    throw providerError('oidc', 'SERVICE_UNAVAILABLE', `discovery of ${settings.issuer} failed: ${(error as Error).message}`)
  }
  const metadata = config.serverMetadata()
  for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint'] as const) {
    const address = metadata[name]
    const problem = address ? providerAddressProblem(address) : null
    if (problem) throw providerError('oidc', 'SERVER_ERROR', `the provider's ${name} ${address} ${problem}`)
  }
  // client_secret_basic is the default of OIDC; a provider that takes only client_secret_post gets that.
  const methods = metadata.token_endpoint_auth_methods_supported
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
    config = new client.Configuration(metadata, settings.clientId, settings.clientSecret, client.ClientSecretPost(settings.clientSecret))
    for (const step of execute) step(config)
  }
  // Also the ID token the token endpoint hands out has its signature checked against the JWKS
  // (openid-client otherwise relies on TLS for it, as OIDC Core 3.1.3.7 allows).
  client.enableNonRepudiationChecks(config)
  config.timeout = TIMEOUT_SECONDS
  return config
}

/** The contract's error for what openid-client threw at the callback. */
function callbackFailure(error: unknown) {
  if (error instanceof client.AuthorizationResponseError) return providerError('oidc', oauthErrorCode(error.error), `came back with ${error.error}`)
  if (error instanceof client.ResponseBodyError) {
    return providerError('oidc', error.status >= 500 ? 'SERVICE_UNAVAILABLE' : oauthErrorCode(error.error), `token: ${error.error} ${error.error_description ?? ''}`)
  }
  const cause = error instanceof Error ? error.cause : undefined
  if (error instanceof TypeError || cause instanceof TypeError || (error as Error).name === 'TimeoutError' || (cause as Error | undefined)?.name === 'TimeoutError') {
    return providerError('oidc', 'SERVICE_UNAVAILABLE', `unreachable: ${(error as Error).message}`)
  }
  if (error instanceof client.ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    return providerError('oidc', 'SERVICE_UNAVAILABLE', `answered out of the protocol: ${error.message}`)
  }
  // The ID token or an answer did not hold: a signature, issuer, audience, expiry or nonce.
  if (error instanceof client.ClientError || error instanceof Error) {
    return providerError('oidc', 'INVALID_CREDENTIALS', `refused: ${(error as client.ClientError).code ?? ''} ${error.message}`)
  }
  return error
}

export function oidcProvider(settings: OidcSettings): OAuthProvider {
  return {
    id: 'oidc',
    name: settings.name,
    async authorizationUrl(flow, callbackUrl) {
      const config = await configurationOf(settings)
      return client.buildAuthorizationUrl(config, {
        redirect_uri: callbackUrl,
        scope: SCOPE,
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: 'S256',
      })
    },
    async identify(query, flow, callbackUrl): Promise<ProviderProfile> {
      const config = await configurationOf(settings)
      const currentUrl = new URL(callbackUrl)
      currentUrl.search = query.toString()
      try {
        const tokens = await client.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        })
        const idToken = tokens.claims()!
        // Many providers (oidc-provider among them) put the address only in UserInfo.
        const userinfo = config.serverMetadata().userinfo_endpoint
          ? await client.fetchUserInfo(config, tokens.access_token, idToken.sub)
          : undefined
        const claims = { ...idToken, ...userinfo }
        const email = textOf(claims.email)?.toLowerCase() ?? null
        const login = textOf(claims.preferred_username)
        const name = textOf(claims.name)
        return {
          key: idToken.sub,
          name: login ?? name ?? email,
          usernameHints: [login, textOf(claims.nickname), name, email?.split('@')[0] ?? null].filter((hint): hint is string => Boolean(hint)),
          email,
          emailVerified: email !== null && claims.email_verified === true,
        }
      }
      catch (error) {
        throw callbackFailure(error)
      }
    },
  }
}
