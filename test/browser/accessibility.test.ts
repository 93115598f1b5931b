import { url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { db, GOOD_PASSWORD, registerUser, startApp, uniqueMobile } from '../e2e/support'
import { expectAccessible, openBrowser, saveScreenshot } from './support'

const LANGUAGES = ['zh-CN', 'en'] as const
const SCHEMES = ['light', 'dark'] as const
const WIDTHS = [1280, 390] as const

/** Each page, and what shows that it is ready to be read (hydrated, its data loaded). */
const GUEST_PAGES: Record<string, string> = {
  '/login': '[data-test=login-submit]:not([disabled])',
  '/register': '[data-test=register-submit]:not([disabled])',
  '/forgot-password': '[data-test=forgot-submit]:not([disabled])',
  '/reset-password': '[data-test=reset-submit]:not([disabled])',
  '/verify-email': '[data-test=verify-submit]:not([disabled])',
}
const MEMBER_PAGES: Record<string, string> = {
  '/': '[data-test=home-username]',
  '/profile': '[data-test=session-row]',
  '/admin/users': '[data-test=user-table] tbody tr',
}

describe('every page for everyone: axe-core finds nothing serious, in both languages and schemes, wide and narrow', async () => {
  await startApp()
  const { openPage } = await openBrowser('a11y')
  const admin = { username: '' }

  beforeAll(async () => {
    // A super admin with every field filled, so that the profile and the user list show them all.
    const registered = await registerUser({ email: `a11y-${Date.now()}@example.com`, mobile: uniqueMobile() })
    admin.username = registered.username
    await (await db()).query('UPDATE users SET user_role = 0 WHERE id = ?', [registered.user.id])
  })

  /** A page of its own for one language, scheme and width; signed in as the admin when `member`. */
  async function pageFor(language: string, scheme: 'light' | 'dark', width: number, member: boolean): Promise<Page> {
    const page = await openPage({ locale: language, viewport: { width, height: 900 } })
    await page.context().addCookies([{ name: 'cw_lang', value: language, url: url('/') }])
    await page.emulateMedia({ colorScheme: scheme })
    if (member) {
      const response = await page.context().request.post(url('/api/auth/login'), {
        data: { username: admin.username, password: GOOD_PASSWORD },
        headers: { origin: new URL(url('/')).origin },
      })
      expect(response.status()).toBe(200)
    }
    return page
  }

  async function check(page: Page, path: string, ready: string, name: string) {
    await page.goto(url(path))
    await page.waitForSelector(ready)
    await page.waitForLoadState('networkidle')
    await saveScreenshot(page, name)
    await expectAccessible(page, name)
  }

  for (const language of LANGUAGES) {
    for (const scheme of SCHEMES) {
      for (const width of WIDTHS) {
        const combo = `${language}-${scheme}-${width}`
        it(`${combo}: signed-out pages`, async () => {
          const page = await pageFor(language, scheme, width, false)
          for (const [path, ready] of Object.entries(GUEST_PAGES)) {
            await check(page, path, ready, `${path.slice(1).replaceAll('/', '-')}-${combo}`)
          }
          // A refused password, as the checklist shows it.
          await page.goto(url('/register'))
          await page.waitForSelector(GUEST_PAGES['/register']!)
          await page.fill('input[name=password]', 'password123')
          await expect.poll(() => page.getAttribute('[data-test=password-check-common]', 'data-state')).toBe('failed')
          await saveScreenshot(page, `register-typed-${combo}`)
          await expectAccessible(page, `register-typed-${combo}`)
          await page.context().close()
        }, 180_000)

        it(`${combo}: signed-in pages`, async () => {
          const page = await pageFor(language, scheme, width, true)
          for (const [path, ready] of Object.entries(MEMBER_PAGES)) {
            await check(page, path, ready, `${path === '/' ? 'home' : path.slice(1).replaceAll('/', '-')}-${combo}`)
          }
          await page.context().close()
        }, 180_000)
      }
    }
  }
})
