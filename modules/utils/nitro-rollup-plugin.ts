import type { Nuxt } from '@nuxt/schema'
import type { Plugin } from 'rollup'

/** Adds `plugin` after the Rollup plugins Nitro's configuration already has, whatever form they take. */
export function addNitroRollupPlugin(nuxt: Nuxt, plugin: Plugin): void {
  nuxt.hook('nitro:config', (config) => {
    config.rollupConfig ??= {}
    const plugins = config.rollupConfig.plugins
    config.rollupConfig.plugins = [...(Array.isArray(plugins) ? plugins : plugins ? [plugins] : []), plugin]
  })
}
