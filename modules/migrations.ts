import { defineNuxtModule } from '@nuxt/kit'
import { readMigrationFiles } from 'drizzle-orm/migrator'

/**
 * Bundles drizzle/ into the server as the virtual module `#migrations`, so the built server
 * applies its migrations at start-up wherever `.output` is deployed.
 */
export default defineNuxtModule({
  meta: { name: 'migrations' },
  setup(_options, nuxt) {
    const migrationsFolder = `${nuxt.options.rootDir}/drizzle`
    nuxt.hook('nitro:config', (config) => {
      config.virtual ??= {}
      config.virtual['#migrations'] = () => `export default ${JSON.stringify(readMigrationFiles({ migrationsFolder }))}`
    })
  },
})
