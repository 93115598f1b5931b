import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from './mailbox'
import {
  api, db, expectFailure, GOOD_PASSWORD, login, registerUser, startApp, uniqueMobile, uniqueName,
} from './support'

const WRONG = 'not the password at all'

describe('account lockout', async () => {
  const mailbox = await startMailbox()
  afterAll(() => mailbox.close())
  await startApp({ NUXT_SMTP_URL: mailbox.url })

  async function account() {
    const email = `${uniqueName()}@example.com`
    const mobile = uniqueMobile()
    const registered = await registerUser({ email, mobile })
    return { ...registered, email, mobile }
  }

  async function failTimes(identifier: string, times: number, headers: Record<string, string> = {}) {
    for (let attempt = 1; attempt <= times; attempt++) {
      const response = await api('/api/auth/login', { body: { username: identifier, password: WRONG }, headers })
      expectFailure(response, 401, 'INVALID_CREDENTIALS')
    }
  }

  function expectLocked(response: Awaited<ReturnType<typeof login>>, atLeastSeconds = 1) {
    expectFailure(response, 429, 'TOO_MANY_REQUESTS')
    const retryAfter = Number(response.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(atLeastSeconds)
    expect(response.body.details.retryAfter).toBe(retryAfter)
    return retryAfter
  }

  /** Lets the account's current lock run out, as if its time had passed. */
  async function expireLock(userId: number) {
    await (await db()).query('UPDATE rate_limits SET expire = ? WHERE `key` = ?', [Date.now() - 1, `login-failures:user:${userId}`])
  }

  it('locks after 5 failures in 15 minutes: 429 with Retry-After, the right password included', async () => {
    const { username } = await account()
    await failTimes(username, 5)
    const retryAfter = expectLocked(await login(username, WRONG), 14 * 60)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    expectLocked(await login(username, GOOD_PASSWORD))
  })

  it('keys the lock on the account, however it is named: case, email, mobile', async () => {
    const { username, email, mobile } = await account()
    await failTimes(username.toUpperCase(), 2)
    await failTimes(email.toUpperCase(), 2)
    await failTimes(mobile, 1)
    for (const identifier of [username, email, mobile]) expectLocked(await login(identifier, GOOD_PASSWORD))
  })

  it('never lets one account\'s failures lock another', async () => {
    const victim = await account()
    const bystander = await account()
    await failTimes(victim.username, 5)
    expectLocked(await login(victim.username, GOOD_PASSWORD))
    expect((await login(bystander.username, GOOD_PASSWORD)).status).toBe(200)
  })

  it('is not bypassed by a forged X-Forwarded-For', async () => {
    const { username } = await account()
    for (let attempt = 1; attempt <= 5; attempt++) {
      await failTimes(username, 1, { 'x-forwarded-for': `203.0.113.${attempt}` })
    }
    expectLocked(await api('/api/auth/login', { body: { username, password: GOOD_PASSWORD }, headers: { 'x-forwarded-for': '198.51.100.7' } }))
  })

  it('answers an unknown account exactly like a known one, so the lock tells nothing', async () => {
    const { username } = await account()
    const stranger = uniqueName('nobody')
    const statuses = async (identifier: string) => {
      const answers = []
      for (let attempt = 1; attempt <= 7; attempt++) answers.push((await login(identifier, WRONG)).status)
      return answers
    }
    const known = await statuses(username)
    expect(known).toEqual([401, 401, 401, 401, 401, 429, 429])
    expect(await statuses(stranger)).toEqual(known)
  })

  it('counts parallel guesses exactly: no more than 5 passwords are tried', async () => {
    const { username } = await account()
    const answers = await Promise.all(Array.from({ length: 20 }, () => login(username, WRONG)))
    const statuses = answers.map(answer => answer.status)
    expect(statuses.filter(status => status === 401)).toHaveLength(5)
    expect(statuses.filter(status => status === 429)).toHaveLength(15)
  })

  it('forgives failures after a successful login', async () => {
    const { username } = await account()
    await failTimes(username, 4)
    expect((await login(username, GOOD_PASSWORD)).status).toBe(200)
    await failTimes(username, 4)
    expect((await login(username, GOOD_PASSWORD)).status).toBe(200)
  })

  it('makes each further lock last longer', async () => {
    const { username, user } = await account()
    await failTimes(username, 5)
    const first = expectLocked(await login(username, WRONG))
    await expireLock(user.id)
    await failTimes(username, 5)
    const second = expectLocked(await login(username, WRONG))
    expect(second).toBeGreaterThan(first * 1.9)
  })

  it('keeps the lock in MySQL', async () => {
    const { username, user } = await account()
    await failTimes(username, 5)
    const [rows] = await (await db()).query<any[]>('SELECT points, expire FROM rate_limits WHERE `key` = ?', [`login-failures:user:${user.id}`])
    expect(rows[0].points).toBeGreaterThan(5)
    expect(Number(rows[0].expire)).toBeGreaterThan(Date.now() + 14 * 60_000)
  })

  it('ends the lock with a successful password reset, so a stranger cannot keep the owner out', async () => {
    const { username, email } = await account()
    await failTimes(username, 5)
    expectLocked(await login(username, GOOD_PASSWORD))
    await api('/api/auth/forgot-password', { body: { email } })
    const code = await mailbox.codeFor(email, 2)
    expect((await api('/api/auth/reset-password', { body: { email, code, newPassword: 'the owner is back again' } })).status).toBe(200)
    expect((await login(username, 'the owner is back again')).status).toBe(200)
  })

  it('counts wrong current passwords on change-password toward the same lock', async () => {
    const { username, token } = await account()
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await api('/api/auth/change-password', { body: { currentPassword: WRONG, newPassword: 'another fine passphrase' }, token })
      expectFailure(response, 401, 'INVALID_CREDENTIALS')
    }
    expectLocked(await api('/api/auth/change-password', { body: { currentPassword: GOOD_PASSWORD, newPassword: 'another fine passphrase' }, token }))
    expectLocked(await login(username, GOOD_PASSWORD))
  })
})
