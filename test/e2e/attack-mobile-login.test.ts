import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { api, db, expectFailure, GOOD_PASSWORD, login, registerUser, startApp, uniqueMobile, uniqueName } from './support'

const LEGACY_PASSWORD = 'legacy password 2019'

/** A row of the original table whose username is all digits (today's rules refuse such a name). */
async function insertLegacyUser(username: string, mobile: string | null = null): Promise<number> {
  const [result] = await (await db()).query<any>(
    'INSERT INTO users (username, password, mobile) VALUES (?, ?, ?)',
    [username, await bcrypt.hash(LEGACY_PASSWORD, 10), mobile],
  )
  return result.insertId
}

describe('attack: a mobile number captures a legacy login', async () => {
  await startApp()

  it('refuses to register a mobile that equals an existing username', async () => {
    const digits = uniqueMobile()
    await insertLegacyUser(digits)
    const response = await api('/api/auth/register', { body: { username: uniqueName(), password: GOOD_PASSWORD, mobile: digits } })
    expectFailure(response, 409, 'MOBILE_ALREADY_EXISTS')
  })

  it('refuses to set such a mobile on one\'s own account', async () => {
    const digits = uniqueMobile()
    await insertLegacyUser(digits)
    const account = await registerUser()
    const response = await api('/api/auth/me', { method: 'PATCH', body: { mobile: digits }, token: account.token })
    expectFailure(response, 409, 'MOBILE_ALREADY_EXISTS')
  })

  it('lets the legacy account set its own name as its mobile', async () => {
    const digits = uniqueMobile()
    await insertLegacyUser(digits)
    const { body } = await login(digits, LEGACY_PASSWORD)
    const response = await api('/api/auth/me', { method: 'PATCH', body: { mobile: digits }, token: body.data.token })
    expect(response.status).toBe(200)
    expect(response.body.data.user.mobile).toBe(digits)
  })

  it('logs the legacy name in to the legacy account even when another account holds it as mobile', async () => {
    const digits = uniqueMobile()
    const other = await registerUser()
    await (await db()).query('UPDATE users SET mobile = ? WHERE id = ?', [digits, other.user.id])
    const legacyId = await insertLegacyUser(digits)

    const legacy = await login(digits, LEGACY_PASSWORD)
    expect(legacy.status).toBe(200)
    expect(legacy.body.data.user).toMatchObject({ id: legacyId, username: digits })

    // The mobile no longer names the other account for login: the username took it.
    expectFailure(await login(digits, other.password), 401, 'INVALID_CREDENTIALS')
    expect((await login(other.username, other.password)).status).toBe(200)
  })
})
