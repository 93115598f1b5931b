import { describe, expect, it } from 'vitest'
import { assetsOf } from '../../bench/page-weight'
import { formatSpread, spreadOf } from '../../bench/stats'

describe('bench: median and spread over runs', () => {
  it('takes the middle value of an odd count and the mean of the two middle ones of an even count', () => {
    expect(spreadOf([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30, runs: 3 })
    expect(spreadOf([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 })
  })

  it('shows the range only when there was more than one run', () => {
    const format = (value: number) => `${value} ms`
    expect(formatSpread(spreadOf([7]), format)).toBe('7 ms')
    expect(formatSpread(spreadOf([9, 7, 8]), format)).toBe('8 ms (7 ms–9 ms)')
  })

  it('refuses to summarise nothing', () => {
    expect(() => spreadOf([])).toThrow()
  })
})

describe('bench: the assets a first visit downloads', () => {
  it('counts entry scripts, module preloads and style sheets, once each, and not prefetches', () => {
    const html = `<!DOCTYPE html><html><head>
      <link rel="stylesheet" href="/_nuxt/entry.css" crossorigin>
      <link rel="modulepreload" as="script" crossorigin href="/_nuxt/entry.js">
      <link rel="modulepreload" as="script" crossorigin href="/_nuxt/login.js">
      <link rel="prefetch" as="script" crossorigin href="/_nuxt/profile.js">
      <link rel="preload" as="style" href="/_nuxt/login.css">
      <link rel="icon" href="/favicon.ico">
      <script type="module" src="/_nuxt/entry.js" crossorigin nonce="abc"></script>
      </head><body><script>window.__NUXT__={}</script><script type="application/json" data-nuxt-data="nuxt-app">[]</script></body></html>`
    expect(assetsOf(html)).toEqual({ js: ['/_nuxt/entry.js', '/_nuxt/login.js'], css: ['/_nuxt/entry.css', '/_nuxt/login.css'] })
  })
})
