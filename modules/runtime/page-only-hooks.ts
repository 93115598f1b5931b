import type { NitroApp } from 'nitropack/types'

/** The request hooks whose first argument is the request's event. */
const REQUEST_HOOKS = new Set(['request', 'beforeResponse', 'afterResponse'])

/**
 * The Nitro app as a page-only plugin should see it: the same app, except that the request
 * hooks it registers are not called for the requests `skips` picks (e.g. `/api`, which renders
 * no page). Render hooks are left as they are: they only run for pages.
 */
export function withPageOnlyHooks(nitroApp: NitroApp, skips: (path: string) => boolean): NitroApp {
  const hook = ((name: string, handler: (...args: unknown[]) => unknown, options?: unknown) => {
    if (!REQUEST_HOOKS.has(name)) return (nitroApp.hooks.hook as (...args: unknown[]) => () => void)(name, handler, options)
    const pageOnly = (...args: unknown[]) => {
      const event = args[0] as { path?: string } | undefined
      if (event?.path !== undefined && skips(event.path)) return
      return handler(...args)
    }
    return (nitroApp.hooks.hook as (...args: unknown[]) => () => void)(name, pageOnly, options)
  }) as NitroApp['hooks']['hook']
  const hooks = Object.assign(Object.create(nitroApp.hooks) as NitroApp['hooks'], { hook })
  return Object.assign(Object.create(nitroApp) as NitroApp, { hooks })
}
