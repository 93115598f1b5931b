import { describe, expect, it } from 'vitest'
import { ACCESS_COOKIE, carriesSession, REFRESH_COOKIE } from '../../shared/session-cookies'

/* A page render asks for the session only when this says yes (plugins/auth.ts). */
describe('carriesSession', () => {
  it('is true with either session cookie, wherever it stands in the header', () => {
    expect(carriesSession({ cookie: `${ACCESS_COOKIE}=abc` })).toBe(true)
    expect(carriesSession({ cookie: `cw_lang=en; ${REFRESH_COOKIE}=def` })).toBe(true)
    expect(carriesSession({ cookie: `cw_lang=en;${ACCESS_COOKIE}=abc;cw_scheme=dark` })).toBe(true)
    // The server's cookie parser trims around the name and the value, so this must say yes too.
    expect(carriesSession({ cookie: `${ACCESS_COOKIE} = abc` })).toBe(true)
  })

  it('is true with an Authorization header', () => {
    expect(carriesSession({ authorization: 'Bearer abc' })).toBe(true)
  })

  it('is false for a visitor: no cookie, other cookies, empty session cookies, look-alike names', () => {
    expect(carriesSession({})).toBe(false)
    expect(carriesSession({ cookie: 'cw_lang=en; cw_scheme=dark; cw_device=xyz' })).toBe(false)
    expect(carriesSession({ cookie: `${ACCESS_COOKIE}=; ${REFRESH_COOKIE}=` })).toBe(false)
    expect(carriesSession({ cookie: `x${ACCESS_COOKIE}=abc; ${REFRESH_COOKIE}x=def` })).toBe(false)
  })
})
