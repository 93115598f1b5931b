import { url } from '@nuxt/test-utils/e2e'
import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from '../e2e/mailbox'
import { GOOD_PASSWORD, startApp, uniqueName } from '../e2e/support'
import { openBrowser } from './support'

describe('a deployment that wants the email verified before the first login', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url, NUXT_REQUIRE_EMAIL_VERIFICATION: 'true' })
  const { page, step, formReady, openForm, sessionCookies } = await openBrowser('verify-required')

  const username = uniqueName('verify')
  const email = `${username}@example.com`

  async function signIn(identifier: string) {
    await formReady('login')
    await page.fill('input[name=username]', identifier)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.click('[data-test=login-submit]')
  }

  it('registers, signed out, and is sent to enter the mailed code', () => step('register', async () => {
    await openForm('/register', 'register')
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.fill('input[name=confirmPassword]', GOOD_PASSWORD)
    await page.fill('input[name=email]', email)
    await page.click('[data-test=register-submit]')
    await page.waitForURL(target => target.pathname === '/verify-email' && target.searchParams.get('email') === email)
    await expect.poll(() => page.textContent('[data-test=verify-reason]')).toContain('注册成功')
    expect(await page.locator('[data-test=verify-signin-hint]').count()).toBe(1)
    expect(await sessionCookies()).toEqual([])
    await mailbox.waitForMail(email)
  }))

  it('tries to log in first, and is sent to enter the code', () => step('login-unverified', async () => {
    await page.goto(url('/login'))
    await signIn(email)
    await page.waitForURL(target => target.pathname === '/verify-email' && target.searchParams.get('reason') === 'unverified')
    await expect.poll(() => page.textContent('[data-test=verify-reason]')).toContain('尚未验证')
    expect(await page.inputValue('input[name=email]')).toBe(email)
    expect(await sessionCookies()).toEqual([])
  }))

  it('verifies with the newest code, then logs in', () => step('verify', async () => {
    await formReady('verify')
    // The server mails a fresh code on a refused login only once a minute: the newest one holds.
    await page.fill('input[name=code]', await mailbox.codeFor(email, mailbox.mailsTo(email).length))
    await page.click('[data-test=verify-submit]')
    await page.waitForURL(target => target.pathname === '/login' && target.searchParams.get('verified') === '1')
    await expect.poll(() => page.textContent('[data-test=login-notice]')).toContain('邮箱已验证')
    await signIn(username)
    await page.waitForURL(url('/'))
    await expect.poll(() => page.textContent('[data-test=home-username]')).toBe(username)
    expect(await page.locator('[data-test=email-unverified-banner]').count()).toBe(0)
  }))
})
