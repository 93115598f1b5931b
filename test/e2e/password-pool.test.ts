import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { GOOD_PASSWORD, JWT_SECRET } from './support'
import { eventually, spawnServer, type ServerProcess } from './server-process'

/** Logins fired at once: on the main thread they would block it for this many bcrypt times. */
const BURST = 12

async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer({
    NUXT_JWT_SECRET: JWT_SECRET,
    NUXT_DATABASE_URL: inject('databaseUrl'),
    NUXT_AUTH_RATE_LIMIT: '0',
    ...env,
  })
  await eventually(async () => expect((await fetch(`${server.url}/api/health`)).status).toBe(200), 20_000)
  return server
}

function post(server: ServerProcess, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

async function registerOn(server: ServerProcess): Promise<string> {
  const username = `pool_${randomBytes(4).toString('hex')}`
  const response = await post(server, '/api/auth/register', { username, password: GOOD_PASSWORD })
  expect(response.status).toBe(201)
  return username
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!
}

describe('password hashing on worker threads', () => {
  let server: ServerProcess

  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(() => server?.stop())

  it('keeps the event loop free while a burst of logins is hashed', async () => {
    // One account per login: the login lock would refuse a sixth attempt on one account in flight.
    const usernames = []
    for (let index = 0; index < BURST; index++) usernames.push(await registerOn(server))
    // Warm up: start every worker and JIT-compile the login path before measuring.
    await Promise.all(usernames.slice(0, availableParallelism()).map(username => post(server, '/api/auth/login', { username, password: GOOD_PASSWORD })))

    let burstDone = false
    const burst = Promise.all(usernames.map((username, index) =>
      post(server, '/api/auth/login', { username, password: index % 2 ? GOOD_PASSWORD : 'a wrong password, twice over' })
        .then(response => response.status)))
      .finally(() => (burstDone = true))

    const latencies: number[] = []
    while (!burstDone) {
      const started = performance.now()
      const health = await fetch(`${server.url}/api/health`)
      await health.arrayBuffer()
      latencies.push(performance.now() - started)
    }
    const statuses = await burst

    expect(statuses.filter(status => status === 200)).toHaveLength(BURST / 2)
    expect(statuses.filter(status => status === 401)).toHaveLength(BURST / 2)
    // One bcrypt comparison at cost 10 takes ~85 ms of a core. On the event loop (bcryptjs'
    // async API), every turn of the loop would run a slice of each waiting login: probes measured
    // a median of 585 ms that way, against 2 to 15 ms with the pool, on the same loaded 2-core machine.
    console.info(`[password-pool] ${latencies.length} health probes during ${BURST} logins: median ${percentile(latencies, 0.5).toFixed(1)} ms, p90 ${percentile(latencies, 0.9).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`)
    expect(latencies.length).toBeGreaterThan(10)
    expect(percentile(latencies, 0.5)).toBeLessThan(50)
    expect(percentile(latencies, 0.9)).toBeLessThan(150)
  })
})

describe('a full hashing queue', () => {
  let server: ServerProcess

  beforeAll(async () => {
    // No job may wait: only as many logins as there are workers are hashed at once.
    server = await startServer({ NUXT_PASSWORD_QUEUE_LIMIT: '0' })
  })
  afterAll(() => server?.stop())

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After: 1 at once, and serves the rest', async () => {
    const usernames = []
    for (let index = 0; index < 16; index++) usernames.push(await registerOn(server))
    const username = usernames[0]!
    const started = performance.now()
    const responses = await Promise.all(usernames.map(async (username) => {
      const response = await post(server, '/api/auth/login', { username, password: GOOD_PASSWORD })
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json(), elapsed: performance.now() - started }
    }))

    const refused = responses.filter(response => response.status === 503)
    const served = responses.filter(response => response.status === 200)
    expect(refused.length + served.length).toBe(responses.length)
    expect(served.length).toBeGreaterThanOrEqual(1)
    expect(refused.length).toBeGreaterThanOrEqual(responses.length / 2)
    for (const response of refused) {
      expect(response.retryAfter).toBe('1')
      expect(response.body).toMatchObject({ success: false, code: 503, errorCode: 'SERVICE_UNAVAILABLE', details: { retryAfter: 1 } })
    }
    // Refused without waiting for a worker: sooner than the slowest accepted login.
    expect(Math.min(...refused.map(response => response.elapsed))).toBeLessThan(Math.max(...served.map(response => response.elapsed)))

    // Once the workers are free again, logins go through.
    const after = await post(server, '/api/auth/login', { username, password: GOOD_PASSWORD })
    expect(after.status).toBe(200)
  })
})
