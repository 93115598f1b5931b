import { ArcticFetchError, CodeChallengeMethod, OAuth2Client, OAuth2RequestError, UnexpectedErrorResponseBodyError, UnexpectedResponseError } from 'arctic'
import { joinAddress } from '../endpoints'
import { httpStatusErrorCode, oauthErrorCode, providerError } from '../failures'
import { callProvider, fieldsOf, textOf } from '../http'
import type { OAuthProvider, ProviderProfile } from '../provider'
import type { GithubSettings } from '../settings'

/*
 * A GitHub OAuth app, on github.com or a GitHub Enterprise server: arctic's OAuth 2.0 client
 * (with PKCE S256, which GitHub takes) against the configured server, then the REST API for the
 * user and for the primary verified address (`/user/emails`; the profile's `email` is only the
 * public one). GitHub answers a failed token request with HTTP 200 and `{ error }`.
 */

const SCOPES = ['read:user', 'user:email']

/** The contract's error for what arctic threw at the token exchange. */
function tokenFailure(error: unknown) {
  if (error instanceof OAuth2RequestError) return providerError('github', oauthErrorCode(error.code), `token: ${error.code} ${error.description ?? ''}`)
  if (error instanceof ArcticFetchError) return providerError('github', 'SERVICE_UNAVAILABLE', `token unreachable: ${(error.cause as Error | undefined)?.message ?? ''}`)
  if (error instanceof UnexpectedResponseError || error instanceof UnexpectedErrorResponseBodyError) {
    return providerError('github', httpStatusErrorCode(error.status), `token answered HTTP ${error.status}`)
  }
  return error
}

export function githubProvider(settings: GithubSettings): OAuthProvider {
  const client = (callbackUrl: string) => new OAuth2Client(settings.clientId, settings.clientSecret, callbackUrl)

  async function api(path: string, accessToken: string): Promise<unknown> {
    const answer = await callProvider('github', joinAddress(settings.apiUrl, path), {
      headers: { 'accept': 'application/vnd.github+json', 'authorization': `Bearer ${accessToken}`, 'user-agent': 'community-web', 'x-github-api-version': '2022-11-28' },
    })
    if (answer.status !== 200 || answer.json === undefined) {
      const limited = answer.status === 403 && answer.headers.get('x-ratelimit-remaining') === '0'
      throw providerError('github', limited ? 'TOO_MANY_REQUESTS' : httpStatusErrorCode(answer.status), `${path} answered HTTP ${answer.status}: ${textOf(fieldsOf(answer.json).message) ?? ''}`)
    }
    return answer.json
  }

  return {
    id: 'github',
    name: 'GitHub',
    async authorizationUrl(flow, callbackUrl) {
      return client(callbackUrl).createAuthorizationURLWithPKCE(joinAddress(settings.baseUrl, 'login/oauth/authorize'), flow.state, CodeChallengeMethod.S256, flow.codeVerifier, SCOPES)
    },
    async identify(query, flow, callbackUrl): Promise<ProviderProfile> {
      const error = query.get('error')
      if (error) throw providerError('github', oauthErrorCode(error), `came back with ${error}`)
      const code = query.get('code')
      if (!code) throw providerError('github', 'INVALID_CREDENTIALS', 'came back without a code')

      const tokens = await client(callbackUrl).validateAuthorizationCode(joinAddress(settings.baseUrl, 'login/oauth/access_token'), code, flow.codeVerifier)
        .catch((failure: unknown) => { throw tokenFailure(failure) })
      const answered = fieldsOf(tokens.data)
      if (typeof answered.error === 'string') throw providerError('github', oauthErrorCode(answered.error), `token: ${answered.error} ${textOf(answered.error_description) ?? ''}`)
      const accessToken = textOf(answered.access_token)
      if (!accessToken) throw providerError('github', 'SERVER_ERROR', 'token answered no access_token')

      const user = fieldsOf(await api('user', accessToken))
      const id = textOf(user.id)
      if (!id) throw providerError('github', 'SERVER_ERROR', '/user answered no id')
      const emails = await api('user/emails', accessToken)
      const primary = (Array.isArray(emails) ? emails.map(fieldsOf) : []).find(entry => entry.primary === true && entry.verified === true)
      const login = textOf(user.login)
      const email = textOf(primary?.email)?.toLowerCase() ?? null
      return {
        key: id,
        name: login,
        usernameHints: [login, textOf(user.name)].filter((hint): hint is string => Boolean(hint)),
        email,
        emailVerified: email !== null,
      }
    },
  }
}
