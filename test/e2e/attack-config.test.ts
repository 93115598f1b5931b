import { randomInt } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { spawnServer, startServer, type ServerProcess } from './server-process'
import { apiAt, expectFailure } from './support'

/** Waits for the process to end, or says it is still running after ten seconds. */
async function exitOf(server: ServerProcess) {
  const code = await Promise.race([server.exited, new Promise(resolve => setTimeout(() => resolve('still running'), 10_000))])
  await server.stop()
  return code
}

describe('attack: a weak JWT secret and IPv4-mapped addresses', () => {
  const servers: ServerProcess[] = []
  afterAll(async () => {
    await Promise.all(servers.map(server => server.stop()))
  })

  it.each([
    ['40 spaces', ' '.repeat(40)],
    ['one character 40 times', 'a'.repeat(40)],
    ['32 characters, 9 different ones', 'abcdefghi'.repeat(4).slice(0, 32)],
    ['40 characters, 9 different ones padded with white space', `${'abcdefghi'.repeat(3)}${' \t'.repeat(7)}`],
  ])('refuses to start with a NUXT_JWT_SECRET of %s, naming the variable', async (_, secret) => {
    const server = await spawnServer({ NUXT_JWT_SECRET: secret, NUXT_DATABASE_URL: inject('databaseUrl') })
    expect(await exitOf(server)).not.toBe('still running')
    expect(server.child.exitCode).not.toBe(0)
    expect(server.output()).toContain('NUXT_JWT_SECRET')
  })

  it('starts with a good secret (32 characters, 10 different ones)', async () => {
    const server = await startServer({ NUXT_JWT_SECRET: 'abcdefghij'.repeat(4).slice(0, 32) })
    servers.push(server)
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
    expect(server.child.exitCode).toBeNull()
  })

  it('behind a trusted proxy, counts every notation of one IPv4-mapped address in one bucket', async () => {
    const server = await startServer({ NUXT_AUTH_RATE_LIMIT: '3', NUXT_TRUST_PROXY: 'true' })
    servers.push(server)
    const [a, b, c, d] = [randomInt(1, 224), randomInt(256), randomInt(256), randomInt(1, 255)]
    const hex = (high: number, low: number) => ((high << 8) | low).toString(16)
    const notations = [
      `::ffff:${a}.${b}.${c}.${d}`,
      `::ffff:${hex(a, b)}:${hex(c, d)}`,
      `0:0:0:0:0:ffff:${hex(a, b)}:${hex(c, d)}`,
      `${a}.${b}.${c}.${d}`,
    ]
    const call = (address: string) => apiAt(`${server.url}/api/auth/me`, { headers: { 'x-forwarded-for': address } })
    for (const address of notations.slice(0, 3)) expectFailure(await call(address), 401, 'UNAUTHORIZED')
    expectFailure(await call(notations[3]!), 429, 'TOO_MANY_REQUESTS')
    expectFailure(await call(`0:0:0:0:0:FFFF:${a}.${b}.${c}.${d}`), 429, 'TOO_MANY_REQUESTS')
  })
})
