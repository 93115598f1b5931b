import { randomInt } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { startMailbox } from './mailbox'
import { freePort, startServer, type ServerProcess } from './server-process'
import { apiAt, type ApiRequest, type ApiResponse, expectFailure, GOOD_PASSWORD, uniqueName } from './support'

/** An address no other test (or earlier run, through Redis) has used. */
const uniqueAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`

describe('request limits', async () => {
  const mailbox = await startMailbox()
  const servers: ServerProcess[] = []
  afterAll(async () => {
    await Promise.all(servers.map(server => server.stop()))
    await mailbox.close()
  })

  async function server(env: Record<string, string>) {
    const started = await startServer({ NUXT_SMTP_URL: mailbox.url, ...env })
    servers.push(started)
    return {
      call: (path: string, request: ApiRequest = {}) => apiAt(`${started.url}${path}`, request),
      url: started.url,
    }
  }

  function expectLimited(response: ApiResponse, atMostSeconds: number) {
    expectFailure(response, 429, 'TOO_MANY_REQUESTS')
    const retryAfter = Number(response.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(atMostSeconds)
    expect(response.body.details).toEqual({ retryAfter })
  }

  describe('per client address on /api/auth/*', () => {
    it('answers 429 with Retry-After past NUXT_AUTH_RATE_LIMIT requests a minute', async () => {
      const { call } = await server({ NUXT_AUTH_RATE_LIMIT: '5' })
      for (let request = 1; request <= 5; request++) expectFailure(await call('/api/auth/me'), 401, 'UNAUTHORIZED')
      expectLimited(await call('/api/auth/me'), 60)
      expectLimited(await call('/api/auth/login', { body: { username: 'someone', password: GOOD_PASSWORD } }), 60)
      expect((await call('/api/health')).status).toBe(200)
    })

    it('ignores a forged X-Forwarded-For unless NUXT_TRUST_PROXY=true', async () => {
      const { call } = await server({ NUXT_AUTH_RATE_LIMIT: '3' })
      for (let request = 1; request <= 3; request++) {
        await call('/api/auth/me', { headers: { 'x-forwarded-for': uniqueAddress() } })
      }
      expectLimited(await call('/api/auth/me', { headers: { 'x-forwarded-for': uniqueAddress() } }), 60)
    })

    it('counts each forwarded address on its own behind a trusted proxy', async () => {
      const { call } = await server({ NUXT_AUTH_RATE_LIMIT: '3', NUXT_TRUST_PROXY: 'true' })
      const [first, second] = [uniqueAddress(), uniqueAddress()]
      for (let request = 1; request <= 3; request++) await call('/api/auth/me', { headers: { 'x-forwarded-for': first } })
      expectLimited(await call('/api/auth/me', { headers: { 'x-forwarded-for': first } }), 60)
      expectFailure(await call('/api/auth/me', { headers: { 'x-forwarded-for': second } }), 401, 'UNAUTHORIZED')
    })

    it('takes the last X-Forwarded-For entry, the one the proxy added: entries the client wrote do not escape the limit', async () => {
      const { call } = await server({ NUXT_AUTH_RATE_LIMIT: '3', NUXT_TRUST_PROXY: 'true' })
      const real = uniqueAddress()
      for (let request = 1; request <= 3; request++) {
        await call('/api/auth/me', { headers: { 'x-forwarded-for': `${uniqueAddress()}, ${real}` } })
      }
      expectLimited(await call('/api/auth/me', { headers: { 'x-forwarded-for': `${uniqueAddress()}, ${real}` } }), 60)
    })

    it('does not count the API calls a page render makes', async () => {
      const { call, url } = await server({ NUXT_AUTH_RATE_LIMIT: '3' })
      const registered = await call('/api/auth/register', { body: { username: uniqueName(), password: GOOD_PASSWORD } })
      const cookie = `cw_access=${registered.body.data.token}`
      for (let render = 1; render <= 5; render++) {
        const page = await fetch(`${url}/`, { headers: { accept: 'text/html', cookie } })
        expect(await page.text()).toContain(registered.body.data.user.username)
      }
      expect((await call('/api/auth/me', { token: registered.body.data.token })).status).toBe(200)
    })

    it('is off with NUXT_AUTH_RATE_LIMIT=0', async () => {
      const { call } = await server({ NUXT_AUTH_RATE_LIMIT: '0' })
      const statuses = await Promise.all(Array.from({ length: 80 }, () => call('/api/auth/me').then(response => response.status)))
      expect(new Set(statuses)).toEqual(new Set([401]))
    })
  })

  describe('per mail recipient', () => {
    it('allows 3 mails to one address in 15 minutes, whether or not an account has it, even with the address limit off', async () => {
      const { call } = await server({ NUXT_AUTH_RATE_LIMIT: '0' })
      const email = `${uniqueName()}@example.com`
      const registered = await call('/api/auth/register', { body: { username: uniqueName(), password: GOOD_PASSWORD, email } })
      expect(registered.status).toBe(201)
      const stranger = `${uniqueName()}@example.com`

      for (const address of [email, email.toUpperCase()]) {
        expect((await call('/api/auth/forgot-password', { body: { email: address } })).status).toBe(200)
      }
      for (let request = 1; request <= 3; request++) {
        expect((await call('/api/auth/forgot-password', { body: { email: stranger } })).status).toBe(200)
      }
      const known = await call('/api/auth/forgot-password', { body: { email } })
      const unknown = await call('/api/auth/forgot-password', { body: { email: stranger } })
      expectLimited(known, 15 * 60)
      expectLimited(unknown, 15 * 60)
      expect(Number(known.headers.get('retry-after'))).toBeGreaterThan(14 * 60)
      expect({ ...known.body, details: null }).toEqual({ ...unknown.body, details: null })

      expectLimited(await call('/api/auth/verify-email/send', { method: 'POST', token: registered.body.data.token }), 15 * 60)
      await mailbox.waitForMail(email, 3)
      await new Promise(resolve => setTimeout(resolve, 300))
      expect(mailbox.mailsTo(email)).toHaveLength(3)
      expect(mailbox.mailsTo(stranger)).toHaveLength(0)
    })

    it('never refuses a sign-up because its address had its mails: the account is made, the mail skipped', async () => {
      const { call } = await server({ NUXT_AUTH_RATE_LIMIT: '0' })
      const email = `${uniqueName()}@example.com`
      for (let request = 1; request <= 3; request++) await call('/api/auth/forgot-password', { body: { email } })
      const registered = await call('/api/auth/register', { body: { username: uniqueName(), password: GOOD_PASSWORD, email } })
      expect(registered.status).toBe(201)
      await new Promise(resolve => setTimeout(resolve, 500))
      expect(mailbox.mailsTo(email)).toHaveLength(0)
    })

    it('refuses to change one\'s email to an address that had its 3 mails', async () => {
      const { call } = await server({ NUXT_AUTH_RATE_LIMIT: '0' })
      const target = `${uniqueName()}@example.com`
      for (let request = 1; request <= 3; request++) await call('/api/auth/forgot-password', { body: { email: target } })
      const registered = await call('/api/auth/register', { body: { username: uniqueName(), password: GOOD_PASSWORD } })
      expectLimited(await call('/api/auth/me', { method: 'PATCH', body: { email: target, currentPassword: GOOD_PASSWORD }, token: registered.body.data.token }), 15 * 60)
      expect((await call('/api/auth/me', { token: registered.body.data.token })).body.data.user.email).toBeNull()
    })
  })

  describe('shared through Redis (NUXT_REDIS_URL)', () => {
    it('counts one address across two instances', async () => {
      const env = { NUXT_AUTH_RATE_LIMIT: '4', NUXT_TRUST_PROXY: 'true', NUXT_REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' }
      const [first, second] = [await server(env), await server(env)]
      const headers = { 'x-forwarded-for': uniqueAddress() }
      for (const instance of [first, second, first, second]) expectFailure(await instance.call('/api/auth/me', { headers }), 401, 'UNAUTHORIZED')
      expectLimited(await first.call('/api/auth/me', { headers }), 60)
      expectLimited(await second.call('/api/auth/me', { headers }), 60)

      const email = `${uniqueName()}@example.com`
      for (const instance of [first, second, first]) {
        expect((await instance.call('/api/auth/forgot-password', { body: { email }, headers: { 'x-forwarded-for': uniqueAddress() } })).status).toBe(200)
      }
      expectLimited(await second.call('/api/auth/forgot-password', { body: { email }, headers: { 'x-forwarded-for': uniqueAddress() } }), 15 * 60)
    })

    it('keeps answering, counting in memory, while Redis is unreachable', async () => {
      const { call } = await server({ NUXT_AUTH_RATE_LIMIT: '3', NUXT_REDIS_URL: `redis://127.0.0.1:${await freePort()}` })
      for (let request = 1; request <= 3; request++) expectFailure(await call('/api/auth/me'), 401, 'UNAUTHORIZED')
      expectLimited(await call('/api/auth/me'), 60)
    })
  })
})
