import { describe, expect, it } from 'vitest'
import { defineLazyCopy } from '../../modules/runtime/lazy-copy'

/* Each request's runtime config (modules/request-runtime-config.ts) is such a copy. */
describe('defineLazyCopy', () => {
  const source = Object.freeze({ siteUrl: 'https://example.com', public: Object.freeze({ i18n: { locales: ['zh-CN', 'en'] } }) })

  it('answers a copy of its own, the same one on every read, that may be changed', () => {
    const context: { runtimeConfig?: any } = {}
    defineLazyCopy(context, 'runtimeConfig', source)
    const copy = context.runtimeConfig
    expect(copy).toEqual(source)
    expect(copy).not.toBe(source)
    expect(context.runtimeConfig).toBe(copy)
    copy.public.i18n.locales.push('fr')
    expect(source.public.i18n.locales).toEqual(['zh-CN', 'en'])
  })

  it('gives two requests two copies', () => {
    const first: { runtimeConfig?: any } = {}
    const second: { runtimeConfig?: any } = {}
    defineLazyCopy(first, 'runtimeConfig', source)
    defineLazyCopy(second, 'runtimeConfig', source)
    expect(first.runtimeConfig).not.toBe(second.runtimeConfig)
  })

  it('leaves a value already there, and takes one written before the first read', () => {
    const own = { siteUrl: 'own' }
    const set: { runtimeConfig?: any } = { runtimeConfig: own }
    defineLazyCopy(set, 'runtimeConfig', source)
    expect(set.runtimeConfig).toBe(own)
    const written: { runtimeConfig?: any } = {}
    defineLazyCopy(written, 'runtimeConfig', source)
    written.runtimeConfig = own
    expect(written.runtimeConfig).toBe(own)
  })
})
