import { setTimeout as sleep } from 'node:timers/promises'
import { decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT, UnsecuredJWT } from 'jose'
import type mysql from 'mysql2/promise'
import { describe, expect, it } from 'vitest'
import {
  api, db, expectFailure, GOOD_PASSWORD, JWT_SECRET, login, parseSetCookie, registerUser, startApp, userRow,
} from './support'

const KEY = new TextEncoder().encode(JWT_SECRET)

/** Signs `payload` with jose the way a forger (or a sibling service) would. */
function sign(payload: JWTPayload, { alg = 'HS256', key = KEY } = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(key)
}

/** The claims of a real token with fresh times: what a well-formed token of that session carries. */
function claimsOf(token: string, overrides: JWTPayload = {}): JWTPayload {
  const { sub, sid, role, iss, aud } = decodeJwt(token)
  const now = Math.floor(Date.now() / 1000)
  return { sub, sid, role, iss, aud, iat: now, exp: now + 900, ...overrides }
}

function me(token: string) {
  return api('/api/auth/me', { token })
}

function refresh(refreshToken: string) {
  return api('/api/auth/refresh', { body: { refreshToken } })
}

function expiredCookie(line: string | undefined): boolean {
  if (!line) return false
  const { value, attributes } = parseSetCookie(line)
  const maxAge = attributes['max-age']
  const expires = attributes.expires
  return value === '' && (maxAge === '0' || (typeof expires === 'string' && new Date(expires).getTime() <= Date.now()))
}

async function sessionRows(userId: number): Promise<mysql.RowDataPacket[]> {
  const [rows] = await (await db()).query<mysql.RowDataPacket[]>('SELECT * FROM sessions WHERE user_id = ?', [userId])
  return rows
}

describe('access and refresh tokens', async () => {
  await startApp()

  describe('GET /api/auth/me and the access token', () => {
    let account: Awaited<ReturnType<typeof registerUser>>

    it('answers 200 { user } with a Bearer token', async () => {
      account = await registerUser()
      const response = await me(account.token)
      expect(response.status).toBe(200)
      expect(response.body).toEqual({ success: true, code: 200, message: expect.any(String), data: { user: account.user } })
    })

    it.each(['bearer', 'BEARER', 'BeArEr'])('accepts the scheme written %s', async (scheme) => {
      const response = await api('/api/auth/me', { headers: { authorization: `${scheme} ${account.token}` } })
      expect(response.status).toBe(200)
      expect(response.body.data.user.id).toBe(account.user.id)
    })

    it('accepts the access cookie alone', async () => {
      const response = await api('/api/auth/me', { headers: { cookie: `cw_access=${account.token}` } })
      expect(response.status).toBe(200)
      expect(response.body.data.user.id).toBe(account.user.id)
    })

    it('answers 401 UNAUTHORIZED without a token', async () => {
      expectFailure(await api('/api/auth/me'), 401, 'UNAUTHORIZED')
    })

    it('does not take the refresh cookie as an access token', async () => {
      expectFailure(await api('/api/auth/me', { headers: { cookie: `cw_refresh=${account.refreshToken}` } }), 401, 'UNAUTHORIZED')
    })

    it.each([
      ['garbage', 'not-a-jwt'],
      ['three garbage parts', 'a.b.c'],
      ['an empty bearer', ''],
    ])('answers 401 UNAUTHORIZED to a malformed token (%s)', async (_, token) => {
      expectFailure(await api('/api/auth/me', { headers: { authorization: `Bearer ${token}` } }), 401, 'UNAUTHORIZED')
    })

    it('accepts a token minted with the secret, HS256 and the real claims (control for the forgeries below)', async () => {
      const response = await me(await sign(claimsOf(account.token)))
      expect(response.status).toBe(200)
      expect(response.body.data.user.id).toBe(account.user.id)
    })

    it('refuses a tampered payload (role changed to super_admin, signature kept)', async () => {
      const [header, payload, signature] = account.token.split('.')
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'super_admin' })).toString('base64url')
      expectFailure(await me(`${header}.${forged}.${signature}`), 401, 'UNAUTHORIZED')
    })

    it('refuses an alg: none token', async () => {
      const token = new UnsecuredJWT(claimsOf(account.token)).encode()
      expectFailure(await me(token), 401, 'UNAUTHORIZED')
      expectFailure(await me(`${token}AAAA`), 401, 'UNAUTHORIZED')
    })

    it('refuses a token signed with a foreign secret', async () => {
      const token = await sign(claimsOf(account.token), { key: new TextEncoder().encode('another-secret-that-is-long-enough-0123456789') })
      expectFailure(await me(token), 401, 'UNAUTHORIZED')
    })

    it('refuses a token signed with HS512 and the right secret', async () => {
      const token = await sign(claimsOf(account.token), { alg: 'HS512' })
      expectFailure(await me(token), 401, 'UNAUTHORIZED')
    })

    it('refuses a token without exp', async () => {
      const { exp: _, ...claims } = claimsOf(account.token)
      const token = await sign(claims)
      expectFailure(await me(token), 401, 'UNAUTHORIZED')
    })

    it('refuses a token for a session that does not exist', async () => {
      expectFailure(await me(await sign(claimsOf(account.token, { sid: 'AAAAAAAAAAAAAAAAAAAAAAAA' }))), 401, 'UNAUTHORIZED')
    })

    it('answers 401 TOKEN_EXPIRED to an expired token of a real session', async () => {
      const now = Math.floor(Date.now() / 1000)
      const token = await sign(claimsOf(account.token, { iat: now - 1000, exp: now - 100 }))
      expectFailure(await me(token), 401, 'TOKEN_EXPIRED')
    })

    it('refuses a sub that is not a canonical user id (0x1, 1.0)', async () => {
      for (const sub of [`0x${account.user.id.toString(16)}`, `${account.user.id}.0`]) {
        expectFailure(await me(await sign(claimsOf(account.token, { sub }))), 401, 'UNAUTHORIZED')
      }
    })

    it('refuses a token issued long ago even when its exp lies far ahead', async () => {
      const now = Math.floor(Date.now() / 1000)
      const ancient = await sign(claimsOf(account.token, { iat: now - 3600, exp: now + 10 * 365 * 86400 }))
      expect((await me(ancient)).status).toBe(401)
    })

    it('falls back to the access cookie when the Authorization header is blank', async () => {
      const response = await api('/api/auth/me', { headers: { authorization: '', cookie: `cw_access=${account.token}` } })
      expect(response.status).toBe(200)
    })

    it('refuses a malformed Authorization header even with a valid cookie', async () => {
      const response = await api('/api/auth/me', { headers: { authorization: `Bearer ${account.token} extra`, cookie: `cw_access=${account.token}` } })
      expectFailure(response, 401, 'UNAUTHORIZED')
    })
  })

  describe('claims', () => {
    let account: Awaited<ReturnType<typeof registerUser>>

    it('carries sub (the id as a string), sid, role, iat, iss, aud and exp = iat + 900', async () => {
      account = await registerUser()
      const claims = decodeJwt(account.token)
      expect(claims.sub).toBe(String(account.user.id))
      expect(claims.role).toBe('user')
      expect(claims.sid).toEqual(expect.any(String))
      expect(claims.iss).toEqual(expect.any(String))
      expect(claims.iss).not.toBe('')
      expect([claims.aud].flat()).toEqual([expect.stringMatching(/.+/)])
      expect(claims.iat).toEqual(expect.any(Number))
      expect(Math.abs(claims.iat! - Date.now() / 1000)).toBeLessThan(60)
      expect(claims.exp! - claims.iat!).toBe(900)
    })

    it('names a real session of the user in sid', async () => {
      const { sid } = decodeJwt(account.token)
      expect((await sessionRows(account.user.id)).map(row => row.id)).toContain(sid)
    })

    it('is signed with HS256', () => {
      expect(decodeProtectedHeader(account.token).alg).toBe('HS256')
    })

    it('verifies in another service holding the secret (the UTF-8 bytes of it)', async () => {
      const { payload, protectedHeader } = await jwtVerify(account.token, new TextEncoder().encode(JWT_SECRET), { algorithms: ['HS256'] })
      expect(protectedHeader.alg).toBe('HS256')
      expect(payload.sub).toBe(String(account.user.id))
      await expect(jwtVerify(account.token, new TextEncoder().encode(`${JWT_SECRET}x`))).rejects.toThrow()
    })

    it('names super_admin in role for a super administrator', async () => {
      const admin = await registerUser()
      await (await db()).query('UPDATE users SET user_role = 0 WHERE id = ?', [admin.user.id])
      const { body } = await login(admin.username, GOOD_PASSWORD)
      expect(body.data.user.role).toBe('super_admin')
      expect(decodeJwt(body.data.token).role).toBe('super_admin')
    })
  })

  describe('POST /api/auth/refresh', () => {
    let account: Awaited<ReturnType<typeof registerUser>>
    let rotated: { token: string, refreshToken: string }

    it('trades the refresh token in the body for a new pair', async () => {
      account = await registerUser()
      const response = await refresh(account.refreshToken)
      expect(response.status).toBe(200)
      expect(response.body).toEqual({
        success: true,
        code: 200,
        message: expect.any(String),
        data: { token: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 },
      })
      rotated = response.body.data
      expect(rotated.refreshToken).not.toBe(account.refreshToken)
      expect(rotated.token).not.toBe(account.token)
      expect(decodeJwt(rotated.token).sid).toBe(decodeJwt(account.token).sid)
      expect(parseSetCookie(response.cookies.cw_access!).value).toBe(rotated.token)
      expect(parseSetCookie(response.cookies.cw_refresh!).value).toBe(rotated.refreshToken)
      expect(response.headers.get('cache-control')).toBe('no-store')
    })

    it('gives an access token that works', async () => {
      expect((await me(rotated.token)).status).toBe(200)
    })

    it('leaves the old access token working (until logout)', async () => {
      const response = await me(account.token)
      expect(response.status).toBe(200)
      expect(response.body.data.user.id).toBe(account.user.id)
    })

    it('gives a refresh token that works', async () => {
      const response = await refresh(rotated.refreshToken)
      expect(response.status).toBe(200)
      expect(response.body.data.refreshToken).not.toBe(rotated.refreshToken)
      rotated = response.body.data
    })

    it('takes the refresh token from the cookie when the body has none, and sets new cookies', async () => {
      const response = await api('/api/auth/refresh', { method: 'POST', headers: { cookie: `cw_refresh=${rotated.refreshToken}` } })
      expect(response.status).toBe(200)
      expect(response.body.data).toEqual({ token: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 })
      expect(response.body.data.refreshToken).not.toBe(rotated.refreshToken)
      const access = parseSetCookie(response.cookies.cw_access!)
      const refreshCookie = parseSetCookie(response.cookies.cw_refresh!)
      expect(access.value).toBe(response.body.data.token)
      expect(refreshCookie.value).toBe(response.body.data.refreshToken)
      expect(refreshCookie.attributes.httponly).toBe(true)
      expect(refreshCookie.attributes['max-age']).toBe(String(7 * 24 * 60 * 60))
      expect((await me(response.body.data.token)).status).toBe(200)
    })

    it('answers 401 INVALID_REFRESH_TOKEN to an unknown refresh token', async () => {
      expectFailure(await refresh('this-refresh-token-was-never-issued-by-the-server-000000'), 401, 'INVALID_REFRESH_TOKEN')
    })

    it('answers 401 INVALID_REFRESH_TOKEN when there is no refresh token at all', async () => {
      expectFailure(await api('/api/auth/refresh', { method: 'POST' }), 401, 'INVALID_REFRESH_TOKEN')
    })

    it('answers 401 INVALID_REFRESH_TOKEN to an access token presented as a refresh token', async () => {
      expectFailure(await refresh(account.token), 401, 'INVALID_REFRESH_TOKEN')
    })
  })

  describe('rotation and reuse', () => {
    it('gives a valid pair to the token just rotated out, presented again within 10 s (a second tab)', async () => {
      const account = await registerUser()
      const first = await refresh(account.refreshToken)
      expect(first.status).toBe(200)
      const twin = await refresh(account.refreshToken)
      expect(twin.status).toBe(200)
      expect(twin.body.data).toEqual({ token: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 })
      expect(twin.body.data.refreshToken).not.toBe(account.refreshToken)
      expect((await me(twin.body.data.token)).status).toBe(200)
      expect((await refresh(twin.body.data.refreshToken)).status).toBe(200)
    })

    it('lets the first tab keep the pair it got when a second tab refreshed with the same token', async () => {
      const account = await registerUser()
      const first = await refresh(account.refreshToken)
      const second = await refresh(account.refreshToken)
      expect([first.status, second.status]).toEqual([200, 200])
      await sleep(11_000)
      expect((await refresh(first.body.data.refreshToken)).status).toBe(200)
      expect((await refresh(second.body.data.refreshToken)).status).toBe(200)
    }, 25_000)

    it('gives every one of three simultaneous refreshes with one token a valid pair, revoking nothing', async () => {
      const account = await registerUser()
      const answers = await Promise.all([1, 2, 3].map(() => refresh(account.refreshToken)))
      expect(answers.map(answer => answer.status)).toEqual([200, 200, 200])
      for (const answer of answers) expect((await me(answer.body.data.token)).status).toBe(200)
      expect((await sessionRows(account.user.id))[0]!.revoked_at).toBeNull()
    })

    it('revokes the whole session (and only it) when the rotated-out token comes back after 10 s', async () => {
      const account = await registerUser()
      const other = (await login(account.username, GOOD_PASSWORD)).body.data
      const first = await refresh(account.refreshToken)
      expect(first.status).toBe(200)
      await sleep(11_000)
      expectFailure(await refresh(account.refreshToken), 401, 'REFRESH_TOKEN_REUSED')
      expectFailure(await refresh(first.body.data.refreshToken), 401, 'INVALID_REFRESH_TOKEN')
      expectFailure(await me(first.body.data.token), 401, 'UNAUTHORIZED')
      expectFailure(await me(account.token), 401, 'UNAUTHORIZED')
      expect((await me(other.token)).status).toBe(200)
      expect((await refresh(other.refreshToken)).status).toBe(200)
    }, 25_000)

    it('revokes the whole session when a token two rotations old comes back', async () => {
      const account = await registerUser()
      const first = await refresh(account.refreshToken)
      const second = await refresh(first.body.data.refreshToken)
      expect(second.status).toBe(200)
      expectFailure(await refresh(account.refreshToken), 401, 'REFRESH_TOKEN_REUSED')
      expectFailure(await refresh(second.body.data.refreshToken), 401, 'INVALID_REFRESH_TOKEN')
      expectFailure(await me(second.body.data.token), 401, 'UNAUTHORIZED')
    })
  })

  describe('POST /api/auth/logout', () => {
    let account: Awaited<ReturnType<typeof registerUser>>
    let second: { token: string, refreshToken: string }

    it('answers 200 with data null and clears both cookies', async () => {
      account = await registerUser()
      second = (await login(account.username, GOOD_PASSWORD)).body.data
      const response = await api('/api/auth/logout', { method: 'POST', token: second.token })
      expect(response.status).toBe(200)
      expect(response.body).toEqual({ success: true, code: 200, message: expect.any(String), data: null })
      expect(expiredCookie(response.cookies.cw_access), response.cookies.cw_access).toBe(true)
      expect(expiredCookie(response.cookies.cw_refresh), response.cookies.cw_refresh).toBe(true)
    })

    it('refuses the same access token at once', async () => {
      expectFailure(await me(second.token), 401, 'UNAUTHORIZED')
    })

    it('refuses its refresh token', async () => {
      expectFailure(await refresh(second.refreshToken), 401, 'INVALID_REFRESH_TOKEN')
    })

    it('keeps online_status 1 while another session is live', async () => {
      expect((await userRow(account.user.id)).online_status).toBe(1)
      expect((await me(account.token)).body.data.user.online).toBe(true)
    })

    it('sets online_status 0 once the last session logs out', async () => {
      expect((await api('/api/auth/logout', { method: 'POST', token: account.token })).status).toBe(200)
      expect((await userRow(account.user.id)).online_status).toBe(0)
      expectFailure(await me(account.token), 401, 'UNAUTHORIZED')
    })

    it('answers 401 UNAUTHORIZED without an access token', async () => {
      expectFailure(await api('/api/auth/logout', { method: 'POST' }), 401, 'UNAUTHORIZED')
    })

    it('logs out with the access cookie alone', async () => {
      const { token } = await registerUser()
      const response = await api('/api/auth/logout', { method: 'POST', headers: { cookie: `cw_access=${token}` } })
      expect(response.status).toBe(200)
      expectFailure(await me(token), 401, 'UNAUTHORIZED')
    })
  })

  describe('sessions rows', () => {
    it('never keep a refresh token in plain, only a 64-hex hash', async () => {
      const account = await registerUser()
      const rotatedOnce = (await refresh(account.refreshToken)).body.data
      const loggedIn = (await login(account.username, GOOD_PASSWORD)).body.data
      const tokens = [account.refreshToken, rotatedOnce.refreshToken, loggedIn.refreshToken]
      const rows = await sessionRows(account.user.id)
      expect(rows).toHaveLength(2)
      const [kept] = await (await db()).query<mysql.RowDataPacket[]>(
        'SELECT refresh_tokens.* FROM refresh_tokens JOIN sessions ON sessions.id = refresh_tokens.session_id WHERE sessions.user_id = ?', [account.user.id])
      expect(kept).toHaveLength(3)
      for (const row of kept) expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/)
      expect(kept.filter(row => row.spent_at !== null)).toHaveLength(1)
      const [sessions] = await (await db()).query<mysql.RowDataPacket[]>('SELECT * FROM sessions')
      const text = JSON.stringify([sessions, kept])
      for (const token of tokens) expect(text).not.toContain(token)
    })
  })
})
