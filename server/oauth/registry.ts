import type { OAuthProvider } from './provider'
import { githubProvider } from './providers/github'
import { oidcProvider } from './providers/oidc'
import { qqProvider } from './providers/qq'
import { wechatProvider } from './providers/wechat'
import { PROVIDER_IDS, readOAuthSettings, type ProviderId } from './settings'

/** The configured providers, in the order of their buttons (WeChat, QQ, GitHub, OIDC). */
export function configuredProviders(): OAuthProvider[] {
  const settings = readOAuthSettings(useRuntimeConfig().oauth as Parameters<typeof readOAuthSettings>[0])
  const providers: OAuthProvider[] = []
  if (settings.wechat) providers.push(wechatProvider(settings.wechat))
  if (settings.qq) providers.push(qqProvider(settings.qq))
  if (settings.github) providers.push(githubProvider(settings.github))
  if (settings.oidc) providers.push(oidcProvider(settings.oidc))
  return providers
}

/** The configured provider `id`, or undefined (an unknown id, or a provider that is off). */
export function configuredProvider(id: string): OAuthProvider | undefined {
  return configuredProviders().find(provider => provider.id === id)
}

/** Whether `id` names a provider this server knows, configured or not. */
export function isProviderId(id: string): id is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(id)
}
