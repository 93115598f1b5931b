import { afterAll, describe, expect, it, inject } from 'vitest'
import { startServer, type ServerProcess } from './server-process'
import { GOOD_PASSWORD, uniqueName } from './support'

describe('a developer\'s first run: what the server says', () => {
  const servers: ServerProcess[] = []
  afterAll(() => Promise.all(servers.map(server => server.stop())))

  it('names the database it created and the migrations it applied, then says it was already there', async () => {
    const name = `${new URL(inject('databaseUrl')).pathname.slice(1)}_fresh`
    const databaseUrl = `${inject('serverUrl')}/${name}`
    const first = await startServer({ NUXT_DATABASE_URL: databaseUrl })
    servers.push(first)
    expect(first.output()).toMatch(new RegExp(`\\[database\\] ${name}: created, \\d+ migrations applied`))
    await first.stop()

    const second = await startServer({ NUXT_DATABASE_URL: databaseUrl })
    servers.push(second)
    const lines = second.output().split('\n').filter(line => line.includes('[database]'))
    expect(lines).toEqual([`[database] ${name}: already there, no migration pending`])
  })

  it('renders an expected 403 and 404 without a stack trace or router warnings in its log', async () => {
    const server = await startServer()
    servers.push(server)
    const before = server.output().length
    const register = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: uniqueName(), password: GOOD_PASSWORD }),
    })
    expect(register.status).toBe(201)
    const cookie = register.headers.getSetCookie().map(line => line.split(';')[0]).join('; ')

    const pages = [
      { path: '/admin/users', cookie, status: 403 },
      { path: '/no-such-page', cookie: '', status: 404 },
      { path: '/no/such/page', cookie, status: 404 },
    ]
    for (const page of pages) {
      const response = await fetch(`${server.url}${page.path}`, { headers: { accept: 'text/html', cookie: page.cookie } })
      expect(response.status, page.path).toBe(page.status)
      expect(await response.text(), page.path).toContain('data-test="error-page"')
    }
    await new Promise(resolve => setTimeout(resolve, 300))
    const log = server.output().slice(before)
    expect(log).not.toMatch(/\[request error\]|\bat .+:\d+:\d+|Vue Router warn|\bError\b/)
  })
})
