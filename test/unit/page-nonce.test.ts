import { describe, expect, it } from 'vitest'
import { newNonce, withNonce } from '../../server/security/page-nonce'

/* The CSP nonce on a rendered page's tags (server/plugins/page-nonce.ts). */
describe('withNonce', () => {
  const nonce = 'n0nce+/='

  it('puts the nonce on every script, style and link tag, keeping their attributes and case', () => {
    const head = '<meta charset="utf-8"><link rel="modulepreload" crossorigin href="/_nuxt/a.js"><LINK rel="stylesheet" href="/_nuxt/a.css"/>'
      + '<style>.a{color:red}</style><script type="module" src="/_nuxt/entry.js" crossorigin></script><script>window.x=1</script>'
    expect(withNonce(head, nonce)).toBe('<meta charset="utf-8"><link nonce="n0nce+/=" rel="modulepreload" crossorigin href="/_nuxt/a.js">'
      + '<LINK nonce="n0nce+/=" rel="stylesheet" href="/_nuxt/a.css"/><style nonce="n0nce+/=">.a{color:red}</style>'
      + '<script nonce="n0nce+/=" type="module" src="/_nuxt/entry.js" crossorigin></script><script nonce="n0nce+/=">window.x=1</script>')
  })

  it('replaces a nonce a tag already has', () => {
    expect(withNonce('<link rel="preload" nonce="old" href="/a"><script nonce="">1</script>', nonce))
      .toBe('<link rel="preload" nonce="n0nce+/=" href="/a"><script nonce="n0nce+/=">1</script>')
  })

  it('leaves the text of a script or a style alone, tags in it included', () => {
    const payload = '<script type="application/json" id="__NUXT_DATA__">["<script>alert(1)<\\/script>","<link href=x>"]</script><p>after</p><script>2</script>'
    expect(withNonce(payload, nonce)).toBe('<script nonce="n0nce+/=" type="application/json" id="__NUXT_DATA__">["<script>alert(1)<\\/script>","<link href=x>"]</script>'
      + '<p>after</p><script nonce="n0nce+/=">2</script>')
    expect(withNonce('<style>a::after{content:"<script>"}</STYLE><script>1</script>', nonce))
      .toBe('<style nonce="n0nce+/=">a::after{content:"<script>"}</STYLE><script nonce="n0nce+/=">1</script>')
    // An element that never ends holds the rest of the page as its text.
    expect(withNonce('<script>never ends <script>', nonce)).toBe('<script nonce="n0nce+/=">never ends <script>')
  })

  it('leaves other elements alone, those whose names only start alike included', () => {
    const body = '<div id="__nuxt"><scripts-list></scripts-list><link-card href="/x"></link-card><styled>s</styled><p title="a &lt;script&gt;">t</p></div>'
    expect(withNonce(body, nonce)).toBe(body)
  })

  it('answers the same string when there is nothing to mark', () => {
    const body = '<div><p>no tags to mark</p></div>'
    expect(withNonce(body, nonce)).toBe(body)
    expect(withNonce('', nonce)).toBe('')
  })
})

describe('newNonce', () => {
  it('is 18 random bytes in base64, new each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce))
    expect(nonces.size).toBe(100)
    for (const one of nonces) expect(Buffer.from(one, 'base64')).toHaveLength(18)
  })
})
