import { defineNuxtModule } from '@nuxt/kit'

/**
 * Publishes the scanned `/api` routes and their methods as the virtual module `#api-routes`,
 * so the API's door (server/middleware/api-guard) can tell an unknown path (404) from a known
 * path asked with the wrong method (405).
 */
export default defineNuxtModule({
  meta: { name: 'api-routes' },
  setup(_options, nuxt) {
    nuxt.hook('nitro:init', (nitro) => {
      nitro.options.virtual['#api-routes'] = () => {
        const routes = nitro.scannedHandlers
          .filter(handler => handler.route?.startsWith('/api/'))
          .map(handler => ({ route: handler.route!, method: handler.method?.toUpperCase() ?? null }))
        return `export default ${JSON.stringify(routes)}`
      }
    })
  },
})
