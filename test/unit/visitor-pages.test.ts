import { describe, expect, it } from 'vitest'
import { answerOf, KEPT_MS, KEPT_PAGES, KeptPages, movedOn, replayableHeaders, visitorPageKey } from '../../server/rendering/visitor-pages'

/* Which requests may share a visitor's page, and how a kept page is answered again (the server's side is test/e2e/visitor-pages.test.ts). */
describe('visitorPageKey', () => {
  it('keys a visitor\'s page by path, language cookie, scheme cookie and Accept-Language', () => {
    const keys = [
      visitorPageKey('/login', {}),
      visitorPageKey('/register', {}),
      visitorPageKey('/login', { cookie: 'cw_lang=en' }),
      visitorPageKey('/login', { cookie: 'cw_lang=en; cw_scheme=dark' }),
      visitorPageKey('/login', { 'accept-language': 'en' }),
      visitorPageKey('/login', { 'cookie': 'cw_lang=en', 'accept-language': 'en' }),
    ]
    expect(keys.every(key => typeof key === 'string')).toBe(true)
    expect(new Set(keys).size).toBe(keys.length)
    // The order of the cookies and the spaces around them change nothing.
    expect(visitorPageKey('/login', { cookie: ' cw_scheme=dark ;cw_lang = en' })).toBe(keys[3])
  })

  it('keys nothing that must be rendered for this request alone', () => {
    expect(visitorPageKey('/profile', {})).toBeUndefined()
    expect(visitorPageKey('/login?redirect=/admin', {})).toBeUndefined()
    expect(visitorPageKey('/login/', {})).toBeUndefined()
    expect(visitorPageKey('/login', { authorization: 'Bearer abc' })).toBeUndefined()
    expect(visitorPageKey('/login', { authorization: '' })).toBeUndefined()
    expect(visitorPageKey('/login', { cookie: 'cw_lang=en; cw_access=abc' })).toBeUndefined()
    expect(visitorPageKey('/login', { cookie: 'cw_refresh=' })).toBeUndefined()
    expect(visitorPageKey('/login', { cookie: 'cw_device=1.abc.def' })).toBeUndefined()
    expect(visitorPageKey('/login', { cookie: '_ga=GA1.1' })).toBeUndefined()
    expect(visitorPageKey('/login', { cookie: 'cw_lang=en; cw_lang=zh-CN' })).toBeUndefined()
    expect(visitorPageKey('/login', { cookie: 'cw_lang' })).toBeUndefined()
  })
})

describe('a kept page answered again', () => {
  const page = {
    body: '<script nonce="OLD+/=">x</script><style nonce="OLD+/=">y</style><p>OLD</p>',
    headers: {
      'content-security-policy': 'script-src \'self\' \'nonce-OLD+/=\'',
      'set-cookie': ['cw_lang=en; Path=/; SameSite=Lax'],
      'vary': 'Accept-Language, Cookie',
    },
    nonce: 'OLD+/=',
    keptAt: 0,
  }

  it('carries the new nonce wherever the old one stood, in the body and the headers, and nothing else changes', () => {
    const { body, headers } = answerOf(page, 'NEW$&', 60_000)
    expect(body).toBe('<script nonce="NEW$&">x</script><style nonce="NEW$&">y</style><p>OLD</p>')
    expect(headers).toEqual({ ...page.headers, 'content-security-policy': 'script-src \'self\' \'nonce-NEW$&\'' })
  })

  it('sets its cookies to expire as if they were set now', () => {
    const kept = { ...page, keptAt: Date.parse('2026-12-06T04:00:00Z'), headers: { 'set-cookie': 'cw_lang=en; Path=/; Expires=Mon, 06 Dec 2027 04:00:00 GMT; SameSite=Lax' } }
    const { headers } = answerOf(kept, 'n', Date.parse('2026-12-06T04:03:20Z'))
    expect(headers['set-cookie']).toEqual(['cw_lang=en; Path=/; Expires=Mon, 06 Dec 2027 04:03:20 GMT; SameSite=Lax'])
    expect(movedOn('a=b; expires=Mon, 06 Dec 2027 04:00:00 GMT', 1000)).toBe('a=b; expires=Mon, 06 Dec 2027 04:00:01 GMT')
    expect(movedOn('a=b; Max-Age=60', 1000)).toBe('a=b; Max-Age=60')
    expect(movedOn('a=b; Expires=whenever', 1000)).toBe('a=b; Expires=whenever')
  })

  it('replays the headers of the page, not those of its one answer', () => {
    expect(replayableHeaders({ 'Date': 'x', 'content-length': 5, 'connection': 'keep-alive', 'keep-alive': 'timeout=5', 'transfer-encoding': 'chunked', 'vary': 'Cookie', 'set-cookie': ['a=b'] }))
      .toEqual({ 'vary': 'Cookie', 'set-cookie': ['a=b'] })
  })
})

describe('KeptPages', () => {
  const entry = (body: string) => ({ body, headers: {}, nonce: 'n' })

  it('answers a page until it is KEPT_MS old', () => {
    let now = 1_000
    const kept = new KeptPages(() => now)
    kept.keep('a', entry('A'))
    now += KEPT_MS - 1
    expect(kept.get('a')?.body).toBe('A')
    now += 1
    expect(kept.get('a')).toBeUndefined()
    expect(kept.size).toBe(0)
  })

  it('holds KEPT_PAGES at most, the one asked for least recently leaving first', () => {
    const kept = new KeptPages()
    for (let index = 0; index <= KEPT_PAGES; index++) kept.keep(`page ${index}`, entry(String(index)))
    expect(kept.size).toBe(KEPT_PAGES)
    expect(kept.get('page 0')).toBeUndefined()
    expect(kept.get('page 1')?.body).toBe('1')
    // Kept again, a page is the newest.
    kept.keep('page 1', entry('1 again'))
    kept.keep('one more', entry('more'))
    expect(kept.get('page 1')?.body).toBe('1 again')
    expect(kept.get('page 2')).toBeUndefined()
  })

  it('keeps the pages asked for, when new ones push the others out', () => {
    const kept = new KeptPages()
    kept.keep('asked for', entry('A'))
    for (let index = 0; index < 3 * KEPT_PAGES; index++) {
      kept.keep(`made up ${index}`, entry(String(index)))
      expect(kept.get('asked for')?.body).toBe('A')
    }
  })
})
