import { url } from '@nuxt/test-utils/e2e'
import { decodeJwt } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from '../e2e/mailbox'
import { api, db, GOOD_PASSWORD, login, registerUser, startApp, uniqueMobile, uniqueName } from '../e2e/support'
import { openBrowser } from './support'

const RESET_PASSWORD = 'a brand new passphrase after forgetting'
const CHANGED_PASSWORD = 'another passphrase from the profile page'
const LINK_PASSWORD = 'a passphrase set through the mailed link'

describe('a person looking after their account in the browser', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url })
  const { page, step, formReady, openForm, sessionCookies } = await openBrowser('account')

  const username = uniqueName('account')
  const email = `${username}@example.com`

  /** The code of the next mail to `email`, once `action` has made the server send it. */
  async function nextCode(action: () => Promise<void>): Promise<string> {
    const count = mailbox.mailsTo(email).length + 1
    await action()
    return mailbox.codeFor(email, count)
  }

  async function userRow() {
    const [rows] = await (await db()).query<any[]>('SELECT * FROM users WHERE username = ?', [username])
    return rows[0]
  }

  it('registers with an email, is mailed a code and reminded to verify it', () => step('register', async () => {
    await openForm('/register')
    await page.fill('input[name=username]', username)
    await page.fill('input[name=password]', GOOD_PASSWORD)
    await page.fill('input[name=confirmPassword]', GOOD_PASSWORD)
    await page.fill('input[name=email]', email)
    await page.click('button[type=submit]')
    await page.waitForURL(url('/'))
    await expect.poll(() => page.textContent('[data-test=email-unverified-banner]')).toContain(email)
    expect((await mailbox.waitForMail(email)).to).toEqual([email])
  }))

  it('asks for another code, verifies with it, and the reminder goes', () => step('verify', async () => {
    await page.click('[data-test=verify-email-link]')
    await page.waitForURL(target => target.pathname === '/verify-email')
    await formReady('verify')
    expect(await page.inputValue('input[name=email]')).toBe(email)

    const code = await nextCode(() => page.click('[data-test=resend-code]'))
    await expect.poll(() => page.textContent('[data-test=resend-code]')).toMatch(/重新发送（\d+ 秒）/)
    expect(await page.isDisabled('[data-test=resend-code]')).toBe(true)

    await page.fill('input[name=code]', code)
    await page.click('[data-test=verify-submit]')
    await page.waitForURL(url('/'))
    await expect.poll(() => page.textContent('[data-test=home-username]')).toBe(username)
    expect(await page.locator('[data-test=email-unverified-banner]').count()).toBe(0)
    expect((await userRow()).email_verified_at).not.toBeNull()
  }))

  it('changes the mobile number and gender on the profile page', () => step('profile-details', async () => {
    const mobile = uniqueMobile()
    await page.click('[data-test=home-profile-link]')
    await page.waitForURL(url('/profile'))
    await formReady('profile')
    await page.fill('[data-test=profile-form] input[name=mobile]', mobile)
    await page.click('[data-test=profile-gender] label:has(input[value="2"])')
    await page.click('[data-test=profile-submit]')
    await page.locator('.el-message--success', { hasText: '资料已保存' }).waitFor()
    expect(await page.inputValue('[data-test=profile-form] input[name=mobile]')).toBe(mobile)
    const row = await userRow()
    expect({ mobile: row.mobile, gender: row.gender, email: row.email }).toEqual({ mobile, gender: 2, email })
    expect(row.email_verified_at).not.toBeNull()
  }))

  it('lists this device and another one, and signs the other one out', () => step('sessions', async () => {
    const other = await login(username, GOOD_PASSWORD)
    expect(other.status).toBe(200)
    const otherId = decodeJwt(other.body.data.token).sid as string
    await page.reload()
    const rows = page.locator('[data-test=session-row]')
    await expect.poll(() => rows.count()).toBe(2)
    await expect.poll(() => page.textContent('[data-test=session-row][data-current=true]')).toContain('当前设备')
    expect(await page.textContent('[data-test=session-row][data-current=true] [data-test=session-device]')).toMatch(/^Chrome \d+ · Linux$/)

    await page.click(`[data-session-id="${otherId}"] [data-test=session-revoke]`)
    await page.click('.el-message-box__btns .el-button--primary')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await page.locator(`[data-session-id="${otherId}"]`).count()).toBe(0)
    expect((await api('/api/auth/me', { token: other.body.data.token })).status).toBe(401)
  }))

  it('forgets the password, resets it with the mailed code and signs in with the new one', () => step('reset', async () => {
    await page.click('[data-test=logout]')
    await page.waitForURL(url('/login'))
    await page.click('[data-test=forgot-link]')
    await page.waitForURL(url('/forgot-password'))
    await formReady('forgot')
    await page.fill('input[name=email]', email)
    const code = await nextCode(() => page.click('[data-test=forgot-submit]'))
    await expect.poll(() => page.textContent('[data-test=forgot-sent]')).toContain(email)

    await page.click('[data-test=reset-link]')
    await page.waitForURL(target => target.pathname === '/reset-password' && target.searchParams.get('email') === email)
    await formReady('reset')
    expect(await page.inputValue('input[name=email]')).toBe(email)
    await page.fill('input[name=code]', code === '000000' ? '111111' : '000000')
    await page.fill('input[name=newPassword]', RESET_PASSWORD)
    await page.fill('input[name=confirmPassword]', RESET_PASSWORD)
    await page.click('[data-test=reset-submit]')
    // A wrong code is said on the code field, not again above the form.
    await expect.poll(() => page.textContent('[data-test=reset-form] .el-form-item.is-error')).toBeTruthy()
    expect(await page.locator('[data-test=form-error]').count()).toBe(0)
    expect(new URL(page.url()).pathname).toBe('/reset-password')

    await page.fill('input[name=code]', code)
    await page.click('[data-test=reset-submit]')
    await page.waitForURL(target => target.pathname === '/login' && target.searchParams.get('reset') === '1')
    await expect.poll(() => page.textContent('[data-test=login-notice]')).toContain('密码已重设')
    expect((await login(username, GOOD_PASSWORD)).status).toBe(401)

    await formReady('login')
    await page.fill('input[name=username]', email)
    await page.fill('input[name=password]', RESET_PASSWORD)
    await page.click('[data-test=login-submit]')
    await page.waitForURL(url('/'))
    await expect.poll(() => page.textContent('[data-test=home-username]')).toBe(username)
  }))

  it('changes the password on the profile page, refused first with a wrong current one', () => step('change-password', async () => {
    await openForm('/profile', 'change-password')
    await page.fill('input[name=currentPassword]', 'not the current password')
    await page.fill('input[name=newPassword]', CHANGED_PASSWORD)
    await page.fill('input[name=confirmPassword]', CHANGED_PASSWORD)
    await page.click('[data-test=change-password-submit]')
    await expect.poll(() => page.textContent('[data-test=profile-password] .el-form-item.is-error')).toContain('当前密码不正确')

    await page.fill('input[name=currentPassword]', RESET_PASSWORD)
    await page.click('[data-test=change-password-submit]')
    // Two bcrypt rounds (check the current password, hash the new one): slow on a busy machine.
    await expect.poll(() => page.inputValue('input[name=currentPassword]'), { timeout: 10_000 }).toBe('')
    expect(page.url()).toBe(url('/profile'))
    expect((await login(username, RESET_PASSWORD)).status).toBe(401)
    expect((await login(username, CHANGED_PASSWORD)).status).toBe(200)
    // This tab's session survives the change.
    await page.reload()
    await expect.poll(() => page.textContent('[data-test=detail-username]')).toBe(username)
  }))

  it('signs this device out from the sessions list and lands on the login page', () => step('revoke-current', async () => {
    const sid = decodeJwt((await page.context().cookies()).find(cookie => cookie.name === 'cw_access')!.value).sid
    await page.click('[data-test=session-row][data-current=true] [data-test=session-revoke]')
    await page.click('.el-message-box__btns .el-button--primary')
    await page.waitForURL(url('/login'))
    expect(await sessionCookies()).toEqual([])
    const [rows] = await (await db()).query<any[]>('SELECT revoked_at FROM sessions WHERE id = ?', [sid])
    expect(rows[0].revoked_at).not.toBeNull()
    await expect.poll(() => page.locator('[data-test=nav-login]').count()).toBe(1)
  }))

  it('opens the one-click link of a reset mail and sets a new password with nothing else typed', () => step('reset-link', async () => {
    // A second account: the first was mailed a reset code a moment ago (one mail a minute).
    const other = uniqueName('account')
    const otherEmail = `${other}@example.com`
    await registerUser({ username: other, email: otherEmail })
    await mailbox.waitForMail(otherEmail)
    await api('/api/auth/forgot-password', { body: { email: otherEmail } })
    const mail = await mailbox.waitForMail(otherEmail, 2)
    const token = /\/reset-password\?token=([\w-]+)/.exec(mail.text)?.[1]
    expect(token).toBeTruthy()

    await openForm(`/reset-password?token=${token}`, 'reset')
    expect(await page.locator('input[name=email]').count()).toBe(0)
    expect(await page.locator('input[name=code]').count()).toBe(0)
    await page.fill('input[name=newPassword]', LINK_PASSWORD)
    await page.fill('input[name=confirmPassword]', LINK_PASSWORD)
    await page.click('[data-test=reset-submit]')
    await page.waitForURL(target => target.pathname === '/login' && target.searchParams.get('reset') === '1')
    expect((await login(other, GOOD_PASSWORD)).status).toBe(401)
    expect((await login(other, LINK_PASSWORD)).status).toBe(200)
  }))
})
