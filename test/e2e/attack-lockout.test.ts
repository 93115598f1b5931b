import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from './mailbox'
import {
  api, expectFailure, GOOD_PASSWORD, login, parseSetCookie, registerUser, startApp, uniqueName, type ApiResponse,
} from './support'

const WRONG = 'not the password at all'
const YEAR = 365 * 24 * 60 * 60

/*
 * The attack: five wrong passwords, sent by anyone, lock the account for its owner too, and a
 * dozen requests per quarter of an hour keep it locked. A browser that signed in to the account
 * before holds a device cookie (OWASP, "device cookies"): a lock strangers caused does not refuse
 * it, and its own failures lock that cookie alone.
 */
describe('attack: locking the owner out with wrong passwords', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url })

  /** Logs in, sending `cookie` (a `name=value` pair) as a browser would. */
  function loginFrom(cookie: string | undefined, identifier: string, password: string, headers: Record<string, string> = {}) {
    return api('/api/auth/login', { body: { username: identifier, password }, headers: cookie ? { cookie, ...headers } : headers })
  }

  function deviceCookieOf(response: ApiResponse): string {
    const line = response.cookies.cw_device
    expect(line, 'the device cookie is set').toBeDefined()
    return `cw_device=${encodeURIComponent(parseSetCookie(line!).value)}`
  }

  async function failTimes(cookie: string | undefined, identifier: string, times: number) {
    for (let attempt = 1; attempt <= times; attempt++) {
      expectFailure(await loginFrom(cookie, identifier, WRONG), 401, 'INVALID_CREDENTIALS')
    }
  }

  function expectLocked(response: ApiResponse) {
    expectFailure(response, 429, 'TOO_MANY_REQUESTS')
    const retryAfter = response.body.details.retryAfter
    expect(retryAfter).toBeGreaterThan(0)
    expect(Number(response.headers.get('retry-after'))).toBe(retryAfter)
    expect(response.body.details).toEqual({ retryAfter, reason: 'accountLocked' })
    return retryAfter as number
  }

  /** Alice registers, then signs in once from her browser, which keeps the device cookie. */
  async function aliceAndHerBrowser() {
    const alice = await registerUser()
    const signedIn = await loginFrom(undefined, alice.username, GOOD_PASSWORD)
    expect(signedIn.status).toBe(200)
    return { alice, browser: deviceCookieOf(signedIn) }
  }

  it('sets the device cookie on login and registration: HttpOnly, SameSite=Lax, Path=/, one year', async () => {
    const username = uniqueName()
    const registered = await api('/api/auth/register', { body: { username, password: GOOD_PASSWORD } })
    for (const response of [registered, await login(username, GOOD_PASSWORD)]) {
      const { value, attributes } = parseSetCookie(response.cookies.cw_device!)
      expect(value).toMatch(new RegExp(`^${response.body.data.user.id}\\.`))
      expect(attributes).toMatchObject({ 'httponly': true, 'samesite': 'Lax', 'path': '/', 'max-age': String(YEAR) })
    }
  })

  it('keeps the device cookie on logout', async () => {
    const { alice } = await aliceAndHerBrowser()
    const signedIn = await login(alice.username, GOOD_PASSWORD)
    const logout = await api('/api/auth/logout', { method: 'POST', token: signedIn.body.data.token, headers: { cookie: `cw_refresh=${signedIn.body.data.refreshToken}` } })
    expect(logout.status).toBe(200)
    expect(logout.cookies.cw_device).toBeUndefined()
  })

  it('does not refuse the owner\'s browser when a stranger locked the account', async () => {
    const { alice, browser } = await aliceAndHerBrowser()
    await failTimes(undefined, alice.username, 5)
    expectLocked(await loginFrom(undefined, alice.username, GOOD_PASSWORD))
    const owner = await loginFrom(browser, alice.username, GOOD_PASSWORD)
    expect(owner.status).toBe(200)
    expect(owner.body.data.user.id).toBe(alice.user.id)
    // Her sign-in does not lift the strangers' lock.
    expectLocked(await loginFrom(undefined, alice.username, GOOD_PASSWORD))
  })

  it('locks only the device cookie for its own failures; strangers stay locked by theirs', async () => {
    const { alice, browser } = await aliceAndHerBrowser()
    await failTimes(browser, alice.username, 5)
    expectLocked(await loginFrom(browser, alice.username, GOOD_PASSWORD))
    // The account is not locked by the browser's failures: another client still signs in.
    expect((await loginFrom(undefined, alice.username, GOOD_PASSWORD)).status).toBe(200)
    // Strangers lock the account by their own failures; the browser stays locked by its own.
    await failTimes(undefined, alice.username, 5)
    expectLocked(await loginFrom(undefined, alice.username, GOOD_PASSWORD))
    expectLocked(await loginFrom(browser, alice.username, GOOD_PASSWORD))
  })

  it('ends the device\'s own lock with a password reset, as the message says', async () => {
    const email = `${uniqueName()}@example.com`
    const alice = await registerUser({ email })
    const browser = deviceCookieOf(await loginFrom(undefined, alice.username, GOOD_PASSWORD))
    await failTimes(browser, alice.username, 5)
    expectLocked(await loginFrom(browser, alice.username, GOOD_PASSWORD))
    await api('/api/auth/forgot-password', { body: { email } })
    const code = await mailbox.codeFor(email, 2)
    expect((await api('/api/auth/reset-password', { body: { email, code, newPassword: 'the owner is back again' } })).status).toBe(200)
    expect((await loginFrom(browser, alice.username, 'the owner is back again')).status).toBe(200)
  })

  it('gives no bypass with a forged or another account\'s device cookie', async () => {
    const { alice, browser } = await aliceAndHerBrowser()
    const { browser: malloryBrowser } = await aliceAndHerBrowser()
    await failTimes(undefined, alice.username, 5)
    const [, nonce = '', mac = ''] = decodeURIComponent(browser.slice('cw_device='.length)).split('.')
    const forged = [
      malloryBrowser,
      `cw_device=${alice.user.id}.${nonce}.${mac.replace(/^./, c => (c === '0' ? '1' : '0'))}`,
      `cw_device=${alice.user.id}.forgednonce.${mac}`,
      `cw_device=${alice.user.id}`,
      'cw_device=garbage',
    ]
    for (const cookie of forged) expectLocked(await loginFrom(cookie, alice.username, GOOD_PASSWORD))
    expect((await loginFrom(browser, alice.username, GOOD_PASSWORD)).status).toBe(200)
  })

  it('says the account is locked, for how many minutes, and that a reset ends it; the same for an unknown identifier', async () => {
    const alice = await registerUser()
    const nobody = uniqueName('nobody')
    await failTimes(undefined, alice.username, 5)
    await failTimes(undefined, nobody, 5)
    for (const [language, words] of [['en', /locked for (\d+) minutes?.*reset/i], ['zh', /锁定.*?(\d+) 分钟.*重设密码/]] as const) {
      const known = await loginFrom(undefined, alice.username, GOOD_PASSWORD, { 'accept-language': language })
      const unknown = await loginFrom(undefined, nobody, GOOD_PASSWORD, { 'accept-language': language })
      const minutes = Math.ceil(expectLocked(known) / 60)
      expect(Math.ceil(expectLocked(unknown) / 60)).toBe(minutes)
      expect(known.body.message).toMatch(words)
      expect(Number(words.exec(known.body.message)![1])).toBe(minutes)
      expect(unknown.body.message).toBe(known.body.message)
      expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(known.body).sort())
    }
  })
})
