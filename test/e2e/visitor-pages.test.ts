import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { apiAt, GOOD_PASSWORD, JWT_SECRET, uniqueName } from './support'
import { eventually, spawnServer, startServer, type ServerProcess } from './server-process'
import { startTcpProxy } from './tcp-proxy'
import { cpuMsOf } from '../../bench/servers'

/*
 * A visitor's page (/login, /register, /forgot-password) is rendered once per language and colour
 * scheme and answered from what was kept after that (server/rendering/visitor-pages.ts): each
 * answer with a nonce of its own, nobody's page for anyone else, and nothing kept that rendered
 * with something missing.
 */

const GITHUB = { NUXT_OAUTH_GITHUB_CLIENT_ID: 'visitor-pages-client', NUXT_OAUTH_GITHUB_CLIENT_SECRET: 'visitor-pages-secret' }

/** The nonce of an answer's CSP header, and every nonce on the tags of its page. */
function noncesOf(response: Response, body: string) {
  const header = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1]
  const tags = new Set([...body.matchAll(/ nonce="([^"]+)"/g)].map(match => match[1]))
  return { header, tags: [...tags] }
}

const languageCookieOf = (response: Response) => response.headers.getSetCookie().find(line => line.startsWith('cw_lang='))
const htmlTagOf = (body: string) => /<html[^>]*>/.exec(body)?.[0] ?? ''

describe('visitors\' pages', () => {
  let server: ServerProcess
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' })
    return { response, body: await response.text() }
  }

  beforeAll(async () => {
    server = await startServer(GITHUB)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('renders a visitor\'s page once, and answers the next visitors without a render', async () => {
    const cpuFor = async (paths: string[]) => {
      const before = cpuMsOf(server.child.pid!)
      for (const path of paths) expect((await page(path)).response.status).toBe(200)
      return cpuMsOf(server.child.pid!) - before
    }
    await page('/register')
    // A query keeps the kept page out: each of these is rendered.
    const rendered = await cpuFor(Array.from({ length: 10 }, (_, index) => `/register?render=${index}`))
    const kept = await cpuFor(Array.from({ length: 50 }, () => '/register'))
    // About 10 ms of the server's CPU for a render, half a millisecond for a kept page (docs/benchmarks.md).
    expect(kept / 50).toBeLessThan(rendered / 10 / 5)
  })

  it('sets the language cookie of a first visit for a whole year from now, also from a kept page', async () => {
    const yearFrom = ({ response }: Awaited<ReturnType<typeof page>>) =>
      Date.parse(/Expires=([^;]+)/.exec(languageCookieOf(response) ?? '')?.[1] ?? '') - Date.parse(response.headers.get('date')!)
    const first = await page('/forgot-password?first=1')
    await page('/forgot-password')
    await new Promise(resolve => setTimeout(resolve, 2100))
    const kept = await page('/forgot-password')
    expect(languageCookieOf(kept.response)).toMatch(/^cw_lang=zh-CN; /)
    expect(Math.abs(yearFrom(kept) - yearFrom(first))).toBeLessThanOrEqual(1000)
  })

  it('gives every answer a nonce of its own, the same in its CSP header and on every tag', async () => {
    const answers = [await page('/login'), await page('/login'), await page('/login')]
    const nonces = answers.map(({ response, body }) => noncesOf(response, body))
    for (const { header, tags } of nonces) expect(tags).toEqual([header])
    expect(new Set(nonces.map(({ header }) => header)).size).toBe(3)
    const [first, ...others] = answers.map(({ body }, index) => body.replaceAll(nonces[index]!.header!, 'NONCE'))
    for (const other of others) expect(other).toBe(first)
    expect(answers[2]!.body).toContain('data-test="provider-github"')
  })

  it('answers each language and colour scheme with its own page', async () => {
    const asked: { headers: Record<string, string>, lang: string, dark: boolean }[] = [
      { headers: { cookie: 'cw_lang=en' }, lang: 'en', dark: false },
      { headers: { cookie: 'cw_lang=zh-CN' }, lang: 'zh-CN', dark: false },
      { headers: { 'accept-language': 'en-GB,en;q=0.9' }, lang: 'en', dark: false },
      { headers: { 'accept-language': 'zh-CN' }, lang: 'zh-CN', dark: false },
      { headers: { cookie: 'cw_scheme=dark; cw_lang=en' }, lang: 'en', dark: true },
      { headers: { cookie: 'cw_lang=en; cw_scheme=light' }, lang: 'en', dark: false },
    ]
    // Twice round: the second time every one of them was kept.
    for (let round = 0; round < 2; round++) {
      for (const { headers, lang, dark } of asked) {
        const { response, body } = await page('/forgot-password', headers)
        expect(response.status).toBe(200)
        const html = htmlTagOf(body)
        expect(html, JSON.stringify(headers)).toContain(`lang="${lang}"`)
        expect(/class="[^"]*\bdark\b/.test(html), JSON.stringify(headers)).toBe(dark)
      }
    }
  })

  it('never answers someone signed in with a visitor\'s page', async () => {
    expect((await page('/login')).response.status).toBe(200)
    const { body } = await apiAt(`${server.url}/api/auth/register`, { body: { username: uniqueName('visitor'), password: GOOD_PASSWORD } })
    const signedIn = await page('/login', { cookie: `cw_access=${body.data.token}; cw_refresh=${body.data.refreshToken}` })
    const bearer = await page('/login', { authorization: `Bearer ${body.data.token}` })
    // The login page sends whoever is signed in on.
    expect([signedIn.response.status, bearer.response.status]).toEqual([302, 302])
  })
})

describe('a visitor\'s page rendered while the database was away', () => {
  it('is not kept: once the database is back, the next visitor gets the whole page', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 3306 })
    const databaseUrl = new URL(`${inject('databaseUrl')}_visitor_pages`)
    databaseUrl.port = String(proxy.port)
    proxy.cut()
    const server = await spawnServer({ NUXT_JWT_SECRET: JWT_SECRET, NUXT_DATABASE_URL: databaseUrl.toString(), ...GITHUB })
    const loginPage = async () => (await fetch(`${server.url}/login`, { headers: { accept: 'text/html' } })).text()
    try {
      // The providers' list waits for the database (server/middleware/api-guard.ts) and fails.
      const withoutProviders = await eventually(async () => {
        const body = await loginPage()
        expect(body).toContain('<form')
        return body
      })
      expect(withoutProviders).not.toContain('data-test="provider-github"')

      proxy.restore()
      await eventually(async () => expect((await fetch(`${server.url}/api/health`)).status).toBe(200), 30_000)
      expect(await loginPage()).toContain('data-test="provider-github"')
    }
    finally {
      await server.stop()
      await proxy.close()
    }
  })
})
