import { mkdirSync } from 'node:fs'
import { url } from '@nuxt/test-utils/e2e'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMailbox } from '../e2e/mailbox'
import { GOOD_PASSWORD, startApp, uniqueName } from '../e2e/support'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = 'test-results'

describe('a deployment that wants the email verified before the first login', async () => {
  const mailbox = await startMailbox()
  await startApp({ NUXT_SMTP_URL: mailbox.url, NUXT_REQUIRE_EMAIL_VERIFICATION: 'true' })

  let browser: Browser
  let page: Page
  const username = uniqueName('verify')
  const email = `${username}@example.com`
  const problems: string[] = []

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    page = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
    page.setDefaultTimeout(10_000)
    page.on('pageerror', error => problems.push(`page error: ${error.message}`))
    page.on('requestfailed', request => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`))
  })

  afterAll(async () => {
    await browser?.close()
    await mailbox.close()
  })

  async function formReady(name: string) {
    await page.waitForSelector(`[data-test=${name}-submit]:not([disabled])`)
  }

  async function step(name: string, body: () => Promise<void>) {
    try {
      await body()
    }
    catch (error) {
      mkdirSync(SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: `${SCREENSHOTS}/verify-required-${name}.png`, fullPage: true }).catch(() => {})
      if (problems.length) console.error(`[${name}] in the page:\n${problems.join('\n')}`)
      throw error
    }
  }

  async function signIn(identifier: string) {
    await formReady('login')
    await page.fill('input[name=username]', identifier)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.click('[data-test=login-submit]')
  }

  it('registers, signed out, and is sent to enter the mailed code', () => step('register', async () => {
    await page.goto(url('/register'))
    await formReady('register')
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.fill('input[name=confirmPassword]', GOOD_PASSWORD)
    await page.fill('input[name=email]', email)
    await page.click('[data-test=register-submit]')
    await page.waitForURL(target => target.pathname === '/verify-email' && target.searchParams.get('email') === email)
    await expect.poll(() => page.textContent('[data-test=verify-reason]')).toContain('注册成功')
    expect(await page.locator('[data-test=verify-signin-hint]').count()).toBe(1)
    expect((await page.context().cookies()).filter(cookie => cookie.name.startsWith('cw_'))).toEqual([])
    await mailbox.waitForMail(email)
  }))

  it('tries to log in first, and is sent to enter the code', () => step('login-unverified', async () => {
    await page.goto(url('/login'))
    await signIn(email)
    await page.waitForURL(target => target.pathname === '/verify-email' && target.searchParams.get('reason') === 'unverified')
    await expect.poll(() => page.textContent('[data-test=verify-reason]')).toContain('尚未验证')
    expect(await page.inputValue('input[name=email]')).toBe(email)
    expect((await page.context().cookies()).filter(cookie => cookie.name.startsWith('cw_'))).toEqual([])
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
