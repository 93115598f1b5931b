import { url } from '@nuxt/test-utils/e2e'
import { afterAll, describe, expect, it } from 'vitest'
import { startOpenIdProvider } from '../e2e/oidc-provider'
import { freePort } from '../e2e/server-process'
import { startApp, uniqueName } from '../e2e/support'
import { openBrowser } from './support'

// A person signs in with the site's OpenID Connect provider from the login page's button.
describe('third-party sign-in in the browser', async () => {
  const port = await freePort()
  const site = `http://127.0.0.1:${port}`
  const idp = await startOpenIdProvider(`${site}/api/auth/oauth/oidc/callback`)
  afterAll(() => idp.close())
  await startApp({
    NUXT_SITE_URL: site,
    NUXT_OAUTH_OIDC_ISSUER: idp.issuer,
    NUXT_OAUTH_OIDC_CLIENT_ID: idp.clientId,
    NUXT_OAUTH_OIDC_CLIENT_SECRET: idp.clientSecret,
    NUXT_OAUTH_OIDC_NAME: 'Test SSO',
  }, { port })
  const { page, step, openForm } = await openBrowser('oauth')
  const username = uniqueName('sso')

  it('offers the provider on /login and signs in through it, landing on the signed-in home', () => step('sign-in', async () => {
    await openForm('/login')
    const button = page.locator('[data-test=provider-oidc]')
    await expect.poll(() => button.textContent()).toContain('使用Test SSO登录')
    idp.nextSignIn({ sub: `sub-${username}`, preferred_username: username, email: `${username}@idp.example`, email_verified: true })
    await button.click()
    await page.waitForURL(url('/'))
    await expect.poll(() => page.textContent('[data-test=home-username]')).toBe(username)
  }))

  it('shows the linked account on /profile, and offers to set a password', () => step('profile', async () => {
    await page.goto(url('/profile'))
    await expect.poll(() => page.textContent('[data-test=linked-oidc]')).toContain(username)
    await page.waitForSelector('[data-test=unlink-oidc]')
    await page.waitForSelector('[data-test=set-password]')
    expect(await page.locator('[data-test=profile-password]').count(), 'no current password to ask for').toBe(0)
  }))

  it('explains a failed sign-in in words on /login, in both languages', () => step('error', async () => {
    const visitor = await (await page.context().browser()!.newContext({ locale: 'zh-CN' })).newPage()
    await visitor.goto(url('/login?error=EMAIL_ALREADY_EXISTS'))
    await expect.poll(() => visitor.textContent('[data-test=provider-error]')).toContain('本站已有账号使用该第三方账号的邮箱')
    await visitor.context().addCookies([{ name: 'cw_lang', value: 'en', url: site }])
    await visitor.goto(url('/login?error=CSRF_REJECTED'))
    await expect.poll(() => visitor.textContent('[data-test=provider-error]')).toContain('it took longer than 10 minutes')
    await visitor.close()
  }))
})
