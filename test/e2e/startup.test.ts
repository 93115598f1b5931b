import { describe, expect, inject, it } from 'vitest'
import { JWT_SECRET } from './support'
import { eventually, freePort, spawnServer } from './server-process'

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

  it('starts without its database, answers 503 while it is away, and never hangs', async () => {
    const deadPort = await freePort()
    const server = await spawnServer({ NUXT_JWT_SECRET: JWT_SECRET, NUXT_DATABASE_URL: `mysql://root@127.0.0.1:${deadPort}/community_web` })
    try {
      const health = await eventually(async () => {
        const response = await fetch(`${server.url}/api/health`)
        return { status: response.status, body: await response.json() }
      })
      expect(health.status).toBe(503)
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
})
