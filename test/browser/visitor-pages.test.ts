import { url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { startApp } from '../e2e/support'
import { openBrowser } from './support'

/*
 * A visitor's page answered from a kept render (server/rendering/visitor-pages.ts) carries this
 * answer's nonce: the browser runs its scripts, so the page comes alive as a rendered one does.
 */
describe('a visitor\'s page answered from a kept render', async () => {
  await startApp()
  const { openPage, step } = await openBrowser('visitor-pages')

  /** A visitor of their own (no cookies), with every script the page's policy refused. */
  async function visitor(): Promise<{ page: Page, refused: string[] }> {
    const page = await openPage({ locale: 'en-GB' })
    const refused: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refused.push(message.text())
    })
    return { page, refused }
  }

  it('runs its scripts for the next visitor: the form works and the server\'s answer shows', () => step('kept-login', async () => {
    const first = await visitor()
    for (const path of ['/register', '/login']) {
      await first.page.goto(url(path))
      await first.page.waitForSelector('button[type=submit]:not([disabled])')
    }

    // Asked the same (the same language, the same cookies): answered from the first one's renders.
    const next = await visitor()
    await next.page.goto(url('/register'))
    await next.page.waitForSelector('button[type=submit]:not([disabled])')
    expect(await next.page.getAttribute('html', 'lang')).toBe('en')
    await next.page.fill('input[name=username]', 'a')
    await next.page.locator('button[type=submit]').click()
    await expect.poll(() => next.page.locator('.el-form-item__error').count()).toBeGreaterThan(0)

    await next.page.goto(url('/login'))
    await next.page.waitForSelector('button[type=submit]:not([disabled])')
    await next.page.fill('input[name=username]', 'nobody-at-all')
    await next.page.fill('input[name=password]', 'not the password')
    await next.page.locator('button[type=submit]').click()
    await expect.poll(() => next.page.locator('[data-test=form-error]').count()).toBe(1)
    expect([...first.refused, ...next.refused]).toEqual([])
  }))
})
