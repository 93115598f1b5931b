import { url } from '@nuxt/test-utils/e2e'
import { decodeJwt, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { ownerDatabase } from '../e2e/databases'
import { db, GOOD_PASSWORD, JWT_SECRET, startApp, uniqueName } from '../e2e/support'
import { openBrowser } from './support'

// The site runs on a database that started as the product owner's users table with its rows.
describe('a person in the browser', async () => {
  await startApp({ NUXT_DATABASE_URL: await ownerDatabase('browser') })
  const { page, step, formReady, openForm, sessionCookies } = await openBrowser('auth')

  const username = uniqueName('browser')

  it('registers and lands on the signed-in home', () => step('register', async () => {
    await openForm('/register')
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.fill('input[name=confirmPassword]', GOOD_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForURL(url('/'))
    await expect.poll(() => page.textContent('[data-test=home-username]')).toBe(username)
    await expect.poll(() => page.textContent('[data-test=header-username]')).toContain(username)
  }))

  it('keeps the tokens out of JavaScript\'s reach', () => step('cookies', async () => {
    const session = await sessionCookies()
    expect(session.map(cookie => cookie.name).sort()).toEqual(['cw_access', 'cw_refresh'])
    for (const cookie of session) expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    // Script sees only the page preferences (language, colour scheme), never a session or device cookie.
    const readable = (await page.evaluate(() => document.cookie)).split(';').map(pair => pair.trim().split('=')[0]).filter(Boolean)
    expect(readable.filter(name => !['cw_lang', 'cw_scheme'].includes(name!))).toEqual([])
  }))

  it('is still signed in after a reload, rendered so by the server', () => step('reload', async () => {
    const response = await page.reload()
    expect(await response!.text()).toContain(username)
    await expect.poll(() => page.textContent('[data-test=home-username]')).toBe(username)
  }))

  it('renews an expired access cookie before the server render', () => step('ssr-refresh', async () => {
    await page.context().clearCookies({ name: 'cw_access' })
    const response = await page.goto(url('/profile'))
    expect(page.url()).toBe(url('/profile'))
    expect(await response!.text()).toContain(username)
    const renewed = (await page.context().cookies()).find(cookie => cookie.name === 'cw_access')
    expect(renewed?.value).toBeTruthy()
  }))

  it('refreshes in the browser when an API call meets an expired token, then logs out', () => step('logout', async () => {
    const current = (await page.context().cookies()).find(cookie => cookie.name === 'cw_access')!
    const claims = decodeJwt(current.value)
    const expired = await new SignJWT({ sid: claims.sid, role: claims.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub!)
      .setIssuer(claims.iss!)
      .setAudience(claims.aud as string)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 100)
      .sign(new TextEncoder().encode(JWT_SECRET))
    await page.context().addCookies([{ ...current, value: expired }])

    await page.click('[data-test=logout]')
    await page.waitForURL(url('/login'))
    const [rows] = await (await db()).query<any[]>('SELECT revoked_at FROM sessions WHERE id = ?', [claims.sid])
    expect(rows[0].revoked_at).not.toBeNull()
    expect(await sessionCookies()).toEqual([])
  }))

  it('sends a visitor of a signed-in page to login, and back there after logging in', () => step('redirect', async () => {
    await page.goto(url('/profile'))
    await page.waitForURL(target => target.pathname === '/login' && target.searchParams.get('redirect') === '/profile')
    await formReady()
    await page.fill('input[name=username]', username.toUpperCase())
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.press('input[name=password]', 'Enter')
    await page.waitForURL(url('/profile'))
    await expect.poll(() => page.textContent('body')).toContain(username)
  }))

  it('sends an open page to login when its session has ended elsewhere, and back after logging in', () => step('session-ended', async () => {
    const access = (await page.context().cookies()).find(cookie => cookie.name === 'cw_access')!
    await (await db()).query('UPDATE sessions SET revoked_at = NOW(3) WHERE id = ?', [decodeJwt(access.value).sid])
    await page.context().clearCookies({ name: 'cw_access' })

    // The save meets a 401; the refresh it tries is refused; the page cannot stay.
    await formReady('profile')
    await page.click('[data-test=profile-gender] label:has(input[value="1"])')
    await page.click('[data-test=profile-submit]')
    await page.waitForURL(target => target.pathname === '/login' && target.searchParams.get('redirect') === '/profile')
    expect(await sessionCookies()).toEqual([])
    expect(await page.locator('[data-test=header-username]').count()).toBe(0)

    await formReady()
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.press('input[name=password]', 'Enter')
    await page.waitForURL(url('/profile'))
    await expect.poll(() => page.textContent('body')).toContain(username)
  }))

  it('sends a signed-in person who opens the login page home', () => step('guest', async () => {
    await page.goto(url('/login'))
    await page.waitForURL(url('/'))
    await expect.poll(() => page.textContent('[data-test=home-username]')).toBe(username)
  }))

  it('shows the server\'s message next to the form when the password is wrong', () => step('wrong-password', async () => {
    await page.click('[data-test=logout]')
    await page.waitForURL(url('/login'))
    await formReady()
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', 'not the right password')
    await page.click('button[type=submit]')
    await expect.poll(() => page.textContent('[data-test=form-error]')).toContain('账号或密码错误')
    expect(page.url()).toBe(url('/login'))
  }))

  it('signs in to an account of the owner\'s table with its plain-text password, then re-hashed', () => step('owner-account', async () => {
    await openForm('/login')
    await page.fill('input[name=username]', 'xiaoming')
    await page.fill('input[name=password]', 'xiaoming-pass')
    await page.click('button[type=submit]')
    await page.waitForURL(url('/'))
    await expect.poll(() => page.textContent('[data-test=home-username]')).toBe('xiaoming')
    const [rows] = await (await db()).query<any[]>('SELECT password FROM users WHERE id = 2')
    expect(rows[0].password).toMatch(/^\$2[ab]\$/)
    await page.click('[data-test=logout]')
    await page.waitForURL(url('/login'))
  }))

  it('never follows a redirect to another site', () => step('foreign-redirect', async () => {
    await openForm('/login?redirect=//evil.example/steal')
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForURL(url('/'))
  }))
})
