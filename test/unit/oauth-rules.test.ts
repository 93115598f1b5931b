import { describe, expect, it } from 'vitest'
import { USERNAME_PATTERN, usernameProblem } from '../../shared/rules'
import { isLoopbackAddress, joinAddress, providerAddressProblem } from '../../server/oauth/endpoints'
import { httpStatusErrorCode, oauthErrorCode, qqErrorCode, wechatErrorCode } from '../../server/oauth/failures'
import { parseJson } from '../../server/oauth/http'
import { unlinkOutcome } from '../../server/oauth/identity-rules'
import { isOAuthRedirectRoute, failureLocation } from '../../server/oauth/redirects'
import { incompleteOAuthSettings, oauthAddressProblems, readOAuthSettings } from '../../server/oauth/settings'
import { usernameCandidates, usernameStem } from '../../server/oauth/usernames'

describe('provider addresses', () => {
  it('must be https://, or http:// on a loopback host only', () => {
    expect(providerAddressProblem('https://github.example.com')).toBeNull()
    for (const loopback of ['http://127.0.0.1:8080/x', 'http://[::1]:9000', 'http://localhost']) expect(providerAddressProblem(loopback)).toBeNull()
    for (const refused of ['http://github.example.com', 'http://127.0.0.2', 'http://localhost.evil.example', 'ftp://127.0.0.1', 'github.com', 'https://user:pass@github.com']) {
      expect([refused, providerAddressProblem(refused)]).toEqual([refused, expect.any(String)])
    }
    expect(isLoopbackAddress('http://127.0.0.1:1')).toBe(true)
    expect(isLoopbackAddress('https://example.com')).toBe(false)
  })

  it('join a base with or without a trailing slash', () => {
    expect(joinAddress('https://ghe.example/', '/login/oauth/authorize')).toBe('https://ghe.example/login/oauth/authorize')
    expect(joinAddress('https://ghe.example/api/v3', 'user')).toBe('https://ghe.example/api/v3/user')
  })
})

describe('settings', () => {
  it('turn a provider on only when all its credentials are set, with the public addresses by default', () => {
    const settings = readOAuthSettings({
      wechat: { appId: 'wx1', appSecret: '' },
      qq: { appId: 101814107, appKey: 'key' },
      github: { clientId: 'id', clientSecret: 'secret', baseUrl: 'https://ghe.example/' },
      oidc: { issuer: 'https://sso.example', clientId: 'c', clientSecret: 's' },
    })
    expect(settings.wechat).toBeNull()
    expect(settings.qq).toEqual({ appId: '101814107', appKey: 'key', baseUrl: 'https://graph.qq.com' })
    expect(settings.github).toMatchObject({ baseUrl: 'https://ghe.example', apiUrl: 'https://ghe.example/api/v3' })
    expect(readOAuthSettings({ github: { clientId: 'id', clientSecret: 's' } }).github).toMatchObject({ baseUrl: 'https://github.com', apiUrl: 'https://api.github.com' })
    expect(settings.oidc?.name).toBe('OpenID Connect')
  })

  it('name what is missing or not allowed', () => {
    expect(incompleteOAuthSettings({ wechat: { appId: 'wx1' }, qq: {} })).toEqual(['wechat sign-in is off: NUXT_OAUTH_WECHAT_APP_SECRET is not set.'])
    expect(oauthAddressProblems({ github: { clientId: 'a', clientSecret: 'b', baseUrl: 'http://ghe.example' } })[0]).toContain('NUXT_OAUTH_GITHUB_BASE_URL')
    expect(oauthAddressProblems({ oidc: { issuer: 'http://127.0.0.1:4000', clientId: 'a', clientSecret: 'b' } })).toEqual([])
  })
})

describe('provider failures map to the contract\'s codes', () => {
  it('standard OAuth errors', () => {
    expect(oauthErrorCode('access_denied')).toBe('INVALID_CREDENTIALS')
    expect(oauthErrorCode('invalid_grant')).toBe('INVALID_CODE')
    expect(oauthErrorCode('bad_verification_code')).toBe('INVALID_CODE')
    expect(oauthErrorCode('invalid_client')).toBe('SERVER_ERROR')
    expect(oauthErrorCode('temporarily_unavailable')).toBe('SERVICE_UNAVAILABLE')
  })

  it('WeChat errcode', () => {
    expect([40029, 40163, 42003, 40125, 40013, -1, 45009, 42001].map(wechatErrorCode))
      .toEqual(['INVALID_CODE', 'INVALID_CODE', 'CODE_EXPIRED', 'SERVER_ERROR', 'SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'TOO_MANY_REQUESTS', 'INVALID_CREDENTIALS'])
  })

  it('QQ error and ret', () => {
    expect([100019, 100020, 100016, 100030, 100008, 100009, -1].map(qqErrorCode))
      .toEqual(['INVALID_CODE', 'INVALID_CODE', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'SERVER_ERROR', 'SERVER_ERROR', 'SERVICE_UNAVAILABLE'])
  })

  it('HTTP statuses', () => {
    expect([429, 502, 401, 404].map(httpStatusErrorCode)).toEqual(['TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE', 'INVALID_CREDENTIALS', 'SERVER_ERROR'])
  })

  it('reads QQ\'s JSONP answers as JSON', () => {
    expect(parseJson('callback( {"client_id":"1","openid":"ABC"} );\n')).toEqual({ client_id: '1', openid: 'ABC' })
    expect(parseJson('{"ret":0}')).toEqual({ ret: 0 })
    expect(parseJson('access_token=x&expires_in=1')).toBeUndefined()
  })
})

describe('unlinking', () => {
  it('keeps a way in: a password or another provider', () => {
    expect(unlinkOutcome({ hasPassword: false, linkedProviders: ['oidc'] }, 'oidc')).toBe('LAST_SIGN_IN_METHOD')
    expect(unlinkOutcome({ hasPassword: true, linkedProviders: ['oidc'] }, 'oidc')).toBe('unlink')
    expect(unlinkOutcome({ hasPassword: false, linkedProviders: ['oidc', 'qq'] }, 'oidc')).toBe('unlink')
    expect(unlinkOutcome({ hasPassword: true, linkedProviders: ['qq'] }, 'oidc')).toBe('NOT_FOUND')
  })
})

describe('the redirecting routes', () => {
  it('are the start and the callback only', () => {
    expect(isOAuthRedirectRoute('/api/auth/oauth/oidc')).toBe(true)
    expect(isOAuthRedirectRoute('/api/auth/oauth/oidc?link=1')).toBe(true)
    expect(isOAuthRedirectRoute('/api/auth/oauth/qq/callback?code=1')).toBe(true)
    expect(isOAuthRedirectRoute('/api/auth/providers')).toBe(false)
    expect(isOAuthRedirectRoute('/api/auth/oauth/qq/other')).toBe(false)
    expect(failureLocation('/profile', 'IDENTITY_ALREADY_LINKED')).toBe('/profile?error=IDENTITY_ALREADY_LINKED')
  })
})

describe('usernames from a provider', () => {
  it('keep what the field rules allow of a login or nickname', () => {
    expect(usernameStem('octo-cat')).toBe('octo-cat')
    expect(usernameStem('Ｍｉｎｇ 小明 🐱!')).toBe('Ming_小明')
    expect(usernameStem('🐱🐱')).toBeNull()
    expect(usernameStem('__a.b__')).toBe('a.b')
    expect([...usernameStem('名'.repeat(80))!].length).toBe(45)
  })

  it('are always valid: short, all-digit or empty hints get a random suffix', () => {
    const cases: [string[], RegExp][] = [
      [['octocat'], /^octocat$/],
      [['小明'], /^小明_[a-z2-9]{4}$/],
      [['12345'], /^12345_[a-z2-9]{4}$/],
      [['🐱', ''], /^wechat_user_[a-z2-9]{4}$/],
      [[], /^qq_user_[a-z2-9]{4}$/],
    ]
    for (const [hints, first] of cases) {
      const provider = hints.length ? 'wechat' : 'qq'
      const candidates = usernameCandidates(hints, provider)
      expect(candidates[0]).toMatch(first)
      expect(candidates).toHaveLength(6)
      expect(new Set(candidates).size).toBe(6)
      for (const candidate of candidates) {
        expect([candidate, usernameProblem(candidate)]).toEqual([candidate, null])
        expect(USERNAME_PATTERN.test(candidate)).toBe(true)
      }
    }
  })
})
