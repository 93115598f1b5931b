import { describe, expect, it } from 'vitest'
import { newNonce, stampTags, type TagStamp } from '../../server/security/page-tags'

/* The CSP nonce and the integrity hashes on a rendered page's tags (server/plugins/page-tags.ts). */
/** The stamped part, its pieces joined as Nuxt joins them into the document. */
const stamped = (html: string, stamp: TagStamp) => stampTags(html, stamp).join('')

describe('stampTags: the nonce', () => {
  const nonce = 'n0nce+/='
  const withNonce = (html: string, nonce: string) => stamped(html, { nonce, integrity: {} })

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

  it('answers the part itself, alone, when there is nothing to mark', () => {
    const body = '<div><p>no tags to mark</p></div>'
    expect(stampTags(body, { nonce, integrity: {} })).toEqual([body])
    expect(stampTags('', { nonce, integrity: {} })).toEqual([''])
  })

  it('answers the pieces of the stamped part, the new tags between the untouched stretches', () => {
    expect(stampTags('<p>a</p><script>x</script><p>b</p><link href="/c">', { nonce: 'n', integrity: {} }))
      .toEqual(['<p>a</p>', '<script nonce="n">', 'x</script><p>b</p>', '<link nonce="n" href="/c">'])
  })
})

describe('stampTags: integrity', () => {
  const stamp = { nonce: 'n', integrity: { '/_nuxt/entry.js': 'sha384-E', '/_nuxt/a.css': 'sha384-C', '/_nuxt/b.js': 'sha384-B' } }

  it('puts the hash on a script with a known src and on a known style sheet, preload or module preload link', () => {
    expect(stamped('<script type="module" src="/_nuxt/entry.js" crossorigin></script>', stamp))
      .toBe('<script integrity="sha384-E" nonce="n" type="module" src="/_nuxt/entry.js" crossorigin></script>')
    expect(stamped('<link rel="stylesheet" href="/_nuxt/a.css"><link rel="preload" as="script" href="/_nuxt/b.js"><link rel="modulepreload" href="/_nuxt/b.js">', stamp))
      .toBe('<link integrity="sha384-C" nonce="n" rel="stylesheet" href="/_nuxt/a.css"><link integrity="sha384-B" nonce="n" rel="preload" as="script" href="/_nuxt/b.js">'
        + '<link integrity="sha384-B" nonce="n" rel="modulepreload" href="/_nuxt/b.js">')
  })

  it('leaves without a hash what it does not know, what is not checked and what has one', () => {
    const unchanged = [
      '<script src="/elsewhere.js"></script>',
      '<script>inline()</script>',
      '<link rel="prefetch" as="script" href="/_nuxt/b.js">',
      '<link rel="icon" href="/_nuxt/a.css">',
      '<script integrity="sha384-mine" src="/_nuxt/entry.js"></script>',
      '<script data-src="/_nuxt/entry.js"></script>',
    ]
    for (const html of unchanged) expect(stamped(html, stamp)).not.toContain('sha384-E"')
    expect(stamped('<script integrity="sha384-mine" src="/_nuxt/entry.js"></script>', stamp)).toBe('<script nonce="n" integrity="sha384-mine" src="/_nuxt/entry.js"></script>')
    expect(stamped('<link rel="prefetch" href="/_nuxt/b.js">', stamp)).toBe('<link nonce="n" rel="prefetch" href="/_nuxt/b.js">')
  })
})

describe('newNonce', () => {
  it('is 18 random bytes in base64, new each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce))
    expect(nonces.size).toBe(100)
    for (const one of nonces) expect(Buffer.from(one as string, 'base64')).toHaveLength(18)
  })
})
