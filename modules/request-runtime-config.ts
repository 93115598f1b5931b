import { fileURLToPath } from 'node:url'
import { defineNuxtModule } from '@nuxt/kit'

/**
 * Nitro's `useRuntimeConfig(event)` builds each request its own copy of the runtime config and
 * reads every `NUXT_…` variable of the environment again for it (`applyEnv`: each key
 * snake-cased and looked up). @nuxtjs/i18n and the renderer ask for it on every page: 15% of the
 * CPU of rendering `/login` (docs/benchmarks.md, issue 16). This module puts a Nitro plugin
 * first in line (modules/runtime/request-runtime-config.ts) that hands each request a copy of
 * the config as the environment made it at start-up instead: still a copy of its own, without
 * the environment read again.
 */
export default defineNuxtModule({
  meta: { name: 'request-runtime-config' },
  setup(_options, nuxt) {
    nuxt.hook('nitro:config', (config) => {
      config.plugins = [fileURLToPath(new URL('./runtime/request-runtime-config', import.meta.url)), ...(config.plugins ?? [])]
    })
  },
})
