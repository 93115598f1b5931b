import { randomBytes } from 'node:crypto'
import { safeRedirect } from '../../../../../utils/safe-redirect'
import { setFlowCookie } from '../../../../oauth/flow-cookie'
import { listIdentities } from '../../../../oauth/identities'
import { callbackUrl } from '../../../../oauth/redirects'
import { requireLinkingSession } from '../../../../oauth/session'
import { configuredProvider } from '../../../../oauth/registry'
import { OAuthProviderParamsSchema, OAuthStartQuerySchema } from '../../../../oauth/schemas'

/** 256 random bits, base64url: a state, a PKCE verifier (43 characters, RFC 7636) or a nonce. */
const randomToken = () => randomBytes(32).toString('base64url')

// Sends the browser to the provider; failures go to /login?error=… (server/error-handler.ts).
export default defineEventHandler(async (event) => {
  const provider = configuredProvider(validate(OAuthProviderParamsSchema, getRouterParams(event)).provider)
  if (!provider) throw apiError('NOT_FOUND')
  const { redirect, link } = validate(OAuthStartQuerySchema, getQuery(event))

  let linkUserId: number | null = null
  if (link) {
    const { user } = await requireLinkingSession(event)
    event.context.oauthFailurePage = '/profile'
    if ((await listIdentities(user.id)).some(identity => identity.provider === provider.id)) throw apiError('IDENTITY_ALREADY_LINKED')
    linkUserId = user.id
  }
  const flow = { state: randomToken(), codeVerifier: randomToken(), nonce: randomToken(), redirect: safeRedirect(redirect, link ? '/profile' : '/'), linkUserId }
  const destination = await provider.authorizationUrl(flow, callbackUrl(provider.id))
  setFlowCookie(event, provider.id, flow)
  setResponseHeader(event, 'cache-control', 'no-store')
  return sendRedirect(event, destination.href, 302)
})
