import { createHash } from 'node:crypto'
import { url } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { api, expectFailure, GOOD_PASSWORD, login, parseSetCookie, registerUser, startApp, uniqueName } from './support'

const FOREIGN = 'https://evil.example'

describe('security', async () => {
  await startApp()

  /** A signed-in browser's cookies, as the page would send them. */
  async function cookiesOf() {
    const { token, refreshToken } = await registerUser()
    return { token, cookie: `cw_access=${token}; cw_refresh=${refreshToken}` }
  }

  describe('CSRF: cookie-authenticated changes must come from the site itself', () => {
    const ownOrigin = () => new URL(url('/')).origin

    it.each([
      ['a foreign Origin', { origin: FOREIGN }],
      ['Origin: null', { origin: 'null' }],
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
      ['a foreign Referer', { referer: `${FOREIGN}/page` }],
    ])('refuses %s with 403 CSRF_REJECTED, changing nothing', async (_, headers) => {
      const { token, cookie } = await cookiesOf()
      expectFailure(await api('/api/auth/logout', { method: 'POST', headers: { cookie, ...headers } }), 403, 'CSRF_REJECTED')
      expectFailure(await api('/api/auth/me', { method: 'PATCH', body: { gender: 1 }, headers: { cookie, ...headers } }), 403, 'CSRF_REJECTED')
      expectFailure(await api('/api/auth/refresh', { method: 'POST', headers: { cookie, ...headers } }), 403, 'CSRF_REJECTED')
      const me = await api('/api/auth/me', { token })
      expect(me.status).toBe(200)
      expect(me.body.data.user.gender).toBe(0)
    })

    it('accepts the site\'s own Origin, Sec-Fetch-Site: same-origin, or a same-site Referer', async () => {
      const sameSite: Record<string, string>[] = [{ origin: ownOrigin() }, { 'sec-fetch-site': 'same-origin' }, { referer: url('/profile') }]
      for (const headers of sameSite) {
        const { cookie } = await cookiesOf()
        const response = await api('/api/auth/me', { method: 'PATCH', body: { gender: 2 }, headers: { cookie, ...headers } })
        expect(response.status, JSON.stringify(headers)).toBe(200)
      }
    })

    it('does not take a Basic Authorization header (which browsers send by themselves) for a Bearer client', async () => {
      const { cookie } = await cookiesOf()
      const response = await api('/api/auth/logout', { method: 'POST', headers: { cookie, origin: FOREIGN, authorization: 'Basic dXNlcjpwYXNz' } })
      expectFailure(response, 403, 'CSRF_REJECTED')
    })

    it('leaves Bearer requests alone: no ambient credential to forge', async () => {
      const { token } = await cookiesOf()
      const response = await api('/api/auth/me', { method: 'PATCH', body: { gender: 1 }, token, headers: { origin: FOREIGN } })
      expect(response.status).toBe(200)
    })

    it('lets reads through, and requests without cookies (a login form of another site gets no session to ride)', async () => {
      const { cookie } = await cookiesOf()
      expect((await api('/api/auth/me', { headers: { cookie, origin: FOREIGN } })).status).toBe(200)
      const username = uniqueName()
      const registered = await api('/api/auth/register', { body: { username, password: GOOD_PASSWORD }, headers: { origin: FOREIGN } })
      expect(registered.status).toBe(201)
    })

    it('refuses a plain HTML form post with 415 before anything else', async () => {
      const { cookie } = await cookiesOf()
      const response = await api('/api/auth/logout', {
        rawBody: 'x=1',
        headers: { cookie, 'origin': FOREIGN, 'content-type': 'application/x-www-form-urlencoded' },
      })
      expectFailure(response, 415, 'UNSUPPORTED_MEDIA_TYPE')
    })
  })

  describe('headers', () => {
    function expectCommonHeaders(headers: Headers) {
      expect(headers.get('content-security-policy')).toContain('frame-ancestors \'none\'')
      expect(headers.get('x-content-type-options')).toBe('nosniff')
      expect(headers.get('referrer-policy')).toBe('no-referrer')
      expect(headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/)
      expect(headers.get('x-frame-options')).toBe('DENY')
      expect(headers.has('x-powered-by')).toBe(false)
      expect(headers.has('access-control-allow-origin')).toBe(false)
    }

    it('puts a nonce-based CSP and the rest on pages', async () => {
      for (const path of ['/login', '/', '/no-such-page']) {
        const response = await fetch(url(path), { headers: { accept: 'text/html' } })
        expectCommonHeaders(response.headers)
        const csp = response.headers.get('content-security-policy')!
        const nonce = /'nonce-([\w+/=-]+)'/.exec(csp)?.[1]
        expect(nonce, csp).toBeTruthy()
        expect(csp).toMatch(/script-src [^;]*'strict-dynamic'/)
        expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/)
        const html = await response.text()
        const scripts = html.match(/<script\b[^>]*>/g) ?? []
        for (const script of scripts.filter(tag => !/type="application\/json"/.test(tag))) {
          expect(script).toContain(`nonce="${nonce}"`)
        }
        // With 'strict-dynamic', a module preload without the nonce would be refused too.
        const links = html.match(/<link\b[^>]*\brel="(?:modulepreload|preload|stylesheet)"[^>]*>/g) ?? []
        expect(links.length).toBeGreaterThan(0)
        for (const link of links) expect(link).toContain(`nonce="${nonce}"`)
      }
    })

    it('puts the integrity hash of each of the app\'s scripts and style sheets on their tags, as the served file hashes', async () => {
      const html = await (await fetch(url('/login'), { headers: { accept: 'text/html' } })).text()
      const tags = [
        ...html.match(/<script\b[^>]*\bsrc="\/_nuxt\/[^"]+"[^>]*>/g) ?? [],
        ...html.match(/<link\b[^>]*\brel="(?:modulepreload|preload|stylesheet)"[^>]*\bhref="\/_nuxt\/[^"]+"[^>]*>/g) ?? [],
      ]
      expect(tags.length).toBeGreaterThan(2)
      for (const tag of tags) {
        const asset = /\b(?:src|href)="([^"]+)"/.exec(tag)![1]!
        const integrity = /\bintegrity="([^"]+)"/.exec(tag)?.[1]
        const served = Buffer.from(await (await fetch(url(asset))).arrayBuffer())
        expect(integrity, tag).toBe(`sha384-${createHash('sha384').update(served).digest('base64')}`)
      }
    })

    it('puts them on API answers too, with a CSP that allows nothing', async () => {
      for (const path of ['/api/health', '/api/auth/me', '/api/nope']) {
        const response = await fetch(url(path))
        expectCommonHeaders(response.headers)
        expect(response.headers.get('content-security-policy')).toContain('default-src \'none\'')
      }
    })

    // The API's security rules are resolved once and shared (server/plugins/api-security-rules.ts):
    // every API answer keeps the same headers, and pages still get a nonce of their own.
    it('keeps the same headers on every API answer and a new nonce on every page, however many came before', async () => {
      const apiHeaders = async () => Object.fromEntries([...(await fetch(url('/api/auth/me'))).headers].filter(([name]) => !['date', 'content-length'].includes(name)))
      const first = await apiHeaders()
      const nonces = new Set<string>()
      for (let round = 0; round < 4; round++) {
        const page = await fetch(url('/login'), { headers: { accept: 'text/html' } })
        expectCommonHeaders(page.headers)
        nonces.add(/'nonce-([\w+/=-]+)'/.exec(page.headers.get('content-security-policy')!)![1]!)
        await page.text()
        expect(await apiHeaders()).toEqual(first)
      }
      expect(nonces.size).toBe(4)
      expect(first['content-security-policy']).toBe('default-src \'none\'; frame-ancestors \'none\'')
    })

    it('never answers a foreign origin with CORS, preflight included', async () => {
      const preflight = await fetch(url('/api/auth/me'), {
        method: 'OPTIONS',
        headers: { 'origin': FOREIGN, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type' },
      })
      expect(preflight.headers.has('access-control-allow-origin')).toBe(false)
      expect(preflight.headers.has('access-control-allow-credentials')).toBe(false)
      const read = await fetch(url('/api/auth/me'), { headers: { origin: FOREIGN } })
      expect(read.headers.has('access-control-allow-origin')).toBe(false)
    })

    it('sets session cookies HttpOnly, Secure and SameSite=Lax in production', async () => {
      const { username } = await registerUser()
      const response = await login(username, GOOD_PASSWORD)
      for (const name of ['cw_access', 'cw_refresh']) {
        const { attributes } = parseSetCookie(response.cookies[name]!)
        expect(attributes).toMatchObject({ httponly: true, secure: true, samesite: 'Lax', path: '/' })
      }
    })
  })

  it('takes about as long to refuse an unknown account as a wrong password (within a factor of two)', async () => {
    const accounts = await Promise.all(Array.from({ length: 3 }, () => registerUser()))
    const timeOf = async (identifier: string) => {
      const started = performance.now()
      const response = await login(identifier, 'a wrong password')
      expect(response.status).toBe(401)
      return performance.now() - started
    }
    const known: number[] = []
    const unknown: number[] = []
    for (let round = 0; round < 4; round++) {
      for (const account of accounts) {
        known.push(await timeOf(account.username))
        unknown.push(await timeOf(uniqueName('nobody')))
      }
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
    const ratio = median(known) / median(unknown)
    expect(ratio).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(2)
  })
})
