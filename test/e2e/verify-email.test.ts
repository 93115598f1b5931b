import { createHash } from 'node:crypto'
import type mysql from 'mysql2/promise'
import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from './mailbox'
import { api, db, expectFailure, registerUser, startApp, uniqueName, userRow } from './support'

const SITE_URL = 'https://community.example'

describe('email verification', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url, NUXT_SITE_URL: SITE_URL })

  /** A fresh account with an email, and the code registration mailed to it. */
  async function registered() {
    const email = `${uniqueName()}@example.com`
    const account = await registerUser({ email })
    const code = await mailbox.codeFor(email)
    return { ...account, email, code }
  }

  const verify = (email: string, code: string) => api('/api/auth/verify-email', { body: { email, code } })
  const sendCode = (token?: string) => api('/api/auth/verify-email/send', { method: 'POST', token })

  async function codeRows(userId: number) {
    const [rows] = await (await db()).query<mysql.RowDataPacket[]>('SELECT * FROM verification_codes WHERE user_id = ?', [userId])
    return rows
  }

  it('mails a 6-digit code at registration, in Chinese, with a link to the page built from NUXT_SITE_URL', async () => {
    const email = `${uniqueName()}@Example.com`
    const account = await registerUser({ email })
    expect(account.user.emailVerified).toBe(false)
    const mail = await mailbox.waitForMail(email)
    expect(mail.from).toBe('no-reply@localhost')
    expect(mail.subject).toContain('验证码')
    expect(mail.text).toMatch(/\b\d{6}\b/)
    expect(mail.text).toContain(`${SITE_URL}/verify-email?email=${encodeURIComponent(email.toLowerCase())}`)
    expect(mail.html).toContain('<a href=')
  })

  it('keeps only a keyed hash of the code, never the code', async () => {
    const { user, code } = await registered()
    const [row] = await codeRows(user.id)
    expect(row).toMatchObject({ purpose: 'verify_email', failed_attempts: 0 })
    expect(row!.code_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(row!.code_hash).not.toBe(createHash('sha256').update(code).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(code)
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBe(15 * 60_000)
  })

  it('verifies the address with the right code, once', async () => {
    const { user, email, code } = await registered()
    const response = await verify(email.toUpperCase(), code)
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ success: true, code: 200, data: { user: { id: user.id, emailVerified: true } } })
    expect((await userRow(user.id)).email_verified_at).toBeInstanceOf(Date)
    expect(await codeRows(user.id)).toHaveLength(0)

    expectFailure(await verify(email, code), 400, 'INVALID_CODE')
  })

  it('refuses a wrong code, and the code is dead after five wrong tries', async () => {
    const { email, code } = await registered()
    const wrong = code === '000000' ? '111111' : '000000'
    for (let attempt = 1; attempt <= 5; attempt++) expectFailure(await verify(email, wrong), 400, 'INVALID_CODE')
    expectFailure(await verify(email, code), 400, 'INVALID_CODE')
  })

  it('counts parallel wrong tries exactly: a sixth guess never gets through', async () => {
    const { user, email, code } = await registered()
    const wrong = code === '000000' ? '111111' : '000000'
    await Promise.all(Array.from({ length: 8 }, () => verify(email, wrong)))
    expect((await codeRows(user.id))[0]!.failed_attempts).toBe(5)
    expectFailure(await verify(email, code), 400, 'INVALID_CODE')
  })

  it('answers CODE_EXPIRED after 15 minutes', async () => {
    const { user, email, code } = await registered()
    await (await db()).query('UPDATE verification_codes SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE user_id = ?', [user.id])
    expectFailure(await verify(email, code), 400, 'CODE_EXPIRED')
  })

  it('binds a code to its account: another account\'s address with it is refused', async () => {
    const first = await registered()
    const second = await registered()
    expectFailure(await verify(second.email, first.code), 400, 'INVALID_CODE')
    expect((await userRow(second.user.id)).email_verified_at).toBeNull()
  })

  it('binds a code to its purpose: a reset code does not verify the address', async () => {
    const { email, code } = await registered()
    await api('/api/auth/forgot-password', { body: { email } })
    const resetCode = await mailbox.codeFor(email, 2)
    if (resetCode !== code) expectFailure(await verify(email, resetCode), 400, 'INVALID_CODE')
    expect((await verify(email, code)).status).toBe(200)
  })

  it('answers INVALID_CODE for an address no account has, and INVALID_INPUT for a malformed code', async () => {
    expectFailure(await verify(`${uniqueName()}@example.com`, '123456'), 400, 'INVALID_CODE')
    const malformed = await verify('someone@example.com', '12345')
    expectFailure(malformed, 400, 'INVALID_INPUT')
    expect(malformed.body.details.fields).toHaveProperty('code')
  })

  describe('POST /api/auth/verify-email/send', () => {
    it('needs a session', async () => {
      expectFailure(await sendCode(), 401, 'UNAUTHORIZED')
    })

    it('mails a new code, which kills the one before it', async () => {
      const { token, email, code: first } = await registered()
      const response = await sendCode(token)
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ success: true, code: 200, data: null })
      const second = await mailbox.codeFor(email, 2)
      if (second !== first) expectFailure(await verify(email, first), 400, 'INVALID_CODE')
      expect((await verify(email, second)).status).toBe(200)
    })

    it('mails in English when the request prefers it', async () => {
      const { token, email } = await registered()
      await api('/api/auth/verify-email/send', { method: 'POST', token, headers: { 'accept-language': 'en-US,en;q=0.9' } })
      const mail = await mailbox.waitForMail(email, 2)
      expect(mail.subject).toContain('verification code')
      expect(mail.text).toContain('Your email verification code is')
    })

    it('answers 400 for an account without an address, and sends nothing once verified', async () => {
      const bare = await registerUser()
      const response = await sendCode(bare.token)
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields).toHaveProperty('email')

      const { token, email, code } = await registered()
      await verify(email, code)
      const again = await sendCode(token)
      expect(again.status).toBe(200)
      await new Promise(resolve => setTimeout(resolve, 500))
      expect(mailbox.mailsTo(email)).toHaveLength(1)
    })
  })
})
