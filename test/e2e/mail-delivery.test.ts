import { createServer, type Server } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { GOOD_PASSWORD, uniqueName } from './support'
import { eventually, freePort, startServer, type ServerProcess } from './server-process'

const serverWithSmtp = (smtpUrl: string) => startServer({ NUXT_SMTP_URL: smtpUrl })

async function post(server: ServerProcess, path: string, body: unknown) {
  const started = Date.now()
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.json(), elapsed: Date.now() - started }
}

describe('mail delivery', () => {
  const servers: ServerProcess[] = []
  afterAll(() => Promise.all(servers.map(server => server.stop())))

  it('writes mail to the server log when NUXT_SMTP_URL is empty, so sign-up works without a mail server', async () => {
    const server = await serverWithSmtp('')
    servers.push(server)
    const email = `${uniqueName()}@example.com`
    const response = await post(server, '/api/auth/register', { username: uniqueName(), password: GOOD_PASSWORD, email })
    expect(response.status).toBe(201)
    await eventually(async () => expect(server.output()).toContain(`[mail] to ${email}`))
    expect(server.output()).toMatch(/验证码是：\n\n\d{6}/)
    expect(server.output()).toContain('NUXT_SMTP_URL is empty')
  })

  it('answers as usual, and at once, when the mail server is down; the failure is only logged', async () => {
    const server = await serverWithSmtp(`smtp://127.0.0.1:${await freePort()}`)
    servers.push(server)
    const email = `${uniqueName()}@example.com`
    const registered = await post(server, '/api/auth/register', { username: uniqueName(), password: GOOD_PASSWORD, email })
    expect(registered.status).toBe(201)
    const forgot = await post(server, '/api/auth/forgot-password', { email })
    const unknown = await post(server, '/api/auth/forgot-password', { email: `${uniqueName()}@example.com` })
    expect(forgot.status).toBe(200)
    expect(forgot.body).toEqual(unknown.body)
    // The log names the recipient masked: enough to tell lines apart, not to harvest addresses.
    await eventually(async () => expect(server.output()).toContain(`[mail] could not send "resetPassword" to ${email[0]}***@example.com`))
    expect(server.output()).not.toContain(email)
    expect(JSON.stringify([registered.body, forgot.body])).not.toMatch(/smtp|ECONNREFUSED|mail server/i)
  })

  it('does not make a request wait for a mail server that never answers', async () => {
    const silent: Server = createServer(() => {}) // accepts connections, never greets
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    afterAll(() => new Promise<void>(resolve => silent.close(() => resolve())))
    const server = await serverWithSmtp(`smtp://127.0.0.1:${(silent.address() as { port: number }).port}`)
    servers.push(server)
    const email = `${uniqueName()}@example.com`
    const registered = await post(server, '/api/auth/register', { username: uniqueName(), password: GOOD_PASSWORD, email })
    expect(registered.status).toBe(201)
    const forgot = await post(server, '/api/auth/forgot-password', { email })
    expect(forgot.status).toBe(200)
    expect(forgot.elapsed).toBeLessThan(1000)
  })
})
