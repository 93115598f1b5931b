import { createHooks } from 'hookable'
import type { NitroApp } from 'nitropack/types'
import { describe, expect, it } from 'vitest'
import { withPageOnlyHooks } from '../../modules/runtime/page-only-hooks'

const isApi = (path: string) => path.startsWith('/api/')

function appWithHooks() {
  return { hooks: createHooks(), h3App: {}, localFetch: () => undefined } as unknown as NitroApp
}

describe('page-only request hooks (@nuxtjs/i18n skips /api)', () => {
  it('calls a request hook for pages and not for the paths it skips', async () => {
    const app = appWithHooks()
    const seen: string[] = []
    withPageOnlyHooks(app, isApi).hooks.hook('request', (event) => {
      seen.push(event.path)
    })
    for (const path of ['/login', '/api/auth/me', '/profile', '/api/health']) await app.hooks.callHook('request', { path } as never)
    expect(seen).toEqual(['/login', '/profile'])
  })

  it('skips afterResponse and beforeResponse alike, passing the other arguments through', async () => {
    const app = appWithHooks()
    const seen: unknown[] = []
    const pageOnly = withPageOnlyHooks(app, isApi)
    pageOnly.hooks.hook('afterResponse', (event, response) => {
      seen.push([event.path, response])
    })
    pageOnly.hooks.hook('beforeResponse', (event) => {
      seen.push(event.path)
    })
    await app.hooks.callHook('afterResponse', { path: '/api/x' } as never, { body: 1 })
    await app.hooks.callHook('afterResponse', { path: '/login' } as never, { body: 2 })
    await app.hooks.callHook('beforeResponse', { path: '/api/x' } as never, { body: 3 })
    expect(seen).toEqual([['/login', { body: 2 }]])
  })

  it('leaves render hooks and the rest of the app untouched', async () => {
    const app = appWithHooks()
    const pageOnly = withPageOnlyHooks(app, isApi)
    const seen: string[] = []
    pageOnly.hooks.hook('render:html', () => {
      seen.push('render')
    })
    await app.hooks.callHook('render:html', {} as never, { event: { path: '/api/x' } } as never)
    expect(seen).toEqual(['render'])
    expect(pageOnly.h3App).toBe(app.h3App)
    expect(pageOnly.localFetch).toBe(app.localFetch)
  })

  it('lets the plugin remove the hooks it registered', async () => {
    const app = appWithHooks()
    const seen: string[] = []
    const remove = withPageOnlyHooks(app, isApi).hooks.hook('request', (event) => {
      seen.push(event.path)
    })
    remove()
    await app.hooks.callHook('request', { path: '/login' } as never)
    expect(seen).toEqual([])
  })
})
