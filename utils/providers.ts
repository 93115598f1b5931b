/** Providers whose name the locale files hold (`oauth.names.*`); others (OIDC) are named by the site's setting. */
const NAMED_PROVIDERS = new Set(['wechat', 'qq', 'github'])

/** A provider's name in the page's language: 微信 / WeChat, or the configured name of an OIDC provider. */
export function providerLabel(provider: { id: string, name: string }, t: (key: string) => string): string {
  return NAMED_PROVIDERS.has(provider.id) ? t(`oauth.names.${provider.id}`) : provider.name
}

/** What `/login?error=<code>` (or `/profile?error=`) says, in words, after a failed provider sign-in; '' without one. */
export function providerErrorText(error: unknown, t: (key: string) => string, te: (key: string) => boolean): string {
  const code = Array.isArray(error) ? error[0] : error
  if (typeof code !== 'string' || !code) return ''
  return te(`oauth.errors.${code}`) && /^[A-Z_]+$/.test(code) ? t(`oauth.errors.${code}`) : t('oauth.errors.default')
}
