import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { NO_PASSWORD } from '../../server/auth/passwords'
import { browse, CookieJar, followUntil, startOpenIdProvider, type PersonClaims } from './oidc-provider'
import { freePort, startServer } from './server-process'
import { apiAt, db, expectFailure, GOOD_PASSWORD, parseSetCookie, startApp, uniqueName, userRow } from './support'

// Third-party sign-in through a real OpenID Provider (oidc-provider) that the test runs itself.
describe('sign-in through an OpenID Connect provider', async () => {
  const port = await freePort()
  const site = `http://127.0.0.1:${port}`
  const callbackPrefix = `${site}/api/auth/oauth/oidc/callback`
  const idp = await startOpenIdProvider(callbackPrefix)
  afterAll(() => idp.close())
  await startApp({
    NUXT_SITE_URL: site,
    NUXT_OAUTH_OIDC_ISSUER: idp.issuer,
    NUXT_OAUTH_OIDC_CLIENT_ID: idp.clientId,
    NUXT_OAUTH_OIDC_CLIENT_SECRET: idp.clientSecret,
    NUXT_OAUTH_OIDC_NAME: 'Test SSO',
  }, { port })

  const api = (path: string, request: Parameters<typeof apiAt>[1] = {}) => apiAt(`${site}${path}`, request)
  const person = (fields: Partial<PersonClaims> = {}): PersonClaims => {
    const name = uniqueName('oidc')
    return { sub: `sub-${name}`, preferred_username: name, name: 'Test Person', email: `${name}@idp.example`, email_verified: true, ...fields }
  }

  /** Signs in at the provider as `who` from `start`, and answers our callback's answer. */
  async function throughProvider(who: PersonClaims | 'refuse', start = '/api/auth/oauth/oidc', jar = new CookieJar()) {
    idp.nextSignIn(who)
    const callback = await followUntil(jar, `${site}${start}`, callbackPrefix)
    const response = await browse(jar, callback)
    return { status: response.status, location: response.headers.get('location'), cookies: response.headers.getSetCookie(), jar, callback }
  }

  const cookieNames = (lines: string[]) => lines.filter(line => !/max-age=0/i.test(line)).map(line => line.split('=')[0])
  async function identityRows(userId: number) {
    const [rows] = await (await db()).query<any[]>('SELECT * FROM identities WHERE user_id = ?', [userId])
    return rows
  }
  async function userIdOf(jar: CookieJar) {
    const me = await api('/api/auth/me', { token: jar.get(site, 'cw_access') })
    expect(me.status).toBe(200)
    return me.body.data.user.id as number
  }

  it('lists the configured provider alone, with its name', async () => {
    const response = await api('/api/auth/providers')
    expect(response.body).toMatchObject({ success: true, code: 200, data: { providers: [{ id: 'oidc', name: 'Test SSO' }] } })
  })

  it('answers an unknown or unconfigured provider with the 404 envelope, not a redirect', async () => {
    expectFailure(await api('/api/auth/oauth/nobody'), 404, 'NOT_FOUND')
    expectFailure(await api('/api/auth/oauth/github'), 404, 'NOT_FOUND')
    expectFailure(await api('/api/auth/oauth/github/callback?code=x&state=y'), 404, 'NOT_FOUND')
  })

  it('starts with a redirect to the provider: state, PKCE S256, nonce, the scopes, the callback; the flow in an HttpOnly cookie', async () => {
    const response = await api('/api/auth/oauth/oidc?redirect=/profile')
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location')!)
    expect(location.origin).toBe(idp.issuer)
    const query = Object.fromEntries(location.searchParams)
    expect(query).toMatchObject({ client_id: idp.clientId, response_type: 'code', scope: 'openid email profile', redirect_uri: callbackPrefix, code_challenge_method: 'S256' })
    for (const name of ['state', 'nonce', 'code_challenge']) expect(query[name]).toMatch(/^[\w-]{43,}$/)
    const flow = parseSetCookie(response.cookies.cw_oauth_oidc!)
    expect(flow.attributes).toMatchObject({ 'httponly': true, 'samesite': 'Lax', 'path': '/api/auth/oauth/oidc', 'max-age': '600' })
    expect(flow.value).not.toContain(query.state)
  })

  let providerOnlyJar: CookieJar
  let providerOnlyId: number
  const alice = person({ preferred_username: 'oidc.alice', name: 'Alice Provider' })

  it('makes an account at the first sign-in: a username from the login, the verified email, no password; signs it in', async () => {
    const result = await throughProvider(alice, '/api/auth/oauth/oidc?redirect=/profile')
    expect({ status: result.status, location: result.location }).toEqual({ status: 302, location: '/profile' })
    expect(cookieNames(result.cookies)).toEqual(expect.arrayContaining(['cw_access', 'cw_refresh', 'cw_device']))
    for (const line of result.cookies.filter(line => /^cw_(access|refresh|device)=/.test(line))) {
      expect(parseSetCookie(line).attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' })
    }
    providerOnlyJar = result.jar
    providerOnlyId = await userIdOf(result.jar)
    const row = await userRow(providerOnlyId)
    expect(row).toMatchObject({ username: 'oidc.alice', email: alice.email, password: NO_PASSWORD, online_status: 1, last_login_ip: '127.0.0.1' })
    expect(row.email_verified_at).not.toBeNull()
    expect(row.last_login_at).not.toBeNull()
    const [identity] = await identityRows(providerOnlyId)
    expect(identity).toMatchObject({ provider: 'oidc', provider_key: alice.sub, name: 'oidc.alice', email: alice.email })
  })

  it('lists the identity and says the account has no password', async () => {
    const response = await api('/api/auth/identities', { token: providerOnlyJar.get(site, 'cw_access') })
    expect(response.body.data).toEqual({ identities: [{ provider: 'oidc', name: 'oidc.alice', email: alice.email, linkedAt: expect.any(String) }], hasPassword: false })
  })

  it('signs the same person in to the same account the second time, and goes home without a redirect', async () => {
    const [[before]] = await (await db()).query<any[]>('SELECT COUNT(*) AS n FROM users')
    const result = await throughProvider({ ...alice, name: 'Alice Renamed' })
    expect({ status: result.status, location: result.location }).toEqual({ status: 302, location: '/' })
    expect(await userIdOf(result.jar)).toBe(providerOnlyId)
    const [[after]] = await (await db()).query<any[]>('SELECT COUNT(*) AS n FROM users')
    expect(after.n).toBe(before.n)
    const [sessions] = await (await db()).query<any[]>('SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL', [providerOnlyId])
    expect(sessions.length).toBe(2)
  })

  it('never lets a password match an account without one, the marker itself included', async () => {
    const response = await api('/api/auth/login', { body: { username: 'oidc.alice', password: NO_PASSWORD } })
    expectFailure(response, 401, 'INVALID_CREDENTIALS')
    expectFailure(await api('/api/auth/login', { body: { username: 'oidc.alice', password: NO_PASSWORD.slice(0, 72) } }), 401, 'INVALID_CREDENTIALS')
  })

  it('makes a valid, unique username from a Chinese nickname, and keeps an unverified email out', async () => {
    const taken = uniqueName('taken')
    await api('/api/auth/register', { body: { username: taken, password: GOOD_PASSWORD } })
    const chinese = await throughProvider(person({ preferred_username: undefined, nickname: '小明', email_verified: false }))
    const chineseRow = await userRow(await userIdOf(chinese.jar))
    expect(chineseRow.username).toMatch(/^小明_[a-z2-9]{4}$/)
    expect(chineseRow.email).toBeNull()
    const clash = await throughProvider(person({ preferred_username: taken.toUpperCase() }))
    const clashRow = await userRow(await userIdOf(clash.jar))
    expect(clashRow.username).toMatch(new RegExp(`^${taken.toUpperCase()}_[a-z2-9]{4}$`))
  })

  it('does not link by email: an address an account has sends the browser to /login?error=EMAIL_ALREADY_EXISTS', async () => {
    const email = `${uniqueName('owner')}@example.com`
    await api('/api/auth/register', { body: { username: uniqueName(), password: GOOD_PASSWORD, email } })
    const [[before]] = await (await db()).query<any[]>('SELECT COUNT(*) AS n FROM users')
    const result = await throughProvider(person({ email }))
    expect({ status: result.status, location: result.location }).toEqual({ status: 302, location: '/login?error=EMAIL_ALREADY_EXISTS' })
    expect(cookieNames(result.cookies)).not.toContain('cw_access')
    const [[after]] = await (await db()).query<any[]>('SELECT COUNT(*) AS n FROM users')
    expect(after.n).toBe(before.n)
  })

  it('refuses a callback whose state is forged, or that has no flow cookie, and signs no one in', async () => {
    const jar = new CookieJar()
    idp.nextSignIn(person())
    const callback = new URL(await followUntil(jar, `${site}/api/auth/oauth/oidc`, callbackPrefix))
    const forged = new URL(callback)
    forged.searchParams.set('state', 'forged-state-forged-state-forged-state-0000')
    const refused = await browse(jar, forged.href)
    expect({ status: refused.status, location: refused.headers.get('location') }).toEqual({ status: 302, location: '/login?error=CSRF_REJECTED' })
    expect(cookieNames(refused.headers.getSetCookie())).not.toContain('cw_access')
    // The genuine callback in another browser (no flow cookie): refused too.
    const stranger = await fetch(callback.href, { redirect: 'manual' })
    expect(stranger.headers.get('location')).toBe('/login?error=CSRF_REJECTED')
    // And the flow cookie was spent by the forged attempt: the genuine state no longer works here either.
    const replay = await browse(jar, callback.href)
    expect(replay.headers.get('location')).toBe('/login?error=CSRF_REJECTED')
  })

  it('refuses a tampered ID token (its signature no longer holds)', async () => {
    idp.tamperIdTokens((idToken) => {
      const [header, payload, signature] = idToken.split('.')
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
      return [header, Buffer.from(JSON.stringify({ ...claims, sub: alice.sub })).toString('base64url'), signature].join('.')
    })
    try {
      const result = await throughProvider(person())
      expect({ status: result.status, location: result.location }).toEqual({ status: 302, location: '/login?error=INVALID_CREDENTIALS' })
      expect(cookieNames(result.cookies)).not.toContain('cw_access')
    }
    finally {
      idp.tamperIdTokens(null)
    }
  })

  it('refuses an ID token with a broken signature, and one signed by another key with the right claims', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const resign = (idToken: string) => {
      const [, payload] = idToken.split('.')
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'not-the-providers' })).toString('base64url')
      const signature = cryptoSign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')
      return `${header}.${payload}.${signature}`
    }
    try {
      idp.tamperIdTokens(idToken => idToken.slice(0, -6) + (idToken.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'))
      expect((await throughProvider(person())).location).toBe('/login?error=INVALID_CREDENTIALS')
      idp.tamperIdTokens(resign)
      expect((await throughProvider(person())).location).toBe('/login?error=INVALID_CREDENTIALS')
    }
    finally {
      idp.tamperIdTokens(null)
    }
  })

  it('sends a person who refuses at the provider to /login?error=INVALID_CREDENTIALS', async () => {
    const result = await throughProvider('refuse')
    expect(result.location).toBe('/login?error=INVALID_CREDENTIALS')
  })

  it('refuses a disabled account, signing nothing in', async () => {
    const bob = person()
    const first = await throughProvider(bob)
    const bobId = await userIdOf(first.jar)
    await (await db()).query('UPDATE users SET status = \'disabled\' WHERE id = ?', [bobId])
    const result = await throughProvider(bob)
    expect({ status: result.status, location: result.location }).toEqual({ status: 302, location: '/login?error=ACCOUNT_DISABLED' })
    expect(cookieNames(result.cookies)).not.toContain('cw_access')
  })

  describe('linking', () => {
    let ownerJar: CookieJar
    let ownerId: number
    const carol = person()

    it('links the provider account to the signed-in account, changing nothing else on it', async () => {
      const username = uniqueName('owner')
      const email = `${username}@example.com`
      const registered = await api('/api/auth/register', { body: { username, password: GOOD_PASSWORD, email } })
      ownerId = registered.body.data.user.id
      ownerJar = new CookieJar()
      ownerJar.set(site, 'cw_access', registered.body.data.token)
      const before = await userRow(ownerId)
      const result = await throughProvider({ ...carol, email: 'carol-elsewhere@idp.example' }, '/api/auth/oauth/oidc?link=1', ownerJar)
      expect({ status: result.status, location: result.location }).toEqual({ status: 302, location: '/profile' })
      const after = await userRow(ownerId)
      expect({ username: after.username, email: after.email, password: after.password }).toEqual({ username: before.username, email: before.email, password: before.password })
      expect(await identityRows(ownerId)).toEqual([expect.objectContaining({ provider: 'oidc', provider_key: carol.sub })])
      // The linked provider account now signs in to the owner's account.
      const signIn = await throughProvider(carol)
      expect(await userIdOf(signIn.jar)).toBe(ownerId)
    })

    it('refuses to link a second account of the same provider, at the start', async () => {
      const response = await browse(ownerJar, `${site}/api/auth/oauth/oidc?link=1`)
      expect({ status: response.status, location: response.headers.get('location') }).toEqual({ status: 302, location: '/profile?error=IDENTITY_ALREADY_LINKED' })
    })

    it('refuses a provider account that is linked to another account', async () => {
      const registered = await api('/api/auth/register', { body: { username: uniqueName('other'), password: GOOD_PASSWORD } })
      const jar = new CookieJar()
      jar.set(site, 'cw_access', registered.body.data.token)
      const result = await throughProvider(alice, '/api/auth/oauth/oidc?link=1&redirect=/', jar)
      expect({ status: result.status, location: result.location }).toEqual({ status: 302, location: '/profile?error=IDENTITY_ALREADY_LINKED' })
      expect(await identityRows(registered.body.data.user.id)).toEqual([])
    })

    it('renews an expired access cookie through the refresh cookie, as a page load would', async () => {
      const registered = await api('/api/auth/register', { body: { username: uniqueName('idle'), password: GOOD_PASSWORD } })
      const jar = new CookieJar()
      jar.set(site, 'cw_refresh', registered.body.data.refreshToken)
      const result = await throughProvider(person(), '/api/auth/oauth/oidc?link=1', jar)
      expect(result.location).toBe('/profile')
      expect(await identityRows(registered.body.data.user.id)).toHaveLength(1)
      expect(jar.get(site, 'cw_access')).toBeTruthy()
    })

    it('asks a visitor who is not signed in to sign in first', async () => {
      const response = await api('/api/auth/oauth/oidc?link=1')
      expect({ status: response.status, location: response.headers.get('location') }).toEqual({ status: 302, location: '/login?error=UNAUTHORIZED' })
    })

    it('unlinks when a password is left, then 404 for what is not linked', async () => {
      const token = ownerJar.get(site, 'cw_access')
      const unlinked = await api('/api/auth/identities/oidc', { method: 'DELETE', token })
      expect(unlinked.body).toMatchObject({ success: true, code: 200 })
      expect(await identityRows(ownerId)).toEqual([])
      expectFailure(await api('/api/auth/identities/oidc', { method: 'DELETE', token }), 404, 'NOT_FOUND')
      expectFailure(await api('/api/auth/identities/wechat', { method: 'DELETE', token }), 404, 'NOT_FOUND')
    })
  })

  describe('an account without a password', () => {
    it('cannot unlink its only way in: 409 LAST_SIGN_IN_METHOD', async () => {
      const response = await api('/api/auth/identities/oidc', { method: 'DELETE', token: providerOnlyJar.get(site, 'cw_access') })
      expectFailure(response, 409, 'LAST_SIGN_IN_METHOD')
      expect(await identityRows(providerOnlyId)).toHaveLength(1)
    })

    it('sets a password without currentPassword; then logs in with it, and may unlink', async () => {
      const token = providerOnlyJar.get(site, 'cw_access')
      const set = await api('/api/auth/change-password', { body: { newPassword: GOOD_PASSWORD }, token })
      expect(set.body).toMatchObject({ success: true, code: 200 })
      expect((await userRow(providerOnlyId)).password).toMatch(/^\$2[aby]\$/)
      expect((await api('/api/auth/identities', { token })).body.data.hasPassword).toBe(true)
      const login = await api('/api/auth/login', { body: { username: 'oidc.alice', password: GOOD_PASSWORD } })
      expect(login.status).toBe(200)
      const unlinked = await api('/api/auth/identities/oidc', { method: 'DELETE', token })
      expect(unlinked.status).toBe(200)
    })

    it('now needs the current password to change it', async () => {
      const token = providerOnlyJar.get(site, 'cw_access')
      expectFailure(await api('/api/auth/change-password', { body: { newPassword: 'another good passphrase' }, token }), 400, 'INVALID_INPUT')
    })
  })

  it('follows only same-site redirects: anything else goes home', async () => {
    const dave = person()
    for (const redirect of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '/login']) {
      const result = await throughProvider(dave, `/api/auth/oauth/oidc?redirect=${encodeURIComponent(redirect)}`)
      expect([redirect, result.location]).toEqual([redirect, '/'])
    }
  })

  describe('where verified email is required', () => {
    it('makes accounts only with an address the provider verified, and signs those in', async () => {
      const otherPort = await freePort()
      const otherSite = `http://127.0.0.1:${otherPort}`
      const otherIdp = await startOpenIdProvider(`${otherSite}/api/auth/oauth/oidc/callback`)
      const server = await startServer({
        PORT: String(otherPort),
        NUXT_SITE_URL: otherSite,
        NUXT_REQUIRE_EMAIL_VERIFICATION: 'true',
        NUXT_OAUTH_OIDC_ISSUER: otherIdp.issuer,
        NUXT_OAUTH_OIDC_CLIENT_ID: otherIdp.clientId,
        NUXT_OAUTH_OIDC_CLIENT_SECRET: otherIdp.clientSecret,
      })
      try {
        const signInThere = async (who: PersonClaims) => {
          const jar = new CookieJar()
          otherIdp.nextSignIn(who)
          const callback = await followUntil(jar, `${otherSite}/api/auth/oauth/oidc`, `${otherSite}/api/auth/oauth/oidc/callback`)
          const response = await browse(jar, callback)
          return { location: response.headers.get('location'), jar }
        }
        const unverified = person({ email_verified: false })
        expect((await signInThere(unverified)).location).toBe('/login?error=EMAIL_NOT_VERIFIED')
        expect((await signInThere(person({ email: undefined }))).location).toBe('/login?error=EMAIL_NOT_VERIFIED')
        const [[made]] = await (await db()).query<any[]>('SELECT COUNT(*) AS n FROM users WHERE email = ?', [unverified.email])
        expect(made.n).toBe(0)
        const verified = await signInThere(person())
        expect(verified.location).toBe('/')
        const me = await apiAt(`${otherSite}/api/auth/me`, { token: verified.jar.get(otherSite, 'cw_access') })
        expect(me.body.data.user.emailVerified).toBe(true)
      }
      finally {
        await server.stop()
        await otherIdp.close()
      }
    })
  })
})
