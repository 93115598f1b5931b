import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox, type ReceivedMail } from './mailbox'
import { api, expectFailure, GOOD_PASSWORD, login, registerUser, startApp, uniqueName } from './support'

/*
 * Attack: five wrong codes kill the mailed code, so anyone who knows an address could keep its
 * owner out for good by guessing five times after every mail. Each mail must also carry a
 * one-click link whose token (128+ random bits) guessing codes cannot spend (shared/API.md).
 */

const SITE_URL = 'https://community.example'
const NEW_PASSWORD = 'a brand new passphrase'

/** The token of the mail's one-click link to `page`: at least 22 base64url characters (128 bits). */
function linkToken(mail: ReceivedMail, page: string): string {
  const pattern = new RegExp(`${SITE_URL}${page}\\?token=([A-Za-z0-9_-]+)`)
  const token = pattern.exec(mail.text)?.[1]
  expect(token, `no ${page}?token= link in: ${mail.text}`).toBeDefined()
  expect(token!.length).toBeGreaterThanOrEqual(22)
  expect(mail.html).toContain(`${SITE_URL}${page}?token=${token}`)
  return token!
}

describe('attack: five wrong codes lock the owner out of a mailed code', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url, NUXT_SITE_URL: SITE_URL })

  async function withEmail() {
    const email = `${uniqueName()}@example.com`
    const account = await registerUser({ email })
    return { ...account, email, verificationMail: await mailbox.waitForMail(email) }
  }
  const reset = (body: Record<string, unknown>) => api('/api/auth/reset-password', { body })

  it('keeps the mailed link working after five wrong codes have killed the code', async () => {
    const { email, token: accessToken } = await withEmail()
    await api('/api/auth/forgot-password', { body: { email } })
    const mail = await mailbox.waitForMail(email, 2)
    const code = await mailbox.codeFor(email, 2)
    const token = linkToken(mail, '/reset-password')

    for (let i = 1; i <= 5; i++) {
      const wrong = String((Number(code) + i) % 1_000_000).padStart(6, '0')
      expectFailure(await reset({ email, code: wrong, newPassword: NEW_PASSWORD }), 400, 'INVALID_CODE')
    }
    expectFailure(await reset({ email, code, newPassword: NEW_PASSWORD }), 400, 'INVALID_CODE')

    const response = await reset({ token, newPassword: NEW_PASSWORD })
    expect(response.status).toBe(200)
    expectFailure(await api('/api/auth/me', { token: accessToken }), 401, 'UNAUTHORIZED')
    expectFailure(await login(email, GOOD_PASSWORD), 401, 'INVALID_CREDENTIALS')
    expect((await login(email, NEW_PASSWORD)).status).toBe(200)

    expectFailure(await reset({ token, newPassword: 'yet another passphrase' }), 400, 'INVALID_CODE')
  })

  it('verifies the address with the token of the verification mail alone', async () => {
    const { email, verificationMail } = await withEmail()
    const token = linkToken(verificationMail, '/verify-email')
    const response = await api('/api/auth/verify-email', { body: { token } })
    expect(response.status).toBe(200)
    expect(response.body.data.user).toMatchObject({ email, emailVerified: true })
    expectFailure(await api('/api/auth/verify-email', { body: { token } }), 400, 'INVALID_CODE')
  })

  it('refuses an unknown token, and a body with both a code and a token', async () => {
    const { email, verificationMail } = await withEmail()
    const code = await mailbox.codeFor(email, 1)
    const token = linkToken(verificationMail, '/verify-email')
    expectFailure(await api('/api/auth/verify-email', { body: { token: 'A'.repeat(43) } }), 400, 'INVALID_CODE')
    expectFailure(await reset({ token: 'A'.repeat(43), newPassword: NEW_PASSWORD }), 400, 'INVALID_CODE')
    expectFailure(await api('/api/auth/verify-email', { body: { email, code, token } }), 400, 'INVALID_INPUT')
    expectFailure(await api('/api/auth/verify-email', { body: {} }), 400, 'INVALID_INPUT')
    // The verification link is not a reset link.
    expectFailure(await reset({ token, newPassword: NEW_PASSWORD }), 400, 'INVALID_CODE')
  })
})
