import { url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from '../e2e/mailbox'
import { GOOD_PASSWORD, startApp, uniqueName } from '../e2e/support'
import { openBrowser } from './support'

/** Chinese characters and full-width punctuation. */
const CHINESE = /[\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF]/
/** Two Latin words in a row: the start of an English sentence. */
const ENGLISH_WORDS = /\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/

/**
 * The text a person sees on the page, less what is marked as another language on purpose (the
 * language switch names each language in itself, with its `lang`): the visible text nodes whose
 * nearest `lang` is the page's own, with the page's title, placeholders and accessible names.
 */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.documentElement
    const texts: string[] = [document.title]
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      if (!parent || parent.closest('[lang]') !== root || !parent.checkVisibility()) continue
      if (parent.closest('script, style, option')) continue
      texts.push(node.textContent ?? '')
    }
    for (const element of document.body.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (element.closest('[lang]') !== root || !(element as HTMLElement).checkVisibility()) continue
      for (const name of ['placeholder', 'aria-label', 'title']) texts.push(element.getAttribute(name) ?? '')
    }
    return texts.join('\n')
  })
}

/** What the language switch is found by: its accessible name holds "Language" or "语言". */
function languageSwitch(page: Page) {
  return page.getByRole('combobox', { name: /Language|语言/ })
}

describe('pages, API messages and mails in the person\'s language; the colour scheme', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url })
  const { openPage, step } = await openBrowser('languages')

  const english = await openPage({ locale: 'en-GB' })
  const chinese = await openPage({ locale: 'zh-CN' })

  async function open(page: Page, path: string) {
    await page.goto(url(path))
    await page.waitForSelector('button[type=submit]:not([disabled])')
  }

  async function register(page: Page, username: string) {
    await open(page, '/register')
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.fill('input[name=confirmPassword]', GOOD_PASSWORD)
    await page.fill('input[name=email]', `${username}@example.com`)
    await page.click('[data-test=register-submit]')
    await page.waitForURL(url('/'))
  }

  async function failLogin(page: Page): Promise<string> {
    await open(page, '/login')
    await page.fill('input[name=username]', uniqueName('nobody'))
    await page.fill('input[name=password]', 'not the password at all')
    await page.click('[data-test=login-submit]')
    await expect.poll(() => page.textContent('[data-test=form-error]')).toBeTruthy()
    return (await page.textContent('[data-test=form-error]'))!
  }

  it('renders English pages for an English browser, from the server on', () => step('english-pages', async () => {
    for (const path of ['/login', '/register', '/forgot-password']) {
      const response = await english.goto(url(path))
      const html = await response!.text()
      expect(html).toMatch(/<html[^>]* lang="en"/)
      expect(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/g, '').replace(/<option[^>]*lang="zh-CN"[^>]*>[^<]*<\/option>/g, '')).not.toMatch(CHINESE)
      await english.waitForSelector('button[type=submit]:not([disabled])')
      expect(await english.getAttribute('html', 'lang')).toBe('en')
      const text = await visibleText(english)
      expect(text.match(CHINESE)?.[0], path).toBeUndefined()
      expect(text).toMatch(ENGLISH_WORDS)
    }
    await english.goto(url('/no-such-page'))
    await english.waitForSelector('[data-test=error-page]')
    expect(await english.getAttribute('html', 'lang')).toBe('en')
    expect(await english.textContent('[data-test=error-page]')).toContain('Page not found')
    expect((await visibleText(english)).match(CHINESE)?.[0]).toBeUndefined()
  }))

  it('renders Chinese pages for a Chinese browser, with no English sentence', () => step('chinese-pages', async () => {
    for (const path of ['/login', '/register', '/forgot-password']) {
      await open(chinese, path)
      expect(await chinese.getAttribute('html', 'lang')).toBe('zh-CN')
      const text = await visibleText(chinese)
      expect(text, path).toMatch(CHINESE)
      expect(text.match(ENGLISH_WORDS)?.[0], path).toBeUndefined()
    }
    await chinese.goto(url('/no-such-page'))
    await chinese.waitForSelector('[data-test=error-page]')
    expect(await chinese.textContent('[data-test=error-page]')).toContain('页面不存在')
    expect((await visibleText(chinese)).match(ENGLISH_WORDS)?.[0]).toBeUndefined()
  }))

  it('shows API messages in the page\'s language', () => step('api-messages', async () => {
    expect(await failLogin(english)).toContain('Wrong account or password')
    expect(await failLogin(chinese)).toContain('账号或密码错误')
  }))

  it('mails in the language of the page that caused the mail, and the profile speaks it too', () => step('mails', async () => {
    const englishName = uniqueName('en')
    await register(english, englishName)
    const englishMail = await mailbox.waitForMail(`${englishName}@example.com`)
    expect(englishMail.subject).toContain('verification code')
    expect(`${englishMail.subject}\n${englishMail.text}`).not.toMatch(CHINESE)
    await english.goto(url('/profile'))
    await english.waitForSelector('[data-test=change-password-submit]:not([disabled])')
    await expect.poll(() => english.locator('[data-test=session-row]').count()).toBe(1)
    expect((await visibleText(english)).match(CHINESE)?.[0]).toBeUndefined()

    const chineseName = uniqueName('zh')
    await register(chinese, chineseName)
    const chineseMail = await mailbox.waitForMail(`${chineseName}@example.com`)
    expect(chineseMail.subject).toContain('验证码')
    expect(chineseMail.text).toContain('你好')
    expect(chineseMail.text).not.toMatch(/\bHello\b|\bcode is\b/)
    await chinese.goto(url('/profile'))
    await chinese.waitForSelector('[data-test=change-password-submit]:not([disabled])')
    await expect.poll(() => chinese.locator('[data-test=session-row]').count()).toBe(1)
    const text = await visibleText(chinese)
    // What the person typed (a name, an address) and their device (its name, its raw user agent
    // as a tooltip) are theirs, not the page's.
    const userAgent = await chinese.evaluate(() => navigator.userAgent)
    const own = text.replaceAll(chineseName, '').replaceAll(userAgent, '').replace(/Chrome \d+ · Linux/g, '')
    expect(own.match(ENGLISH_WORDS)?.[0]).toBeUndefined()
  }))

  it('switches the language at once from the header, remembers it, and API messages follow', () => step('switch', async () => {
    const page = await openPage({ locale: 'zh-CN' })
    await open(page, '/login')
    const select = languageSwitch(page)
    expect(await select.locator('option[lang="zh-CN"]').textContent()).toContain('中文')
    expect(await select.locator('option[lang="en"]').textContent()).toContain('English')

    await select.selectOption('en')
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en')
    await expect.poll(() => page.textContent('h1')).toBe('Log in')
    const cookie = (await page.context().cookies()).find(({ name }) => name === 'cw_lang')
    expect(cookie?.value).toBe('en')

    await page.reload()
    await page.waitForSelector('button[type=submit]:not([disabled])')
    expect(await page.textContent('h1')).toBe('Log in')
    expect(await visibleText(page)).not.toMatch(CHINESE)
    // The browser still asks for Chinese; the choice wins, for the API's messages and mails too.
    expect(await failLogin(page)).toContain('Wrong account or password')
    const email = `${uniqueName('switched')}@example.com`
    await page.request.post(url('/api/auth/register'), { data: { username: email.split('@')[0], password: GOOD_PASSWORD, email } })
    await mailbox.waitForMail(email)
    await open(page, '/forgot-password')
    await page.fill('input[name=email]', email)
    await page.click('[data-test=forgot-submit]')
    const reset = await mailbox.waitForMail(email, 2)
    expect(reset.subject).toContain('password reset code')
    expect(`${reset.subject}\n${reset.text}`).not.toMatch(CHINESE)

    expect(await page.textContent('h1')).toBe('Forgot your password')
    await languageSwitch(page).selectOption('zh-CN')
    await expect.poll(() => page.textContent('h1')).toBe('忘记密码')
  }))

  it('follows a dark device without the switch, before any script of the app runs', () => step('dark-system', async () => {
    const page = await openPage({ colorScheme: 'dark' })
    const refused: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refused.push(message.text())
    })
    await open(page, '/login')
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)')

    // Without the app's scripts only the inline head script can set it: no flash of light.
    await page.route('**/_nuxt/**', route => route.abort())
    await page.goto(url('/login'))
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)
    await page.unroute('**/_nuxt/**')
    expect(refused).toEqual([])

    const light = await openPage({ colorScheme: 'light' })
    await open(light, '/login')
    expect(await light.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false)
  }))

  it('lets the switch override the device\'s scheme, and remembers it', () => step('dark-switch', async () => {
    const page = await openPage({ colorScheme: 'dark' })
    await open(page, '/login')
    const select = page.getByRole('combobox', { name: '颜色模式' })
    await select.selectOption('light')
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false)
    await page.reload()
    await page.waitForSelector('button[type=submit]:not([disabled])')
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false)

    const light = await openPage({ colorScheme: 'light', locale: 'en' })
    await open(light, '/login')
    await light.getByRole('combobox', { name: 'Colour scheme' }).selectOption('dark')
    await expect.poll(() => light.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)
    const response = await light.reload()
    expect(await response!.text()).toMatch(/<html[^>]* class="dark"/)
    await light.waitForSelector('button[type=submit]:not([disabled])')
    expect(await light.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)

    await light.getByRole('combobox', { name: 'Colour scheme' }).selectOption('system')
    await expect.poll(() => light.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false)
  }))
})
