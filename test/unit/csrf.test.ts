import { describe, expect, it } from 'vitest'
import { isSameOriginRequest } from '../../server/security/csrf'

const site = { siteOrigin: 'https://community.example', requestHost: 'community.example' }

describe('isSameOriginRequest (the CSRF check of a cookie-authenticated unsafe request)', () => {
  it('reads Origin first: the site\'s origin or the request\'s own host pass, anything else fails', () => {
    expect(isSameOriginRequest({ origin: 'https://community.example' }, site)).toBe(true)
    expect(isSameOriginRequest({ origin: 'http://localhost:3000' }, { siteOrigin: null, requestHost: 'LOCALHOST:3000' })).toBe(true)
    expect(isSameOriginRequest({ origin: 'https://evil.example', fetchSite: 'same-origin' }, site)).toBe(false)
    expect(isSameOriginRequest({ origin: 'null' }, site)).toBe(false)
  })

  it('without Origin, reads Sec-Fetch-Site, then the Referer', () => {
    expect(isSameOriginRequest({ fetchSite: 'same-origin' }, site)).toBe(true)
    expect(isSameOriginRequest({ fetchSite: 'none' }, site)).toBe(true)
    expect(isSameOriginRequest({ fetchSite: 'cross-site', referer: 'https://community.example/' }, site)).toBe(false)
    expect(isSameOriginRequest({ referer: 'https://community.example/profile' }, site)).toBe(true)
    expect(isSameOriginRequest({ referer: 'https://evil.example/' }, site)).toBe(false)
  })

  it('lets a request with none of them through: it is not from a browser', () => {
    expect(isSameOriginRequest({}, site)).toBe(true)
  })
})
