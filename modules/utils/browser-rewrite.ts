import { addVitePlugin, defineNuxtModule } from '@nuxt/kit'
import type { Plugin } from 'vite'

/**
 * A Nuxt module that rewrites one file of a package in the browser's production build:
 * `rewrite` gets the code of the file whose path matches `file` and answers the new code (it
 * throws when the package changed under it, failing the build). The server build and `nuxt dev`
 * keep the package as it is.
 */
export function defineBrowserRewrite(name: string, file: RegExp, rewrite: (code: string) => string) {
  return defineNuxtModule({
    meta: { name },
    setup() {
      const plugin: Plugin = {
        name,
        transform(code, id) {
          if (file.test(id.split('?')[0]!)) return { code: rewrite(code), map: null }
        },
      }
      addVitePlugin(plugin, { server: false, dev: false })
    },
  })
}
