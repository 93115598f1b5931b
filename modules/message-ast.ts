import { readFile } from 'node:fs/promises'
import { baseCompile } from '@intlify/message-compiler'
import { defineNuxtModule } from '@nuxt/kit'
import { addNitroRollupPlugin } from './utils/nitro-rollup-plugin'

/** A locale file's content, its texts compiled: each string becomes vue-i18n's message AST. */
export function compileMessages(value: unknown, path: string[] = []): unknown {
  if (typeof value === 'string') {
    const { ast } = baseCompile(value, {
      jit: true,
      location: false,
      minify: true,
      onError(error) {
        throw new Error(`message-ast: ${path.join('.')}: ${error.message}`)
      },
    })
    return ast
  }
  if (Array.isArray(value)) return value.map((item, index) => compileMessages(item, [...path, String(index)]))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, compileMessages(item, [...path, key])]))
  }
  return value
}

/**
 * The pages' texts reach the browser through @nuxtjs/i18n's server route
 * (`/_i18n/<hash>/<code>/messages.json`), which serves the locale files as the server bundled
 * them: plain strings, which vue-i18n compiles at run time with its message compiler, so the
 * compiler had to ship in every page's entry chunk. This module compiles the locale files of
 * i18n/locales/ when the server is built, the way the module's own Vite plugin does for the
 * browser's copies, so the route serves vue-i18n's message AST and the server render reads the
 * same; nothing compiles a message at run time any more, and `i18n.bundle.dropMessageCompiler`
 * (nuxt.config.ts) leaves the compiler out of both bundles (docs/benchmarks.md, "First-load weight").
 */
export default defineNuxtModule({
  meta: { name: 'message-ast' },
  setup(_options, nuxt) {
    const localesDir = `${nuxt.options.rootDir}/i18n/locales/`
    addNitroRollupPlugin(nuxt, {
      name: 'message-ast',
      load: {
        order: 'pre',
        async handler(id) {
          const path = id.split('?')[0]!
          if (!path.startsWith(localesDir) || !path.endsWith('.json')) return null
          return JSON.stringify(compileMessages(JSON.parse(await readFile(path, 'utf8'))))
        },
      },
    })
  },
})
