import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { createEvent } from 'h3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const SECRET = 'unit-test-secret-that-is-long-enough-0123456789'

/** A request carrying `cookie`, and what the answer sets. */
function eventWith(cookie?: string) {
  const req = new IncomingMessage(new Socket())
  req.headers = cookie ? { cookie } : {}
  const res = new ServerResponse(req)
  return createEvent(req, res)
}

const setCookies = (event: ReturnType<typeof eventWith>) => ([] as string[]).concat(event.node.res.getHeader('set-cookie') as string[] ?? [])

describe('the flow cookie of a provider sign-in', async () => {
  beforeAll(() => vi.stubGlobal('useRuntimeConfig', () => ({ jwtSecret: SECRET })))
  afterAll(() => vi.unstubAllGlobals())
  const { FLOW_SECONDS, setFlowCookie, stateMatches, takeFlowCookie } = await import('../../server/oauth/flow-cookie')
  const flow = { state: 'state-0123456789', codeVerifier: 'verifier-0123456789', nonce: 'nonce-0123', redirect: '/profile', linkUserId: 7 }

  /** The cookie pair (`name=value`) that starting `flow` with `provider` sets. */
  function started(provider = 'oidc', at = Date.now()) {
    vi.setSystemTime(at)
    const event = eventWith()
    setFlowCookie(event, provider, flow)
    vi.useRealTimers()
    const line = setCookies(event)[0]!
    expect(line).toMatch(new RegExp(`^cw_oauth_${provider}=.+; Max-Age=${FLOW_SECONDS}; Path=/api/auth/oauth/${provider}; .*HttpOnly.*SameSite=Lax`))
    return line.split(';')[0]!
  }

  it('gives the flow back to the browser that started it, once (the callback removes the cookie)', () => {
    const event = eventWith(started())
    expect(takeFlowCookie(event, 'oidc')).toEqual(flow)
    expect(setCookies(event).some(line => /^cw_oauth_oidc=;.*Max-Age=0/.test(line))).toBe(true)
    expect(stateMatches(flow, 'state-0123456789')).toBe(true)
    expect(stateMatches(flow, 'state-0123456780')).toBe(false)
    expect(stateMatches(null, 'state-0123456789')).toBe(false)
  })

  it('refuses a cookie that was changed, one of another provider, and one older than ten minutes', () => {
    const pair = started()
    const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]
    const [payload, mac] = decodeURIComponent(value).split('.')
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), l: 1 })).toString('base64url')
    expect(takeFlowCookie(eventWith(`${name}=${changed}.${mac}`), 'oidc')).toBeNull()
    expect(takeFlowCookie(eventWith(`cw_oauth_github=${value}`), 'github')).toBeNull()
    expect(takeFlowCookie(eventWith(started('oidc', Date.now() - (FLOW_SECONDS + 1) * 1000)), 'oidc')).toBeNull()
    expect(takeFlowCookie(eventWith(), 'oidc')).toBeNull()
  })
})
