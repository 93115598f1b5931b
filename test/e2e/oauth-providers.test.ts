import { createHash, randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { browse, CookieJar } from './oidc-provider'
import { startProviderDoubles } from './provider-doubles'
import { freePort } from './server-process'
import { apiAt, db, GOOD_PASSWORD, uniqueName, userRow, startApp } from './support'

// GitHub, WeChat and QQ sign-in against local servers that answer as those providers document.
describe('sign-in through GitHub, WeChat and QQ', async () => {
  const credentials = {
    githubClientId: 'Iv1.test-client', githubClientSecret: 'github-secret-0123456789',
    wechatAppId: 'wx0123456789abcdef', wechatSecret: 'wechat-secret-0123456789',
    qqAppId: '101814107', qqAppKey: 'qq-app-key-0123456789',
  }
  const doubles = await startProviderDoubles(credentials)
  afterAll(() => doubles.close())
  const port = await freePort()
  const site = `http://127.0.0.1:${port}`
  // An OpenID provider that is down: nothing listens on its port.
  const deadIssuer = `http://127.0.0.1:${await freePort()}`
  await startApp({
    NUXT_SITE_URL: site,
    NUXT_OAUTH_GITHUB_CLIENT_ID: credentials.githubClientId,
    NUXT_OAUTH_GITHUB_CLIENT_SECRET: credentials.githubClientSecret,
    NUXT_OAUTH_GITHUB_BASE_URL: `${doubles.base}/github`,
    NUXT_OAUTH_WECHAT_APP_ID: credentials.wechatAppId,
    NUXT_OAUTH_WECHAT_APP_SECRET: credentials.wechatSecret,
    NUXT_OAUTH_WECHAT_OPEN_URL: `${doubles.base}/wechat-open`,
    NUXT_OAUTH_WECHAT_API_URL: `${doubles.base}/wechat-api`,
    NUXT_OAUTH_QQ_APP_ID: credentials.qqAppId,
    NUXT_OAUTH_QQ_APP_KEY: credentials.qqAppKey,
    NUXT_OAUTH_QQ_BASE_URL: `${doubles.base}/qq`,
    NUXT_OAUTH_OIDC_ISSUER: deadIssuer,
    NUXT_OAUTH_OIDC_CLIENT_ID: 'client',
    NUXT_OAUTH_OIDC_CLIENT_SECRET: 'secret',
  }, { port })
  const api = (path: string, request: Parameters<typeof apiAt>[1] = {}) => apiAt(`${site}${path}`, request)

  /** Starts a sign-in with `provider`, then comes back as the provider would, with `code` (or without one). */
  async function signIn(provider: string, code: string | null, options: { start?: string, jar?: CookieJar } = {}) {
    const jar = options.jar ?? new CookieJar()
    const started = await browse(jar, `${site}/api/auth/oauth/${provider}${options.start ?? ''}`)
    expect(started.status).toBe(302)
    const authorize = new URL(started.headers.get('location')!)
    const back = new URLSearchParams({ ...(code === null ? {} : { code }), state: authorize.searchParams.get('state')! })
    const response = await browse(jar, `${site}/api/auth/oauth/${provider}/callback?${back}`)
    return { location: response.headers.get('location'), authorize, jar }
  }
  async function signedInUser(jar: CookieJar) {
    const me = await api('/api/auth/me', { token: jar.get(site, 'cw_access') })
    expect(me.status).toBe(200)
    return userRow(me.body.data.user.id)
  }
  async function identityOf(provider: string, key: string) {
    const [[row]] = await (await db()).query<any[]>('SELECT * FROM identities WHERE provider = ? AND provider_key = ?', [provider, key])
    return row
  }
  const newCode = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`

  it('lists the configured providers, in the order of their buttons', async () => {
    expect((await api('/api/auth/providers')).body.data.providers).toEqual([{ id: 'wechat', name: 'WeChat' }, { id: 'qq', name: 'QQ' }, { id: 'github', name: 'GitHub' }, { id: 'oidc', name: 'OpenID Connect' }])
  })

  it('sends the browser to /login?error=SERVICE_UNAVAILABLE when a provider cannot be reached, with no flow cookie', async () => {
    const response = await api('/api/auth/oauth/oidc')
    expect({ status: response.status, location: response.headers.get('location') }).toEqual({ status: 302, location: '/login?error=SERVICE_UNAVAILABLE' })
    expect(response.cookies.cw_oauth_oidc).toBeUndefined()
    expect(response.headers.get('content-type') ?? '').not.toContain('json')
  })

  describe('GitHub', () => {
    it('sends the browser to the configured server with PKCE S256, and proves the verifier at the token endpoint', async () => {
      const code = newCode('gh')
      const login = uniqueName('octo')
      doubles.github.set(code, { user: { id: 9_000_001, login, name: 'Octo Cat' }, emails: [{ email: `${login}@public.example`, primary: false, verified: true }, { email: `${login}@users.example`, primary: true, verified: true }] })
      const result = await signIn('github', code)
      expect(`${result.authorize.origin}${result.authorize.pathname}`).toBe(`${doubles.base}/github/login/oauth/authorize`)
      expect(Object.fromEntries(result.authorize.searchParams)).toMatchObject({ client_id: credentials.githubClientId, redirect_uri: `${site}/api/auth/oauth/github/callback`, scope: 'read:user user:email', code_challenge_method: 'S256' })
      const tokenRequest = doubles.received.findLast(request => request.path === '/github/login/oauth/access_token')!
      const verifier = tokenRequest.body.get('code_verifier')!
      expect(createHash('sha256').update(verifier).digest('base64url')).toBe(result.authorize.searchParams.get('code_challenge'))
      expect(result.location).toBe('/')
      const user = await signedInUser(result.jar)
      expect({ username: user.username, email: user.email }).toEqual({ username: login, email: `${login}@users.example` })
      expect(user.email_verified_at).not.toBeNull()
      expect(await identityOf('github', '9000001')).toMatchObject({ user_id: user.id, name: login })
    })

    it('keeps an unverified primary email out of the account', async () => {
      const code = newCode('gh')
      doubles.github.set(code, { user: { id: 9_000_002, login: uniqueName('octo') }, emails: [{ email: 'unverified@users.example', primary: true, verified: false }] })
      const result = await signIn('github', code)
      expect((await signedInUser(result.jar)).email).toBeNull()
    })

    it('maps GitHub\'s failures: a bad code (HTTP 200 with error), a refusal, a failing API', async () => {
      expect((await signIn('github', 'never-issued')).location).toBe('/login?error=INVALID_CODE')
      const refused = await signIn('github', null)
      expect(refused.location).toBe('/login?error=INVALID_CREDENTIALS')
      const code = newCode('gh')
      doubles.github.set(code, { userStatus: 502 })
      expect((await signIn('github', code)).location).toBe('/login?error=SERVICE_UNAVAILABLE')
      const denied = newCode('gh')
      doubles.github.set(denied, { tokenError: 'redirect_uri_mismatch' })
      expect((await signIn('github', denied)).location).toBe('/login?error=SERVER_ERROR')
    })

    it('sends the provider\'s own words nowhere near the page', async () => {
      const result = await signIn('github', 'never-issued')
      expect(result.location).not.toMatch(/incorrect|expired|docs\.github/i)
    })
  })

  describe('WeChat', () => {
    it('sends the browser to the QR code page and signs in with the unionid as the key, the nickname as the name', async () => {
      const code = newCode('wx')
      const unionid = `o6_${randomBytes(8).toString('hex')}`
      doubles.wechat.set(code, { openid: `oOpen${randomBytes(6).toString('hex')}`, unionid, nickname: '微信用户 小红🌸' })
      const result = await signIn('wechat', code, { start: '?redirect=/profile' })
      expect(`${result.authorize.origin}${result.authorize.pathname}`).toBe(`${doubles.base}/wechat-open/connect/qrconnect`)
      expect(result.authorize.hash).toBe('#wechat_redirect')
      expect(Object.fromEntries(result.authorize.searchParams)).toMatchObject({ appid: credentials.wechatAppId, response_type: 'code', scope: 'snsapi_login', redirect_uri: `${site}/api/auth/oauth/wechat/callback` })
      expect(result.location).toBe('/profile')
      const user = await signedInUser(result.jar)
      expect(user.username).toBe('微信用户_小红')
      expect(user.email).toBeNull()
      expect(await identityOf('wechat', unionid)).toMatchObject({ user_id: user.id, name: '微信用户 小红🌸' })
    })

    it('uses the openid when there is no unionid, and signs the same person in again to the same account', async () => {
      const openid = `oOpen${randomBytes(6).toString('hex')}`
      const first = newCode('wx')
      doubles.wechat.set(first, { openid, nickname: 'Li' })
      const user = await signedInUser((await signIn('wechat', first)).jar)
      expect(user.username).toMatch(/^Li_[a-z2-9]{4}$/)
      expect(await identityOf('wechat', openid)).toMatchObject({ user_id: user.id })
      const again = newCode('wx')
      doubles.wechat.set(again, { openid, nickname: 'Li' })
      expect((await signedInUser((await signIn('wechat', again)).jar)).id).toBe(user.id)
    })

    it('maps WeChat\'s errcode answers, and a refusal (no code)', async () => {
      const cases: [number | 'userinfo-50001', string][] = [[40029, 'INVALID_CODE'], [40163, 'INVALID_CODE'], [42003, 'CODE_EXPIRED'], [40125, 'SERVER_ERROR'], [-1, 'SERVICE_UNAVAILABLE'], [45009, 'TOO_MANY_REQUESTS'], ['userinfo-50001', 'INVALID_CREDENTIALS']]
      for (const [errcode, expected] of cases) {
        const code = newCode('wx')
        doubles.wechat.set(code, errcode === 'userinfo-50001' ? { openid: 'o1', userinfoErrcode: 50001 } : { tokenErrcode: errcode })
        expect([errcode, (await signIn('wechat', code)).location]).toEqual([errcode, `/login?error=${expected}`])
      }
      expect((await signIn('wechat', null)).location).toBe('/login?error=INVALID_CREDENTIALS')
    })
  })

  describe('QQ', () => {
    it('signs in with the openid from oauth2.0/me (its JSONP answer) and the nickname from get_user_info', async () => {
      const code = newCode('qq')
      const openid = randomBytes(16).toString('hex').toUpperCase()
      doubles.qq.set(code, { openid, nickname: '12345' })
      const result = await signIn('qq', code)
      expect(`${result.authorize.origin}${result.authorize.pathname}`).toBe(`${doubles.base}/qq/oauth2.0/authorize`)
      expect(Object.fromEntries(result.authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: credentials.qqAppId, scope: 'get_user_info', redirect_uri: `${site}/api/auth/oauth/qq/callback` })
      expect(result.location).toBe('/')
      const user = await signedInUser(result.jar)
      expect(user.username).toMatch(/^12345_[a-z2-9]{4}$/)
      expect(await identityOf('qq', openid)).toMatchObject({ user_id: user.id, name: '12345' })
      const tokenRequest = doubles.received.findLast(request => request.path === '/qq/oauth2.0/token')!
      expect(Object.fromEntries(tokenRequest.query)).toMatchObject({ grant_type: 'authorization_code', client_secret: credentials.qqAppKey, fmt: 'json' })
    })

    it('maps QQ\'s error and ret answers, and refuses a token issued to another app', async () => {
      expect((await signIn('qq', 'never-issued')).location).toBe('/login?error=INVALID_CODE')
      const reused = newCode('qq')
      doubles.qq.set(reused, { tokenError: 100020 })
      expect((await signIn('qq', reused)).location).toBe('/login?error=INVALID_CODE')
      const notAllowed = newCode('qq')
      doubles.qq.set(notAllowed, { openid: 'A1', ret: 100030 })
      expect((await signIn('qq', notAllowed)).location).toBe('/login?error=INVALID_CREDENTIALS')
      const foreign = newCode('qq')
      doubles.qq.set(foreign, { openid: 'A2', meClientId: '999999', nickname: 'x' })
      expect((await signIn('qq', foreign)).location).toBe('/login?error=INVALID_CREDENTIALS')
      const [[count]] = await (await db()).query<any[]>('SELECT COUNT(*) AS n FROM identities WHERE provider = \'qq\' AND provider_key IN (\'A1\', \'A2\')')
      expect(count.n).toBe(0)
    })

    it('links to a password account from /profile, and the account then has two ways in', async () => {
      const registered = await api('/api/auth/register', { body: { username: uniqueName('qqowner'), password: GOOD_PASSWORD } })
      const jar = new CookieJar()
      jar.set(site, 'cw_access', registered.body.data.token)
      const code = newCode('qq')
      const openid = randomBytes(16).toString('hex').toUpperCase()
      doubles.qq.set(code, { openid, nickname: 'linked' })
      const result = await signIn('qq', code, { start: '?link=1', jar })
      expect(result.location).toBe('/profile')
      const identities = await api('/api/auth/identities', { token: registered.body.data.token })
      expect(identities.body.data).toEqual({ identities: [{ provider: 'qq', name: 'linked', email: null, linkedAt: expect.any(String) }], hasPassword: true })
    })
  })
})
