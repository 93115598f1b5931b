import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import {
  api, db, expectFailure, GOOD_PASSWORD, login, parseSetCookie, registerUser, startApp, uniqueMobile, uniqueName, userRow,
} from './support'

const DAY = 24 * 60 * 60

describe('POST /api/auth/login', async () => {
  await startApp()

  describe('identifiers', () => {
    let account: Awaited<ReturnType<typeof registerUser>>
    const username = uniqueName('MiXeD')
    const email = `${uniqueName()}@example.com`
    const mobile = uniqueMobile()

    it('registers the account the identifier tests log into', async () => {
      account = await registerUser({ username, email, mobile })
      expect(account.user.username).toBe(username)
    })

    it('answers 200 with { user, token, refreshToken, expiresIn, tokenType: Bearer } and cookies', async () => {
      const response = await login(username, GOOD_PASSWORD)
      expect(response.status).toBe(200)
      expect(response.body).toEqual({
        success: true,
        code: 200,
        message: expect.any(String),
        data: {
          user: expect.objectContaining({ id: account.user.id, username, email, mobile, role: 'user', status: 'active', online: true }),
          token: expect.any(String),
          refreshToken: expect.any(String),
          expiresIn: 900,
          tokenType: 'Bearer',
        },
      })
      expect(JSON.stringify(response.body)).not.toMatch(/password|hash/i)
      expect(parseSetCookie(response.cookies.cw_access!).value).toBe(response.body.data.token)
      expect(parseSetCookie(response.cookies.cw_refresh!).value).toBe(response.body.data.refreshToken)
      expect(response.headers.get('cache-control')).toBe('no-store')
    })

    it('accepts the username in any case', async () => {
      for (const identifier of [username.toLowerCase(), username.toUpperCase()]) {
        const response = await login(identifier, GOOD_PASSWORD)
        expect(response.status, identifier).toBe(200)
        expect(response.body.data.user.id).toBe(account.user.id)
      }
    })

    it('accepts the email in any case', async () => {
      const response = await login(email.toUpperCase(), GOOD_PASSWORD)
      expect(response.status).toBe(200)
      expect(response.body.data.user.id).toBe(account.user.id)
    })

    it('accepts the mobile', async () => {
      const response = await login(mobile, GOOD_PASSWORD)
      expect(response.status).toBe(200)
      expect(response.body.data.user.id).toBe(account.user.id)
    })

    it('accepts the identifier in a field named email', async () => {
      for (const identifier of [email, username]) {
        const response = await api('/api/auth/login', { body: { email: identifier, password: GOOD_PASSWORD } })
        expect(response.status, identifier).toBe(200)
        expect(response.body.data.user.id).toBe(account.user.id)
      }
    })

    it('trims white space around the identifier', async () => {
      const response = await login(`  ${username} `, GOOD_PASSWORD)
      expect(response.status).toBe(200)
      expect(response.body.data.user.id).toBe(account.user.id)
    })

    it('gives a token that opens GET /api/auth/me', async () => {
      const { body } = await login(username, GOOD_PASSWORD)
      const me = await api('/api/auth/me', { token: body.data.token })
      expect(me.status).toBe(200)
      expect(me.body.data.user.id).toBe(account.user.id)
    })
  })

  describe('failures', () => {
    it('answers a wrong password and an unknown account with identical 401 INVALID_CREDENTIALS bodies', async () => {
      const { username } = await registerUser()
      const wrongPassword = await login(username, 'not the right password')
      const unknownAccount = await login(uniqueName('nobody'), GOOD_PASSWORD)
      const unknownEmail = await login(`${uniqueName('nobody')}@example.com`, GOOD_PASSWORD)
      expectFailure(wrongPassword, 401, 'INVALID_CREDENTIALS')
      expect(unknownAccount.status).toBe(401)
      expect(unknownAccount.body).toEqual(wrongPassword.body)
      expect(unknownEmail.body).toEqual(wrongPassword.body)
      expect(wrongPassword.cookies).toEqual({})
    })

    it('rejects a missing password: 400 INVALID_INPUT naming it', async () => {
      const response = await api('/api/auth/login', { body: { username: uniqueName() } })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields.password).toEqual(expect.any(String))
    })

    it('rejects a missing identifier: 400 INVALID_INPUT naming username', async () => {
      const response = await api('/api/auth/login', { body: { password: GOOD_PASSWORD } })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields.username).toEqual(expect.any(String))
    })

    it('names both fields when both are missing', async () => {
      const response = await api('/api/auth/login', { body: {} })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(Object.keys(response.body.details.fields).sort()).toEqual(['password', 'username'])
    })

    it('rejects a password of the wrong type: 400 INVALID_INPUT', async () => {
      const response = await api('/api/auth/login', { body: { username: uniqueName(), password: 12345678 } })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields.password).toEqual(expect.any(String))
    })
  })

  describe('rememberMe', () => {
    it('keeps the refresh cookie 30 days with rememberMe and 7 days without', async () => {
      const { username } = await registerUser()
      const remembered = await login(username, GOOD_PASSWORD, { rememberMe: true })
      const plain = await login(username, GOOD_PASSWORD)
      expect(remembered.status).toBe(200)
      expect(plain.status).toBe(200)
      expect(parseSetCookie(remembered.cookies.cw_refresh!).attributes['max-age']).toBe(String(30 * DAY))
      expect(parseSetCookie(plain.cookies.cw_refresh!).attributes['max-age']).toBe(String(7 * DAY))
      expect(parseSetCookie(plain.cookies.cw_access!).attributes['max-age']).toBe('900')
    })

    it('stores the session expiry to match', async () => {
      const { username } = await registerUser()
      const remembered = await login(username, GOOD_PASSWORD, { rememberMe: true })
      const plain = await login(username, GOOD_PASSWORD, { rememberMe: false })
      const days = async (token: string) => {
        const { sid } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
        const [[row]] = await (await db()).query<any[]>('SELECT TIMESTAMPDIFF(SECOND, created_at, expires_at) AS lifetime FROM sessions WHERE id = ?', [sid])
        return Math.round(Number(row.lifetime) / DAY)
      }
      expect(await days(remembered.body.data.token)).toBe(30)
      expect(await days(plain.body.data.token)).toBe(7)
    })
  })

  describe('bookkeeping', () => {
    it('records lastLoginAt, lastLoginIp and online_status = 1', async () => {
      const { username, user } = await registerUser()
      await (await db()).query('UPDATE users SET last_login_at = NULL, last_login_ip = NULL, online_status = 0 WHERE id = ?', [user.id])
      const before = Date.now()
      const response = await login(username, GOOD_PASSWORD)
      expect(response.status).toBe(200)
      const row = await userRow(user.id)
      expect(row.online_status).toBe(1)
      expect(row.last_login_ip).toMatch(/^(127\.0\.0\.1|::1)$/)
      expect(row.last_login_at).toBeInstanceOf(Date)
      expect(Math.abs(row.last_login_at.getTime() - before)).toBeLessThan(10_000)
      expect(response.body.data.user).toMatchObject({
        online: true,
        lastLoginIp: row.last_login_ip,
        lastLoginAt: row.last_login_at.toISOString(),
      })
    })
  })

  describe('disabled accounts', () => {
    it('answers 403 ACCOUNT_DISABLED to the right password and 401 INVALID_CREDENTIALS to a wrong one', async () => {
      const { username, user } = await registerUser()
      await (await db()).query('UPDATE users SET status = \'disabled\' WHERE id = ?', [user.id])
      const right = await login(username, GOOD_PASSWORD)
      expectFailure(right, 403, 'ACCOUNT_DISABLED')
      expect(right.cookies).toEqual({})
      expectFailure(await login(username, 'not the right password'), 401, 'INVALID_CREDENTIALS')
    })

    it('logs in again once the account is active again', async () => {
      const { username, user } = await registerUser()
      await (await db()).query('UPDATE users SET status = \'disabled\' WHERE id = ?', [user.id])
      expectFailure(await login(username, GOOD_PASSWORD), 403, 'ACCOUNT_DISABLED')
      await (await db()).query('UPDATE users SET status = \'active\' WHERE id = ?', [user.id])
      expect((await login(username, GOOD_PASSWORD)).status).toBe(200)
    })
  })

  describe('password hashes', () => {
    it('refuses the right 72-byte password with anything after it: bcrypt never sees a cut password', async () => {
      const password = 'p'.repeat(72)
      const account = await registerUser({ password })
      expect((await login(account.username, password)).status).toBe(200)
      expectFailure(await login(account.username, `${password}EXTRA`), 401, 'INVALID_CREDENTIALS')
    })

    it('re-hashes at the configured cost (10) a stored hash of another cost, and keeps logging in', async () => {
      const account = await registerUser()
      const cheap = await bcrypt.hash(GOOD_PASSWORD, 4)
      await (await db()).query('UPDATE users SET password = ? WHERE id = ?', [cheap, account.user.id])

      expect((await login(account.username, GOOD_PASSWORD)).status).toBe(200)
      const stored = (await userRow(account.user.id)).password as string
      expect(stored).not.toBe(cheap)
      expect(bcrypt.getRounds(stored)).toBe(10)
      expect(await bcrypt.compare(GOOD_PASSWORD, stored)).toBe(true)
      expect((await login(account.username, GOOD_PASSWORD)).status).toBe(200)
    })

    it('leaves a hash of the configured cost alone', async () => {
      const account = await registerUser()
      const before = (await userRow(account.user.id)).password
      expect((await login(account.username, GOOD_PASSWORD)).status).toBe(200)
      expect((await userRow(account.user.id)).password).toBe(before)
    })
  })
})
