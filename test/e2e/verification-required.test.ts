import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from './mailbox'
import { api, db, expectFailure, GOOD_PASSWORD, login, startApp, uniqueName } from './support'

describe('with NUXT_REQUIRE_EMAIL_VERIFICATION=true', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url, NUXT_REQUIRE_EMAIL_VERIFICATION: 'true' })

  const register = (fields: Record<string, unknown>) =>
    api('/api/auth/register', { body: { username: uniqueName(), password: GOOD_PASSWORD, ...fields } })

  it('requires an email at registration', async () => {
    const response = await register({})
    expectFailure(response, 400, 'INVALID_INPUT')
    expect(response.body.details.fields).toHaveProperty('email')
  })

  it('registers with 201 { user } and no tokens or cookies, and mails a code', async () => {
    const email = `${uniqueName()}@example.com`
    const response = await register({ email })
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ success: true, code: 201, data: { user: { email, emailVerified: false } } })
    expect(Object.keys(response.body.data)).toEqual(['user'])
    expect(response.cookies).toEqual({})
    expect(await mailbox.codeFor(email)).toMatch(/^\d{6}$/)
  })

  it('answers EMAIL_NOT_VERIFIED to the right password until the code is confirmed, then logs in', async () => {
    const email = `${uniqueName()}@example.com`
    await register({ email })
    const code = await mailbox.codeFor(email)

    expectFailure(await login(email, 'a wrong password'), 401, 'INVALID_CREDENTIALS')
    const refused = await login(email, GOOD_PASSWORD)
    expectFailure(refused, 403, 'EMAIL_NOT_VERIFIED')
    expect(refused.cookies).toEqual({})
    expect(mailbox.mailsTo(email)).toHaveLength(1)

    expect((await api('/api/auth/verify-email', { body: { email, code } })).status).toBe(200)
    const response = await login(email, GOOD_PASSWORD)
    expect(response.status).toBe(200)
    expect(response.body.data.user.emailVerified).toBe(true)
  })

  it('mails a fresh code on a refused login once the last one is a minute old', async () => {
    const email = `${uniqueName()}@example.com`
    await register({ email })
    await mailbox.waitForMail(email)
    await (await db()).query('UPDATE verification_codes SET created_at = NOW(3) - INTERVAL 61 SECOND WHERE user_id = (SELECT id FROM users WHERE email = ?)', [email])

    expectFailure(await login(email, GOOD_PASSWORD), 403, 'EMAIL_NOT_VERIFIED')
    const code = await mailbox.codeFor(email, 2)
    expect((await api('/api/auth/verify-email', { body: { email, code } })).status).toBe(200)
    expect((await login(email, GOOD_PASSWORD)).status).toBe(200)
  })

  it('refuses to clear the email of an account', async () => {
    const email = `${uniqueName()}@example.com`
    await register({ email })
    await api('/api/auth/verify-email', { body: { email, code: await mailbox.codeFor(email) } })
    const { token } = (await login(email, GOOD_PASSWORD)).body.data
    const response = await api('/api/auth/me', { method: 'PATCH', body: { email: null }, token })
    expectFailure(response, 400, 'INVALID_INPUT')
    expect(response.body.details.fields).toHaveProperty('email')
  })
})
