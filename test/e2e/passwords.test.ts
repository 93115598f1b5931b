import bcrypt from 'bcryptjs'
import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from './mailbox'
import { api, db, expectFailure, GOOD_PASSWORD, login, registerUser, startApp, uniqueName, userRow } from './support'

const SITE_URL = 'https://community.example'
const NEW_PASSWORD = 'a brand new passphrase'

describe('forgetting and changing a password', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url, NUXT_SITE_URL: SITE_URL })

  /** A fresh account with an email address (its verification mail is mail #1). */
  async function withEmail() {
    const email = `${uniqueName()}@example.com`
    const account = await registerUser({ email })
    await mailbox.waitForMail(email)
    return { ...account, email }
  }

  const forgot = (email: string, headers: Record<string, string> = {}) => api('/api/auth/forgot-password', { body: { email }, headers })
  const reset = (email: string, code: string, newPassword = NEW_PASSWORD) =>
    api('/api/auth/reset-password', { body: { email, code, newPassword } })

  describe('POST /api/auth/forgot-password', () => {
    it('answers the same whether or not the address has an account, and mails only a real one', async () => {
      const { email } = await withEmail()
      const stranger = `${uniqueName()}@example.com`
      const known = await forgot(email)
      const unknown = await forgot(stranger)
      expect(known.status).toBe(200)
      expect(unknown.status).toBe(200)
      expect(unknown.body).toEqual(known.body)
      expect(known.body).toMatchObject({ success: true, code: 200, data: null })

      await mailbox.waitForMail(email, 2)
      expect(mailbox.mailsTo(stranger)).toHaveLength(0)
    })

    it('mails a reset code with a link built from NUXT_SITE_URL, never from the Host header', async () => {
      const { email } = await withEmail()
      await forgot(email, { 'host': 'evil.example', 'x-forwarded-host': 'evil.example' })
      const mail = await mailbox.waitForMail(email, 2)
      expect(mail.subject).toContain('重置密码')
      expect(mail.text).toContain(`${SITE_URL}/reset-password?email=${encodeURIComponent(email)}`)
      expect(mail.text + mail.html).not.toContain('evil.example')
    })

    it('sends nothing to a disabled account', async () => {
      const { user, email } = await withEmail()
      await (await db()).query('UPDATE users SET status = \'disabled\' WHERE id = ?', [user.id])
      expect((await forgot(email)).status).toBe(200)
      const { email: other } = await withEmail()
      await forgot(other)
      await mailbox.waitForMail(other, 2)
      expect(mailbox.mailsTo(email)).toHaveLength(1)
    })

    it('answers 400 INVALID_INPUT for a malformed address', async () => {
      const response = await forgot('not-an-address')
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields).toHaveProperty('email')
    })
  })

  describe('POST /api/auth/reset-password', () => {
    it('sets the new password, ends every session, verifies the address, and mails a notice', async () => {
      const { user, email, token, refreshToken } = await withEmail()
      const second = await login(email, GOOD_PASSWORD)
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)

      const response = await reset(email, code)
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ success: true, code: 200, data: null })

      expectFailure(await api('/api/auth/me', { token }), 401, 'UNAUTHORIZED')
      expectFailure(await api('/api/auth/me', { token: second.body.data.token }), 401, 'UNAUTHORIZED')
      expectFailure(await api('/api/auth/refresh', { body: { refreshToken } }), 401, 'INVALID_REFRESH_TOKEN')
      expectFailure(await login(email, GOOD_PASSWORD), 401, 'INVALID_CREDENTIALS')
      expect((await login(email, NEW_PASSWORD)).status).toBe(200)

      const row = await userRow(user.id)
      expect(await bcrypt.compare(NEW_PASSWORD, row.password)).toBe(true)
      expect(row.email_verified_at).toBeInstanceOf(Date)
      const notice = await mailbox.waitForMail(email, 3)
      expect(notice.subject).toContain('密码已修改')
      expect(notice.text).toContain(`${SITE_URL}/forgot-password`)
    })

    it('spends the code: the same code twice is refused', async () => {
      const { email } = await withEmail()
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)
      expect((await reset(email, code)).status).toBe(200)
      expectFailure(await reset(email, code, 'yet another passphrase'), 400, 'INVALID_CODE')
    })

    it('lets exactly one of two parallel resets with one code succeed', async () => {
      const { email } = await withEmail()
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)
      const answers = await Promise.all([reset(email, code, 'first parallel passphrase'), reset(email, code, 'second parallel passphrase')])
      expect(answers.map(answer => answer.status).sort()).toEqual([200, 400])
      const winner = answers.find(answer => answer.status === 200) === answers[0] ? 'first' : 'second'
      expect((await login(email, `${winner} parallel passphrase`)).status).toBe(200)
    })

    it('refuses a weak password without spending the code', async () => {
      const { email } = await withEmail()
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)
      const weak = await reset(email, code, 'password')
      expectFailure(weak, 400, 'INVALID_PASSWORD')
      expect(weak.body.details).toMatchObject({ minLength: 8, maxBytes: 72 })
      expect((await reset(email, code)).status).toBe(200)
    })

    it('refuses a wrong, expired, foreign or verification code', async () => {
      const { user, email } = await withEmail()
      const verificationCode = await mailbox.codeFor(email, 1)
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)
      if (verificationCode !== code) expectFailure(await reset(email, verificationCode), 400, 'INVALID_CODE')

      const other = await withEmail()
      expectFailure(await reset(other.email, code), 400, 'INVALID_CODE')
      expectFailure(await reset(`${uniqueName()}@example.com`, code), 400, 'INVALID_CODE')

      await (await db()).query('UPDATE verification_codes SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE user_id = ? AND purpose = \'reset_password\'', [user.id])
      expectFailure(await reset(email, code), 400, 'CODE_EXPIRED')
      expectFailure(await login(email, NEW_PASSWORD), 401, 'INVALID_CREDENTIALS')
    })

    it('tells nothing about the account before the code is proved: a known and an unknown address answer alike', async () => {
      const { email, username } = await withEmail()
      const stranger = `${uniqueName()}@example.com`
      for (const newPassword of [username, NEW_PASSWORD]) {
        const known = await reset(email, '000000', newPassword)
        const unknown = await reset(stranger, '000000', newPassword)
        expectFailure(known, 400, 'INVALID_CODE')
        expect(unknown.body).toEqual(known.body)
      }
    })

    it('says CODE_EXPIRED only to the holder of the right code', async () => {
      const { user, email } = await withEmail()
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)
      await (await db()).query('UPDATE verification_codes SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE user_id = ?', [user.id])
      expectFailure(await reset(email, code === '123456' ? '654321' : '123456'), 400, 'INVALID_CODE')
      expectFailure(await reset(email, code), 400, 'CODE_EXPIRED')
    })

    it('checks the rules that need the account only with the right code, and keeps the code when they fail', async () => {
      const { email, username } = await withEmail()
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)
      const sameAsName = await reset(email, code, username)
      expectFailure(sameAsName, 400, 'INVALID_PASSWORD')
      expect(sameAsName.body.details.violations).toContain('sameAsUsername')
      expect((await reset(email, code)).status).toBe(200)
    })

    it('refuses a disabled account\'s code', async () => {
      const { user, email } = await withEmail()
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)
      await (await db()).query('UPDATE users SET status = \'disabled\' WHERE id = ?', [user.id])
      expectFailure(await reset(email, code), 400, 'INVALID_CODE')
    })

    it('counts parallel wrong tries exactly: the right code after them is dead', async () => {
      const { user, email } = await withEmail()
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)
      const wrong = code === '999999' ? '999998' : '999999'
      await Promise.all(Array.from({ length: 12 }, () => reset(email, wrong)))
      const [[row]] = await (await db()).query<any[]>('SELECT failed_attempts FROM verification_codes WHERE user_id = ? AND purpose = \'reset_password\'', [user.id])
      expect(row.failed_attempts).toBe(5)
      expectFailure(await reset(email, code), 400, 'INVALID_CODE')
    })

    it('kills the code after five wrong tries', async () => {
      const { email } = await withEmail()
      await forgot(email)
      const code = await mailbox.codeFor(email, 2)
      const wrong = code === '999999' ? '999998' : '999999'
      for (let attempt = 1; attempt <= 5; attempt++) expectFailure(await reset(email, wrong), 400, 'INVALID_CODE')
      expectFailure(await reset(email, code), 400, 'INVALID_CODE')
    })

    it('kills the old code when a new one is asked for', async () => {
      const { email } = await withEmail()
      await forgot(email)
      const first = await mailbox.codeFor(email, 2)
      await forgot(email)
      const second = await mailbox.codeFor(email, 3)
      if (first !== second) expectFailure(await reset(email, first), 400, 'INVALID_CODE')
      expect((await reset(email, second)).status).toBe(200)
    })
  })

  describe('POST /api/auth/change-password', () => {
    const change = (token: string | undefined, currentPassword: string, newPassword: string) =>
      api('/api/auth/change-password', { body: { currentPassword, newPassword }, token })

    it('needs a session', async () => {
      expectFailure(await change(undefined, GOOD_PASSWORD, NEW_PASSWORD), 401, 'UNAUTHORIZED')
    })

    it('refuses a wrong current password with INVALID_CREDENTIALS, and a weak new one with INVALID_PASSWORD', async () => {
      const { token, username } = await withEmail()
      expectFailure(await change(token, 'not my password', NEW_PASSWORD), 401, 'INVALID_CREDENTIALS')
      expectFailure(await change(token, GOOD_PASSWORD, username), 400, 'INVALID_PASSWORD')
      expectFailure(await change(token, GOOD_PASSWORD, ''), 400, 'INVALID_INPUT')
      expect((await api('/api/auth/me', { token })).status).toBe(200)
    })

    it('changes it, keeps this session, ends every other one, and mails a notice', async () => {
      const { user, email, token, username } = await withEmail()
      const other = await login(username, GOOD_PASSWORD)
      const before = await userRow(user.id)
      await new Promise(resolve => setTimeout(resolve, 1000))

      const response = await change(token, GOOD_PASSWORD, NEW_PASSWORD)
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ success: true, code: 200, data: null })

      expect((await api('/api/auth/me', { token })).status).toBe(200)
      expectFailure(await api('/api/auth/me', { token: other.body.data.token }), 401, 'UNAUTHORIZED')
      expectFailure(await api('/api/auth/refresh', { body: { refreshToken: other.body.data.refreshToken } }), 401, 'INVALID_REFRESH_TOKEN')
      expectFailure(await login(username, GOOD_PASSWORD), 401, 'INVALID_CREDENTIALS')
      expect((await login(username, NEW_PASSWORD)).status).toBe(200)
      expect((await userRow(user.id)).update_time.getTime()).toBeGreaterThan(before.update_time.getTime())

      const notice = await mailbox.waitForMail(email, 2)
      expect(notice.subject).toContain('密码已修改')
    })
  })
})
