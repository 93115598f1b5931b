import { describe, expect, it } from 'vitest'
import { api, expectFailure, GOOD_PASSWORD, login, startApp } from './support'

function register(username: string) {
  return api('/api/auth/register', { body: { username, password: GOOD_PASSWORD } })
}

describe('names that do not collide (utf8mb4_unicode_520_ci)', async () => {
  await startApp()

  it('keeps two names apart that differ only in characters outside the Basic Multilingual Plane', async () => {
    const first = await register('𠀀𠀀𠀀user')
    const second = await register('𪚥𪚥𪚥user')
    expect([first.status, second.status]).toEqual([201, 201])
    expect(first.body.data.user.id).not.toBe(second.body.data.user.id)
  })

  it('logs each of them in to its own account', async () => {
    expect((await login('𠀀𠀀𠀀user', GOOD_PASSWORD)).body.data.user.username).toBe('𠀀𠀀𠀀user')
    expect((await login('𪚥𪚥𪚥user', GOOD_PASSWORD)).body.data.user.username).toBe('𪚥𪚥𪚥user')
    expectFailure(await login('𠀁𠀁𠀁user', GOOD_PASSWORD), 401, 'INVALID_CREDENTIALS')
  })

  it('takes names that differ in case, width or accents for one', async () => {
    expect((await register('Zoë_Collation')).status).toBe(201)
    for (const lookAlike of ['zoë_collation', 'ＺＯＥ_ｃｏｌｌａｔｉｏｎ', 'Zoe_Collation', 'ZOÉ_COLLATION']) {
      expectFailure(await register(lookAlike), 409, 'USERNAME_ALREADY_EXISTS')
    }
    expect((await login('ｚｏｅ_collation', GOOD_PASSWORD)).body.data.user.username).toBe('Zoë_Collation')
  })

  it('takes emails that differ in case or width for one', async () => {
    const email = 'width.test@example.com'
    expect((await api('/api/auth/register', { body: { username: 'width_one', password: GOOD_PASSWORD, email } })).status).toBe(201)
    const taken = await api('/api/auth/register', { body: { username: 'width_two', password: GOOD_PASSWORD, email: 'WIDTH.TEST@EXAMPLE.COM' } })
    expectFailure(taken, 409, 'EMAIL_ALREADY_EXISTS')
  })
})
