import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type mysql from 'mysql2/promise'
import {
  api, db, expectFailure, GOOD_PASSWORD, login, parseSetCookie, startApp, uniqueMobile, uniqueName, userRow,
} from './support'

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/

function register(fields: Record<string, unknown>, headers: Record<string, string> = {}) {
  return api('/api/auth/register', { body: { password: GOOD_PASSWORD, ...fields }, headers })
}

/** A fresh username of exactly `length` characters. */
function nameOfLength(length: number): string {
  return `u${randomBytes(32).toString('hex')}`.slice(0, length)
}

/** A password of random hex digits, `length` bytes long, in no list of common passwords. */
function randomPassword(length: number): string {
  return randomBytes(length).toString('hex').slice(0, length)
}

function secondsAgo(iso: string): number {
  return (Date.now() - new Date(iso).getTime()) / 1000
}

describe('POST /api/auth/register', async () => {
  await startApp()

  describe('a valid registration', () => {
    const username = uniqueName('Reg')
    const email = `${uniqueName('Mail')}@Example.COM`
    const mobile = uniqueMobile()
    let response: Awaited<ReturnType<typeof register>>

    it('answers 201 with the user, the token pair and expiresIn 900', async () => {
      response = await register({ username, email, mobile, gender: 2 })
      expect(response.status).toBe(201)
      expect(response.body).toEqual({
        success: true,
        code: 201,
        message: expect.any(String),
        data: { user: expect.any(Object), token: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 },
      })
      expect(response.body.data.token.split('.')).toHaveLength(3)
      expect(response.body.data.refreshToken.length).toBeGreaterThanOrEqual(43)
    })

    it('answers the user object exactly as the contract shapes it', () => {
      const { user } = response.body.data
      expect(user).toEqual({
        id: expect.any(Number),
        username,
        email: email.toLowerCase(),
        mobile,
        gender: 2,
        avatar: null,
        role: 'user',
        roles: ['R_USER'],
        permissions: [],
        status: 'active',
        online: true,
        emailVerified: false,
        lastLoginAt: user.lastLoginAt === null ? null : expect.stringMatching(ISO_UTC),
        lastLoginIp: user.lastLoginIp === null ? null : expect.any(String),
        createdAt: expect.stringMatching(ISO_UTC),
        updatedAt: expect.stringMatching(ISO_UTC),
      })
      expect(Math.abs(secondsAgo(user.createdAt))).toBeLessThan(60)
    })

    it('never shows a password or a hash in the body', () => {
      const text = JSON.stringify(response.body)
      expect(text).not.toMatch(/password|hash/i)
      expect(text).not.toContain('$2')
      expect(text).not.toContain(GOOD_PASSWORD)
    })

    it('sets both cookies HttpOnly, SameSite=Lax, Path=/ and Secure, holding the tokens', () => {
      for (const [name, value] of [['cw_access', response.body.data.token], ['cw_refresh', response.body.data.refreshToken]]) {
        expect(response.cookies[name!], name).toBeDefined()
        const cookie = parseSetCookie(response.cookies[name!]!)
        expect(cookie.value).toBe(value)
        expect(cookie.attributes.httponly).toBe(true)
        expect(String(cookie.attributes.samesite).toLowerCase()).toBe('lax')
        expect(cookie.attributes.path).toBe('/')
        expect(cookie.attributes.secure).toBe(true)
      }
    })

    it('answers Cache-Control: no-store', () => {
      expect(response.headers.get('cache-control')).toBe('no-store')
    })

    it('stores the email lower-cased', async () => {
      const row = await userRow(response.body.data.user.id)
      expect(row.email).toBe(email.toLowerCase())
      expect(row.username).toBe(username)
    })

    it('stores the password as a bcrypt hash', async () => {
      const row = await userRow(response.body.data.user.id)
      expect(row.password).toMatch(BCRYPT)
      expect(row.password).not.toContain(GOOD_PASSWORD)
    })

    it('gives a token that opens GET /api/auth/me', async () => {
      const me = await api('/api/auth/me', { token: response.body.data.token })
      expect(me.status).toBe(200)
      expect(me.body.data.user.id).toBe(response.body.data.user.id)
    })
  })

  describe('missing and wrongly typed fields', () => {
    it.each([
      ['username', 'missing', { password: GOOD_PASSWORD }],
      ['username', 'a number', { username: 12345, password: GOOD_PASSWORD }],
      ['password', 'missing', { username: uniqueName() }],
      ['password', 'a number', { username: uniqueName(), password: 12345678 }],
      ['email', 'a number', { username: uniqueName(), password: GOOD_PASSWORD, email: 42 }],
      ['email', 'not an address', { username: uniqueName(), password: GOOD_PASSWORD, email: 'not-an-email' }],
      ['mobile', 'letters', { username: uniqueName(), password: GOOD_PASSWORD, mobile: 'abcdefgh' }],
      ['mobile', 'too short', { username: uniqueName(), password: GOOD_PASSWORD, mobile: '12345' }],
      ['gender', 'out of range', { username: uniqueName(), password: GOOD_PASSWORD, gender: 3 }],
      ['gender', 'a string', { username: uniqueName(), password: GOOD_PASSWORD, gender: '1' }],
    ])('rejects %s when it is %s: 400 INVALID_INPUT naming the field', async (field, _, body) => {
      const response = await api('/api/auth/register', { body })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields[field]).toEqual(expect.any(String))
    })

    it('rejects an empty object, naming both required fields', async () => {
      const response = await api('/api/auth/register', { body: {} })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(Object.keys(response.body.details.fields)).toEqual(expect.arrayContaining(['username', 'password']))
    })
  })

  describe('username rules', () => {
    it('rejects 2 characters', async () => {
      const response = await register({ username: nameOfLength(2) })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields.username).toEqual(expect.any(String))
    })

    it('accepts 3 characters', async () => {
      const username = nameOfLength(3)
      const response = await register({ username })
      expect(response.status).toBe(201)
      expect(response.body.data.user.username).toBe(username)
    })

    it('accepts 50 characters', async () => {
      const username = nameOfLength(50)
      const response = await register({ username })
      expect(response.status).toBe(201)
      expect(response.body.data.user.username).toBe(username)
    })

    it('rejects 51 characters', async () => {
      const response = await register({ username: nameOfLength(51) })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields.username).toEqual(expect.any(String))
    })

    it.each([
      ['all digits', '12345678'],
      ['an @', 'bob@home'],
      ['a space', 'bob smith'],
      ['SQL', 'x\' OR \'1\'=\'1'],
      ['an emoji', 'smile😀x'],
      ['a slash', 'a/b/c'],
    ])('rejects a name with %s', async (_, username) => {
      const response = await register({ username })
      expectFailure(response, 400, 'INVALID_INPUT')
      expect(response.body.details.fields.username).toEqual(expect.any(String))
    })

    it('accepts a SQL-looking name made of allowed characters and keeps the table intact', async () => {
      const before = await countUsers()
      const response = await register({ username: 'drop.table_users' })
      expect(response.status).toBe(201)
      expect(response.body.data.user.username).toBe('drop.table_users')
      expect(await countUsers()).toBe(before + 1)
      expect((await userRow(response.body.data.user.id)).username).toBe('drop.table_users')
    })

    it('accepts a Chinese name, which then logs in', async () => {
      const response = await register({ username: '小明_测试' })
      expect(response.status).toBe(201)
      expect(response.body.data.user.username).toBe('小明_测试')
      expect((await userRow(response.body.data.user.id)).username).toBe('小明_测试')
      expect((await login('小明_测试', GOOD_PASSWORD)).status).toBe(200)
    })

    it('trims white space around the username and the email', async () => {
      const username = uniqueName()
      const email = `${uniqueName()}@example.com`
      const response = await register({ username: `  ${username}\t `, email: ` ${email} ` })
      expect(response.status).toBe(201)
      expect(response.body.data.user.username).toBe(username)
      expect(response.body.data.user.email).toBe(email)
      expect((await userRow(response.body.data.user.id)).username).toBe(username)
    })

    it('ignores unknown fields, including attempts to pick a role', async () => {
      const response = await register({ username: uniqueName(), role: 'super_admin', user_role: 0, userRole: 0, status: 'disabled', id: 1, isAdmin: true })
      expect(response.status).toBe(201)
      expect(response.body.data.user).toMatchObject({ role: 'user', status: 'active' })
      expect(response.body.data.user.id).not.toBe(1)
      expect((await userRow(response.body.data.user.id)).user_role).toBe(1)
    })
  })

  describe('uniqueness', () => {
    it('treats usernames alike without regard to case: 409 USERNAME_ALREADY_EXISTS', async () => {
      const username = uniqueName('Alice_x')
      expect((await register({ username })).status).toBe(201)
      expectFailure(await register({ username: username.toLowerCase() }), 409, 'USERNAME_ALREADY_EXISTS')
      expectFailure(await register({ username: username.toUpperCase() }), 409, 'USERNAME_ALREADY_EXISTS')
    })

    it('refuses a taken email in another case: 409 EMAIL_ALREADY_EXISTS', async () => {
      const email = `${uniqueName()}@example.com`
      expect((await register({ username: uniqueName(), email })).status).toBe(201)
      expectFailure(await register({ username: uniqueName(), email: email.toUpperCase() }), 409, 'EMAIL_ALREADY_EXISTS')
    })

    it('refuses a taken mobile: 409 MOBILE_ALREADY_EXISTS', async () => {
      const mobile = uniqueMobile()
      expect((await register({ username: uniqueName(), mobile })).status).toBe(201)
      expectFailure(await register({ username: uniqueName(), mobile }), 409, 'MOBILE_ALREADY_EXISTS')
    })

    it('lets exactly one of ten parallel registrations of one name through', async () => {
      const username = uniqueName()
      const responses = await Promise.all(Array.from({ length: 10 }, () => register({ username })))
      const statuses = responses.map(response => response.status).sort()
      expect(statuses).toEqual([201, ...Array(9).fill(409)])
      for (const response of responses.filter(response => response.status === 409)) {
        expectFailure(response, 409, 'USERNAME_ALREADY_EXISTS')
      }
      const [rows] = await (await db()).query<mysql.RowDataPacket[]>('SELECT id FROM users WHERE username = ?', [username])
      expect(rows).toHaveLength(1)
    })
  })

  describe('password policy', () => {
    async function expectViolation(password: string, violation: string, fields: Record<string, unknown> = {}) {
      const response = await register({ username: uniqueName(), password, ...fields })
      expectFailure(response, 400, 'INVALID_PASSWORD')
      expect(response.body.details).toMatchObject({ minLength: 8, maxBytes: 72 })
      expect(response.body.details.violations).toContain(violation)
      return response
    }

    it('rejects 7 bytes as tooShort', async () => {
      await expectViolation(randomPassword(7), 'tooShort')
    })

    it('accepts 8 bytes', async () => {
      expect((await register({ username: uniqueName(), password: randomPassword(8) })).status).toBe(201)
    })

    it('rejects a common password (password123, iloveyou) as common', async () => {
      const response = await expectViolation('password123', 'common')
      expect(response.body.details.violations).not.toContain('tooShort')
      await expectViolation('iloveyou', 'common')
    })

    it('rejects the username as the password (case aside) as sameAsUsername', async () => {
      const username = uniqueName('Same')
      const response = await register({ username, password: username.toLowerCase() })
      expectFailure(response, 400, 'INVALID_PASSWORD')
      expect(response.body.details.violations).toContain('sameAsUsername')
    })

    it('accepts 72 ASCII bytes, which then log in (and 71 of them do not)', async () => {
      const username = uniqueName()
      const password = randomPassword(72)
      expect((await register({ username, password })).status).toBe(201)
      expect((await login(username, password)).status).toBe(200)
      expectFailure(await login(username, password.slice(0, 71)), 401, 'INVALID_CREDENTIALS')
    })

    it('rejects 73 ASCII bytes as tooLong', async () => {
      await expectViolation(randomPassword(73), 'tooLong')
    })

    it('accepts 24 Chinese characters (72 bytes), which then log in', async () => {
      const username = uniqueName()
      const password = '我的密码非常长而且不常见'.repeat(2) // 24 characters of 3 bytes
      expect((await register({ username, password })).status).toBe(201)
      expect((await login(username, password)).status).toBe(200)
    })

    it('rejects 25 Chinese characters (75 bytes) as tooLong, never cutting them', async () => {
      await expectViolation(`${'我的密码非常长而且不常见'.repeat(2)}啊`, 'tooLong')
    })
  })

  describe('language of messages', () => {
    it('speaks Chinese by default and English with Accept-Language: en, with the same errorCode', async () => {
      const username = uniqueName()
      expect((await register({ username })).status).toBe(201)
      const chinese = await register({ username })
      const english = await register({ username }, { 'accept-language': 'en' })
      expectFailure(chinese, 409, 'USERNAME_ALREADY_EXISTS')
      expectFailure(english, 409, 'USERNAME_ALREADY_EXISTS')
      expect(chinese.body.message).toMatch(/\p{Script=Han}/u)
      expect(english.body.message).toMatch(/^[\x20-\x7E]+$/)
      expect(english.body.message).toMatch(/[a-z]/i)
    })

    it('translates field reasons too', async () => {
      const english = await register({ username: 'ab' }, { 'accept-language': 'en-US,en;q=0.9' })
      expectFailure(english, 400, 'INVALID_INPUT')
      expect(english.body.message).toMatch(/^[\x20-\x7E]+$/)
      expect(english.body.details.fields.username).toMatch(/^[\x20-\x7E–]+$/)
      const chinese = await register({ username: 'ab' })
      expect(chinese.body.details.fields.username).toMatch(/\p{Script=Han}/u)
    })
  })
})

async function countUsers(): Promise<number> {
  const [[row]] = await (await db()).query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM users')
  return Number(row!.n)
}
