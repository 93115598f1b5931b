import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type ServerProcess } from './server-process'
import { apiAt, type ApiRequest, expectFailure, GOOD_PASSWORD, uniqueName } from './support'

/** Two servers on one database behave as one (README, "Several instances"). */
describe('several instances', () => {
  const running = new Set<ServerProcess>()
  afterAll(() => Promise.all([...running].map(server => server.stop())))

  async function instance() {
    const server = await startServer()
    running.add(server)
    return {
      call: (path: string, request: ApiRequest = {}) => apiAt(`${server.url}${path}`, request),
      stop: async () => {
        await server.stop()
        running.delete(server)
      },
    }
  }

  const register = (on: Awaited<ReturnType<typeof instance>>) =>
    on.call('/api/auth/register', { body: { username: uniqueName(), password: GOOD_PASSWORD } }).then(response => response.body.data)
  const wrongLogin = (on: Awaited<ReturnType<typeof instance>>, username: string) =>
    on.call('/api/auth/login', { body: { username, password: 'not the password' } })

  it('accepts a token of one on the other, and a logout on one is refused on the other at once', async () => {
    const [first, second] = [await instance(), await instance()]
    const { token, refreshToken } = await register(first)
    expect((await second.call('/api/auth/me', { token })).status).toBe(200)

    const renewed = await second.call('/api/auth/refresh', { body: { refreshToken } })
    expect(renewed.status).toBe(200)
    expect((await first.call('/api/auth/me', { token: renewed.body.data.token })).status).toBe(200)

    expect((await second.call('/api/auth/logout', { method: 'POST', token: renewed.body.data.token })).status).toBe(200)
    expectFailure(await first.call('/api/auth/me', { token: renewed.body.data.token }), 401, 'UNAUTHORIZED')
    expectFailure(await first.call('/api/auth/refresh', { body: { refreshToken: renewed.body.data.refreshToken } }), 401, 'INVALID_REFRESH_TOKEN')
  })

  it('shares the login lock: failures on both count together, and the lock holds on both', async () => {
    const [first, second] = [await instance(), await instance()]
    const { user } = await register(first)
    for (const on of [first, second, first, second, first]) expectFailure(await wrongLogin(on, user.username), 401, 'INVALID_CREDENTIALS')
    for (const on of [first, second]) {
      expectFailure(await on.call('/api/auth/login', { body: { username: user.username, password: GOOD_PASSWORD } }), 429, 'TOO_MANY_REQUESTS')
    }
  })

  it('keeps a lock through a restart', async () => {
    const before = await instance()
    const { user } = await register(before)
    for (let attempt = 1; attempt <= 5; attempt++) await wrongLogin(before, user.username)
    await before.stop()

    const after = await instance()
    const response = await after.call('/api/auth/login', { body: { username: user.username, password: GOOD_PASSWORD } })
    expectFailure(response, 429, 'TOO_MANY_REQUESTS')
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(14 * 60)
  })
})
