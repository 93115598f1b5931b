import { describe, expect, inject, it } from 'vitest'
import { JWT_SECRET } from './support'
import { eventually, freePort, spawnServer } from './server-process'
import { startTcpProxy } from './tcp-proxy'

describe('production start-up', () => {
  it.each([
    ['missing', ''],
    ['too short', 'x'.repeat(31)],
  ])('refuses to start with a %s NUXT_JWT_SECRET, naming the variable', async (_, secret) => {
    const server = await spawnServer({ NUXT_JWT_SECRET: secret, NUXT_DATABASE_URL: inject('databaseUrl') })
    const code = await Promise.race([server.exited, new Promise(resolve => setTimeout(() => resolve('still running'), 10_000))])
    await server.stop()
    expect(code).toBe(1)
    expect(server.output()).toContain('NUXT_JWT_SECRET')
  })

  it.each(['community.example', 'ftp://community.example'])('refuses to start with NUXT_SITE_URL=%s, naming the variable', async (siteUrl) => {
    const server = await spawnServer({ NUXT_JWT_SECRET: JWT_SECRET, NUXT_DATABASE_URL: inject('databaseUrl'), NUXT_SITE_URL: siteUrl })
    const code = await Promise.race([server.exited, new Promise(resolve => setTimeout(() => resolve('still running'), 10_000))])
    await server.stop()
    expect(code).toBe(1)
    expect(server.output()).toContain('NUXT_SITE_URL')
  })

  it('starts without its database, answers 503 while it is away, and never hangs', async () => {
    const deadPort = await freePort()
    const server = await spawnServer({ NUXT_JWT_SECRET: JWT_SECRET, NUXT_DATABASE_URL: `mysql://root@127.0.0.1:${deadPort}/community_web` })
    try {
      const health = await eventually(async () => {
        const started = Date.now()
        const response = await fetch(`${server.url}/api/health`)
        return { status: response.status, body: await response.json(), elapsed: Date.now() - started }
      })
      expect(health.status).toBe(503)
      expect(health.elapsed).toBeLessThan(1000)
      expect(health.body).toMatchObject({ success: false, code: 503, errorCode: 'SERVICE_UNAVAILABLE', details: { db: 'down' } })

      const started = Date.now()
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'someone', password: 'whatever-it-is' }),
      })
      expect(login.status).toBe(503)
      expect(await login.json()).toMatchObject({ code: 503, errorCode: 'SERVICE_UNAVAILABLE' })
      expect(Date.now() - started).toBeLessThan(8000)
      expect(server.child.exitCode).toBeNull()
    }
    finally {
      await server.stop()
    }
  })

  it('keeps sessions through a database outage and recovers by itself', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 3306 })
    const databaseUrl = new URL(`${inject('databaseUrl')}_outage`)
    databaseUrl.port = String(proxy.port)
    const server = await spawnServer({ NUXT_JWT_SECRET: JWT_SECRET, NUXT_DATABASE_URL: databaseUrl.toString() })
    const post = (path: string, body: unknown, cookie = '') => fetch(`${server.url}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body),
    })
    try {
      await eventually(async () => expect((await fetch(`${server.url}/api/health`)).status).toBe(200))
      const registered = await post('/api/auth/register', { username: 'outage_user', password: 'correct horse battery staple' })
      expect(registered.status).toBe(201)
      const refreshCookie = `cw_refresh=${(await registered.json()).data.refreshToken}`

      proxy.cut()
      const refused = await post('/api/auth/refresh', {}, refreshCookie)
      expect(refused.status).toBe(503)
      expect(await refused.json()).toMatchObject({ errorCode: 'SERVICE_UNAVAILABLE' })
      expect(refused.headers.getSetCookie()).toEqual([])
      const page = await fetch(`${server.url}/`, { headers: { accept: 'text/html', cookie: refreshCookie }, redirect: 'manual' })
      expect(page.headers.getSetCookie().filter(line => /^cw_(access|refresh)=/.test(line))).toEqual([])
      expect((await fetch(`${server.url}/api/health`)).status).toBe(503)

      proxy.restore()
      const renewed = await eventually(async () => {
        const response = await post('/api/auth/refresh', {}, refreshCookie)
        expect(response.status).toBe(200)
        return response
      })
      expect(renewed.headers.getSetCookie().some(line => line.startsWith('cw_access='))).toBe(true)
      expect(server.child.exitCode).toBeNull()
    }
    finally {
      await server.stop()
      await proxy.close()
    }
  }, 30_000)

  it('answers 503 within seconds while the database is silent (packets dropped), and recovers when it is back', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 3306 })
    const databaseUrl = new URL(`${inject('databaseUrl')}_silent`)
    databaseUrl.port = String(proxy.port)
    const server = await spawnServer({ NUXT_JWT_SECRET: JWT_SECRET, NUXT_DATABASE_URL: databaseUrl.toString() })
    const timed = async (path: string, init: RequestInit = {}) => {
      const started = Date.now()
      const response = await fetch(`${server.url}${path}`, init)
      return { status: response.status, body: await response.json(), elapsed: Date.now() - started }
    }
    try {
      await eventually(async () => expect((await fetch(`${server.url}/api/health`)).status).toBe(200))
      const registered = await fetch(`${server.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'silent_user', password: 'correct horse battery staple' }),
      })
      const { token } = (await registered.json()).data
      const me = { headers: { authorization: `Bearer ${token}` } }

      proxy.freeze()
      const during = await Promise.all([timed('/api/auth/me', me), timed('/api/auth/me', me), timed('/api/health')])
      for (const answer of during) {
        expect(answer.status).toBe(503)
        expect(answer.body).toMatchObject({ success: false, code: 503, errorCode: 'SERVICE_UNAVAILABLE' })
        expect(answer.elapsed).toBeLessThan(10_000)
      }

      proxy.restore()
      await eventually(async () => expect((await timed('/api/auth/me', me)).status).toBe(200), 15_000)
      expect(server.child.exitCode).toBeNull()
    }
    finally {
      await server.stop()
      await proxy.close()
    }
  }, 60_000)
})
