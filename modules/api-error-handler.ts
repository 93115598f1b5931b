import { defineNuxtModule } from '@nuxt/kit'

/**
 * Puts server/error-handler.ts in front of Nuxt's own error handler, so failed `/api` requests
 * answer with the JSON envelope while pages keep Nuxt's error page. (Setting `nitro.errorHandler`
 * in nuxt.config would replace Nuxt's handler instead of preceding it.)
 */
export default defineNuxtModule({
  meta: { name: 'api-error-handler' },
  setup(_options, nuxt) {
    nuxt.hook('nitro:config', (config) => {
      const handlers = [config.errorHandler].flat().filter((handler): handler is string => !!handler)
      config.errorHandler = [`${nuxt.options.serverDir}/error-handler`, ...handlers] as unknown as string
    })
  },
})
