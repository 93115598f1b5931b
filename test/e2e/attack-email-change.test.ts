import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from './mailbox'
import { api, expectFailure, GOOD_PASSWORD, login, registerUser, startApp, uniqueName, userRow } from './support'

const SITE_URL = 'https://community.example'
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const ATTACKER_ADDRESS = '203.0.113.77'

/*
 * The attack: an access token is stolen (an XSS, a shared computer, a leaked log). Without the
 * password, the thief moves the account's email to an address they hold, then forgot/reset on it
 * takes the account for good, and the owner's address never hears of it.
 */
describe('attack: a stolen access token changes the email and takes the account', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url, NUXT_SITE_URL: SITE_URL, NUXT_TRUST_PROXY: 'true' })

  /** A victim with a verified address (its verification mail is mail #1), and a thief holding only its access token. */
  async function victim() {
    const email = `${uniqueName('victim')}@example.com`
    const account = await registerUser({ email })
    const code = await mailbox.codeFor(email)
    expect((await api('/api/auth/verify-email', { body: { email, code } })).status).toBe(200)
    return { ...account, email }
  }

  const patchMe = (token: string, body: unknown) => api('/api/auth/me', {
    method: 'PATCH', body, token, headers: { 'user-agent': IPHONE, 'x-forwarded-for': ATTACKER_ADDRESS },
  })

  it('needs the current password: without it, 400 on currentPassword and the email stays', async () => {
    const { token, user, email } = await victim()
    const stolen = `${uniqueName('thief')}@example.com`
    const response = await patchMe(token, { email: stolen })
    expectFailure(response, 400, 'INVALID_INPUT')
    expect(response.body.details.fields).toHaveProperty('currentPassword')
    expect(await userRow(user.id)).toMatchObject({ email })

    // Clearing the address takes away the owner's reset as surely: it needs the password too.
    const cleared = await patchMe(token, { email: null })
    expectFailure(cleared, 400, 'INVALID_INPUT')
    expect(cleared.body.details.fields).toHaveProperty('currentPassword')
    expect(await userRow(user.id)).toMatchObject({ email })
    expect(mailbox.mailsTo(stolen)).toHaveLength(0)
  })

  it('answers a wrong password 401, and five wrong ones lock the account', async () => {
    const { token, user, username, email } = await victim()
    const stolen = `${uniqueName('thief')}@example.com`
    for (let guess = 1; guess <= 5; guess++) {
      expectFailure(await patchMe(token, { email: stolen, currentPassword: `guess number ${guess}` }), 401, 'INVALID_CREDENTIALS')
    }
    expect(await userRow(user.id)).toMatchObject({ email })
    expectFailure(await login(username, GOOD_PASSWORD), 429, 'TOO_MANY_REQUESTS')
    expectFailure(await patchMe(token, { email: stolen, currentPassword: GOOD_PASSWORD }), 429, 'TOO_MANY_REQUESTS')
    expect(await userRow(user.id)).toMatchObject({ email })
  })

  it('with the right password changes it, tells the old address (no code in it) and sends the code to the new one', async () => {
    const { token, user, username, email } = await victim()
    const newEmail = `${uniqueName('moved')}@example.com`
    const before = Date.now()
    const response = await patchMe(token, { email: newEmail, currentPassword: GOOD_PASSWORD })
    expect(response.status).toBe(200)
    expect(response.body.data.user).toMatchObject({ email: newEmail, emailVerified: false })
    expect(await userRow(user.id)).toMatchObject({ email: newEmail, email_verified_at: null })

    const notice = await mailbox.waitForMail(email, 2)
    expect(notice.text).toContain(username)
    // The new address masked: the owner knows their own address by it; whoever reads an old, shared or former work mailbox learns nothing to use.
    expect(notice.text).toContain(`${newEmail[0]}***@example.com`)
    expect(notice.text).not.toContain(newEmail)
    expect(notice.text).toContain(ATTACKER_ADDRESS)
    expect(notice.text).toContain('Safari 17 · iPhone')
    const at = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})/.exec(notice.text)?.[1]
    expect(Math.abs(Date.parse(`${at}Z`) - before)).toBeLessThan(60_000)
    // Where to undo it: the old address can no longer reset the password, so the owner signs in and changes it back.
    expect(notice.text).toContain(`${SITE_URL}/profile`)
    expect(notice.text).not.toMatch(/\b\d{6}\b/)
    expect(notice.html).not.toMatch(/\b\d{6}\b/)

    const code = await mailbox.codeFor(newEmail)
    const verified = await api('/api/auth/verify-email', { body: { email: newEmail, code } })
    expect(verified.body.data.user).toMatchObject({ email: newEmail, emailVerified: true })
  })

  it('tells the old address when the email is cleared, and asks no password for the other fields', async () => {
    const { token, user, email } = await victim()
    expect((await patchMe(token, { gender: 2, mobile: null, email: email.toUpperCase() })).status).toBe(200)
    expect((await patchMe(token, { email: null, currentPassword: GOOD_PASSWORD })).status).toBe(200)
    expect(await userRow(user.id)).toMatchObject({ email: null, gender: 2 })
    const notice = await mailbox.waitForMail(email, 2)
    expect(notice.text).not.toMatch(/\b\d{6}\b/)
    expect(notice.text).toContain(ATTACKER_ADDRESS)
  })
})
