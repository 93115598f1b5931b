import { url } from '@nuxt/test-utils/e2e'
import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from './mailbox'
import {
  api, expectFailure, GOOD_PASSWORD, login, parseSetCookie, registerUser, startApp, uniqueMobile, uniqueName, userRow,
} from './support'

describe('the signed-in account', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url })

  const patchMe = (token: string | undefined, body: unknown) => api('/api/auth/me', { method: 'PATCH', body, token })

  describe('PATCH /api/auth/me', () => {
    it('needs a session', async () => {
      expectFailure(await patchMe(undefined, { gender: 1 }), 401, 'UNAUTHORIZED')
    })

    it('changes mobile, gender and avatar, and answers the user', async () => {
      const { token, user } = await registerUser()
      const mobile = uniqueMobile()
      const response = await patchMe(token, { mobile: ` ${mobile} `, gender: 2, avatar: 'https://cdn.example.com/a.png' })
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({
        success: true,
        code: 200,
        data: { user: { id: user.id, mobile, gender: 2, avatar: 'https://cdn.example.com/a.png' } },
      })
      expect(await userRow(user.id)).toMatchObject({ mobile, gender: 2, avatar: 'https://cdn.example.com/a.png' })
      expect((await api('/api/auth/me', { token })).body.data.user).toMatchObject({ mobile, gender: 2 })
    })

    it('clears a field given as null or an empty string, and leaves out fields as they are', async () => {
      const { token, user } = await registerUser({ mobile: uniqueMobile(), gender: 1 })
      await patchMe(token, { avatar: '/avatars/me.png' })
      const response = await patchMe(token, { mobile: null, avatar: '' })
      expect(response.status).toBe(200)
      expect(response.body.data.user).toMatchObject({ mobile: null, avatar: null, gender: 1 })
      expect(await userRow(user.id)).toMatchObject({ mobile: null, avatar: null, gender: 1 })
    })

    it('ignores username and role: they cannot be changed here', async () => {
      const { token, user, username } = await registerUser()
      const response = await patchMe(token, { username: 'someone_else', role: 'super_admin', userRole: 0, gender: 1 })
      expect(response.status).toBe(200)
      expect(response.body.data.user).toMatchObject({ username, role: 'user', gender: 1 })
      expect(await userRow(user.id)).toMatchObject({ username, user_role: 1 })
    })

    it('refuses bad values field by field, changing nothing', async () => {
      const { token, user } = await registerUser()
      const response = await patchMe(token, { email: 'nope', mobile: '12ab', gender: 3, avatar: 'javascript:alert(1)' })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(Object.keys(response.body.details.fields).sort()).toEqual(['avatar', 'email', 'gender', 'mobile'])
      for (const avatar of ['//evil.example/a.png', 'ftp://example.com/a.png', `https://example.com/${'a'.repeat(250)}`]) {
        expectFailure(await patchMe(token, { avatar }), 400, 'INVALID_INPUT')
      }
      expect(await userRow(user.id)).toMatchObject({ email: null, mobile: null, gender: 0, avatar: null })
    })

    it('answers 409 for an email or mobile another account holds', async () => {
      const email = `${uniqueName()}@example.com`
      const mobile = uniqueMobile()
      await registerUser({ email, mobile })
      const { token } = await registerUser()
      expectFailure(await patchMe(token, { email: email.toUpperCase(), currentPassword: GOOD_PASSWORD }), 409, 'EMAIL_ALREADY_EXISTS')
      expectFailure(await patchMe(token, { mobile }), 409, 'MOBILE_ALREADY_EXISTS')
    })

    it('makes a new email unverified and mails a code to the new address, not the old one', async () => {
      const oldEmail = `${uniqueName()}@example.com`
      const { token, user } = await registerUser({ email: oldEmail })
      const firstCode = await mailbox.codeFor(oldEmail)
      await api('/api/auth/verify-email', { body: { email: oldEmail, code: firstCode } })
      expect((await api('/api/auth/me', { token })).body.data.user.emailVerified).toBe(true)

      const unchanged = await patchMe(token, { email: oldEmail.toUpperCase(), gender: 1 })
      expect(unchanged.body.data.user).toMatchObject({ email: oldEmail, emailVerified: true })

      const newEmail = `${uniqueName()}@Example.com`
      const changed = await patchMe(token, { email: newEmail, currentPassword: GOOD_PASSWORD })
      expect(changed.status).toBe(200)
      expect(changed.body.data.user).toMatchObject({ email: newEmail.toLowerCase(), emailVerified: false })
      expect((await userRow(user.id)).email_verified_at).toBeNull()

      const code = await mailbox.codeFor(newEmail)
      // The old address now also gets a notice of the change (shared/API.md), but no second code.
      expect(mailbox.mailsTo(oldEmail).filter(mail => /\b\d{6}\b/.test(mail.text))).toHaveLength(1)
      const verified = await api('/api/auth/verify-email', { body: { email: newEmail, code } })
      expect(verified.body.data.user).toMatchObject({ email: newEmail.toLowerCase(), emailVerified: true })
    })

    it('clears the email, and with it its verification', async () => {
      const email = `${uniqueName()}@example.com`
      const { token } = await registerUser({ email })
      const response = await patchMe(token, { email: null, currentPassword: GOOD_PASSWORD })
      expect(response.body.data.user).toMatchObject({ email: null, emailVerified: false })
      const code = await mailbox.codeFor(email)
      expectFailure(await api('/api/auth/verify-email', { body: { email, code } }), 400, 'INVALID_CODE')
    })
  })

  describe('sessions', () => {
    const listSessions = (token: string) => api('/api/auth/sessions', { token })
    const revoke = (token: string | undefined, id: string) => api(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE', token })

    it('needs a session', async () => {
      expectFailure(await api('/api/auth/sessions'), 401, 'UNAUTHORIZED')
      expectFailure(await revoke(undefined, 'x'.repeat(24)), 401, 'UNAUTHORIZED')
    })

    it('lists the live sessions of the account, this one marked current, newest use first', async () => {
      const { username, token } = await registerUser()
      const phone = await api('/api/auth/login', {
        body: { username, password: GOOD_PASSWORD },
        headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)' },
      })
      const ended = await login(username, GOOD_PASSWORD)
      await api('/api/auth/logout', { method: 'POST', token: ended.body.data.token })

      const response = await listSessions(phone.body.data.token)
      expect(response.status).toBe(200)
      const { sessions } = response.body.data
      expect(sessions).toHaveLength(2)
      expect(sessions[0]).toEqual({
        id: expect.stringMatching(/^[\w-]{24}$/),
        userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)',
        ip: '127.0.0.1',
        createdAt: expect.stringMatching(/Z$/),
        lastUsedAt: expect.stringMatching(/Z$/),
        current: true,
      })
      expect(sessions[1].current).toBe(false)
      expect((await listSessions(token)).body.data.sessions.filter((session: { current: boolean }) => session.current)).toHaveLength(1)
    })

    it('revokes another of one\'s own sessions: its token is refused at once', async () => {
      const { username, token } = await registerUser()
      const other = await login(username, GOOD_PASSWORD)
      const { sessions } = (await listSessions(token)).body.data
      const otherId = sessions.find((session: { current: boolean }) => !session.current).id

      const response = await revoke(token, otherId)
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ success: true, code: 200, data: null })
      expect(response.cookies).toEqual({})
      expectFailure(await api('/api/auth/me', { token: other.body.data.token }), 401, 'UNAUTHORIZED')
      expect((await listSessions(token)).body.data.sessions).toHaveLength(1)
      expectFailure(await revoke(token, otherId), 404, 'NOT_FOUND')
    })

    it('answers 404 for someone else\'s session and leaves it alone', async () => {
      const mine = await registerUser()
      const theirs = await registerUser()
      const [theirSession] = (await listSessions(theirs.token)).body.data.sessions
      expectFailure(await revoke(mine.token, theirSession.id), 404, 'NOT_FOUND')
      expectFailure(await revoke(mine.token, 'no-such-session-id-00000'), 404, 'NOT_FOUND')
      expect((await api('/api/auth/me', { token: theirs.token })).status).toBe(200)
    })

    it('answers 404 to an empty or malformed id and signs nobody out', async () => {
      const { username, token } = await registerUser()
      const other = await login(username, GOOD_PASSWORD)
      for (const path of ['/api/auth/sessions//', '/api/auth/sessions/%20', '/api/auth/sessions/short']) {
        expectFailure(await api(path, { method: 'DELETE', token }), 404, 'NOT_FOUND')
      }
      expect((await api('/api/auth/me', { token: other.body.data.token })).status).toBe(200)
      expect((await listSessions(token)).body.data.sessions).toHaveLength(2)
    })

    it('revoking the current session signs this client out and clears its cookies', async () => {
      const { token } = await registerUser()
      const [current] = (await listSessions(token)).body.data.sessions
      const response = await revoke(token, current.id)
      expect(response.status).toBe(200)
      expect(parseSetCookie(response.cookies.cw_access!).attributes['max-age']).toBe('0')
      expect(parseSetCookie(response.cookies.cw_refresh!).attributes['max-age']).toBe('0')
      expectFailure(await api('/api/auth/me', { token }), 401, 'UNAUTHORIZED')
    })
  })

  describe('the /profile page', () => {
    it('is rendered without the list of devices, which the browser loads (an account may have hundreds)', async () => {
      const { username, password } = await registerUser()
      await login(username, password)
      const { body } = await login(username, password)
      const response = await fetch(url('/profile'), {
        headers: { accept: 'text/html', cookie: `cw_access=${body.data.token}; cw_refresh=${body.data.refreshToken}` },
        redirect: 'manual',
      })
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toContain(username)
      // The list's place holds its skeleton and no row.
      expect(html).toContain('data-test="session-list"')
      expect(html.slice(html.indexOf('data-test="session-list"'))).toContain('class="el-skeleton')
      expect(html).not.toContain('data-test="session-row"')
    })

    it('is rendered with a skeleton where the change-password form goes, which the browser draws', async () => {
      const { token, refreshToken } = await registerUser()
      const response = await fetch(url('/profile'), {
        headers: { accept: 'text/html', cookie: `cw_access=${token}; cw_refresh=${refreshToken}` },
        redirect: 'manual',
      })
      expect(response.status).toBe(200)
      const html = await response.text()
      const section = html.slice(html.indexOf('data-test="profile-password"'), html.indexOf('data-test="profile-sessions"'))
      expect(section).toContain('data-test="change-password-skeleton"')
      expect(section).not.toContain('data-test="change-password-form"')
      expect(html).not.toContain('name="currentPassword"')
    })
  })
})
