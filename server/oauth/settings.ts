import { providerAddressProblem } from './endpoints'

/*
 * The settings of third-party sign-in (`runtimeConfig.oauth`, set by `NUXT_OAUTH_…`): each
 * provider is on when its credentials are all present. Every address has a default, the
 * provider's public one, and may be pointed elsewhere (a GitHub Enterprise server, a test double).
 */

export const PROVIDER_IDS = ['wechat', 'qq', 'github', 'oidc'] as const
export type ProviderId = typeof PROVIDER_IDS[number]

export interface WechatSettings { appId: string, appSecret: string, openUrl: string, apiUrl: string }
export interface QqSettings { appId: string, appKey: string, baseUrl: string }
export interface GithubSettings { clientId: string, clientSecret: string, baseUrl: string, apiUrl: string }
export interface OidcSettings { issuer: string, clientId: string, clientSecret: string, name: string }

export interface OAuthSettings {
  wechat: WechatSettings | null
  qq: QqSettings | null
  github: GithubSettings | null
  oidc: OidcSettings | null
}

/** What each provider's settings are called in the environment, credentials first. */
export const SETTING_NAMES = {
  wechat: { appId: 'NUXT_OAUTH_WECHAT_APP_ID', appSecret: 'NUXT_OAUTH_WECHAT_APP_SECRET', openUrl: 'NUXT_OAUTH_WECHAT_OPEN_URL', apiUrl: 'NUXT_OAUTH_WECHAT_API_URL' },
  qq: { appId: 'NUXT_OAUTH_QQ_APP_ID', appKey: 'NUXT_OAUTH_QQ_APP_KEY', baseUrl: 'NUXT_OAUTH_QQ_BASE_URL' },
  github: { clientId: 'NUXT_OAUTH_GITHUB_CLIENT_ID', clientSecret: 'NUXT_OAUTH_GITHUB_CLIENT_SECRET', baseUrl: 'NUXT_OAUTH_GITHUB_BASE_URL', apiUrl: 'NUXT_OAUTH_GITHUB_API_URL' },
  oidc: { issuer: 'NUXT_OAUTH_OIDC_ISSUER', clientId: 'NUXT_OAUTH_OIDC_CLIENT_ID', clientSecret: 'NUXT_OAUTH_OIDC_CLIENT_SECRET', name: 'NUXT_OAUTH_OIDC_NAME' },
} as const

/** The credentials each provider needs to be on. */
const REQUIRED = {
  wechat: ['appId', 'appSecret'],
  qq: ['appId', 'appKey'],
  github: ['clientId', 'clientSecret'],
  oidc: ['issuer', 'clientId', 'clientSecret'],
} as const

/** The settings that are addresses, checked by `providerAddressProblem`. */
const ADDRESSES = {
  wechat: ['openUrl', 'apiUrl'],
  qq: ['baseUrl'],
  github: ['baseUrl', 'apiUrl'],
  oidc: ['issuer'],
} as const

type RawSettings = Record<string, Record<string, unknown> | undefined>

/** A setting as text: Nuxt turns an all-digit value (a QQ app id) into a number. */
function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).trim()
}

/**
 * Every provider's settings from `runtimeConfig.oauth` (`raw`), with the defaults filled in;
 * null for a provider whose credentials are not all present (it is off).
 */
export function readOAuthSettings(raw: RawSettings | undefined): OAuthSettings {
  const get = (provider: ProviderId, name: string) => text(raw?.[provider]?.[name])
  const on = (provider: ProviderId) => REQUIRED[provider].every(name => get(provider, name) !== '')
  const githubBase = (get('github', 'baseUrl') || 'https://github.com').replace(/\/+$/, '')
  return {
    wechat: on('wechat')
      ? { appId: get('wechat', 'appId'), appSecret: get('wechat', 'appSecret'), openUrl: get('wechat', 'openUrl') || 'https://open.weixin.qq.com', apiUrl: get('wechat', 'apiUrl') || 'https://api.weixin.qq.com' }
      : null,
    qq: on('qq')
      ? { appId: get('qq', 'appId'), appKey: get('qq', 'appKey'), baseUrl: get('qq', 'baseUrl') || 'https://graph.qq.com' }
      : null,
    github: on('github')
      ? {
          clientId: get('github', 'clientId'),
          clientSecret: get('github', 'clientSecret'),
          baseUrl: githubBase,
          // GitHub.com has its API on a host of its own; a GitHub Enterprise server under /api/v3.
          apiUrl: get('github', 'apiUrl') || (githubBase === 'https://github.com' ? 'https://api.github.com' : `${githubBase}/api/v3`),
        }
      : null,
    oidc: on('oidc')
      ? { issuer: get('oidc', 'issuer'), clientId: get('oidc', 'clientId'), clientSecret: get('oidc', 'clientSecret'), name: get('oidc', 'name') || 'OpenID Connect' }
      : null,
  }
}

/** Settings that leave a provider off although some of its credentials are set, one sentence each. */
export function incompleteOAuthSettings(raw: RawSettings | undefined): string[] {
  const problems: string[] = []
  for (const provider of PROVIDER_IDS) {
    const names = SETTING_NAMES[provider] as Record<string, string>
    const missing = REQUIRED[provider].filter(name => text(raw?.[provider]?.[name]) === '')
    if (missing.length && missing.length < REQUIRED[provider].length) {
      problems.push(`${provider} sign-in is off: ${missing.map(name => names[name]).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set.`)
    }
  }
  return problems
}

/**
 * The addresses of configured providers that may not be used, one sentence each naming the
 * variable: neither https:// nor http:// on a loopback host (shared/API.md).
 */
export function oauthAddressProblems(raw: RawSettings | undefined): string[] {
  const settings = readOAuthSettings(raw)
  const problems: string[] = []
  for (const provider of PROVIDER_IDS) {
    const current = settings[provider] as Record<string, string> | null
    if (!current) continue
    const names = SETTING_NAMES[provider] as Record<string, string>
    for (const name of ADDRESSES[provider]) {
      const problem = providerAddressProblem(current[name]!)
      if (problem) problems.push(`${names[name]} ("${current[name]}") ${problem}.`)
    }
  }
  return problems
}
