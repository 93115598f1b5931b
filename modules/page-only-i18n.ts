import { fileURLToPath } from 'node:url'
import { defineNuxtModule } from '@nuxt/kit'

/** @nuxtjs/i18n's Nitro plugin, as `addServerPlugin` registers it. */
const I18N_SERVER_PLUGIN = /[\\/]@nuxtjs[\\/]i18n[\\/]dist[\\/]runtime[\\/]server[\\/]plugin(\.m?js)?$/

/**
 * @nuxtjs/i18n sets up its render context (`initializeI18nContext`: a copy of the whole
 * runtime config with the environment read again, the vue-i18n options, the locale table) in a
 * `request` hook, so for every request, `/api` included, where nothing renders: it was 30% of the
 * CPU of `GET /api/auth/me` (docs/benchmarks.md, issue 16). This module registers that plugin
 * through modules/runtime/page-only-i18n-plugin.ts (`withPageOnlyHooks`, modules/runtime/page-only-hooks.ts), so its request hooks skip
 * `/api` (`isApiPath`); pages, their error pages and the module's own message route keep it.
 * The API's texts do not use it (server/i18n/messages.ts).
 */
export default defineNuxtModule({
  meta: { name: 'page-only-i18n' },
  setup(_options, nuxt) {
    nuxt.hook('nitro:config', (config) => {
      const plugins = config.plugins ?? []
      const index = plugins.findIndex(plugin => typeof plugin === 'string' && I18N_SERVER_PLUGIN.test(plugin))
      if (index < 0) throw new Error('page-only-i18n: @nuxtjs/i18n\'s server plugin was not found (did the module move it?)')
      config.alias = { ...config.alias, '#i18n-server-plugin': plugins[index]! }
      plugins[index] = fileURLToPath(new URL('./runtime/page-only-i18n-plugin', import.meta.url))
    })
  },
})
