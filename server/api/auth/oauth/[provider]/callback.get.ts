import { startSession } from '../../../../auth/sign-in'
import { stateMatches, takeFlowCookie } from '../../../../oauth/flow-cookie'
import { callbackUrl } from '../../../../oauth/redirects'
import { requireLinkingSession } from '../../../../oauth/session'
import { configuredProvider } from '../../../../oauth/registry'
import { OAuthCallbackQuerySchema, OAuthProviderParamsSchema } from '../../../../oauth/schemas'
import { accountForSignIn, linkToAccount } from '../../../../oauth/sign-in'

// The provider sends the browser back here: sign in (or link), then go on; failures go to
// /login?error=… or /profile?error=… (server/error-handler.ts).
export default defineEventHandler(async (event) => {
  const provider = configuredProvider(validate(OAuthProviderParamsSchema, getRouterParams(event)).provider)
  if (!provider) throw apiError('NOT_FOUND')
  const flow = takeFlowCookie(event, provider.id)
  if (flow?.linkUserId) event.context.oauthFailurePage = '/profile'
  const { state } = validate(OAuthCallbackQuerySchema, getQuery(event))
  // No flow cookie, another browser's, or a state that is not its own: a forged callback.
  if (!stateMatches(flow, state)) throw apiError('CSRF_REJECTED')
  setResponseHeader(event, 'cache-control', 'no-store')

  if (flow.linkUserId !== null) {
    const { user } = await requireLinkingSession(event)
    if (user.id !== flow.linkUserId) throw apiError('CSRF_REJECTED')
    const profile = await provider.identify(getRequestURL(event).searchParams, flow, callbackUrl(provider.id))
    await linkToAccount(provider.id, profile, user.id)
    return sendRedirect(event, flow.redirect, 302)
  }
  const profile = await provider.identify(getRequestURL(event).searchParams, flow, callbackUrl(provider.id))
  const user = await accountForSignIn(event, provider.id, profile)
  await startSession(event, user, { rememberMe: false })
  return sendRedirect(event, flow.redirect, 302)
})
