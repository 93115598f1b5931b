import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { defineNuxtModule } from '@nuxt/kit'

/** The files of the built server that load Vue's template compilers, and the line that does. */
export const COMPILER_LOADERS = [
  { file: 'vue/dist/vue.cjs.prod.js', line: 'var compilerDom = require(\'@vue/compiler-dom\');' },
  { file: 'vue/dist/vue.cjs.js', line: 'var compilerDom = require(\'@vue/compiler-dom\');' },
  { file: '@vue/server-renderer/dist/server-renderer.cjs.prod.js', line: 'var compilerSsr = require(\'@vue/compiler-ssr\');' },
]

/**
 * The same line, loading the compiler when a template is first compiled at run time: Vue's
 * packages call nothing of it but `compile`, and this app's templates are all compiled at build
 * time, so the compiler is never loaded.
 */
export function deferCompiler(code: string, line: string): string {
  if (!code.includes(line)) throw new Error(`lazy-vue-compiler: "${line}" is gone; update modules/lazy-vue-compiler.ts`)
  const [, name, specifier] = /^var (\w+) = require\('([^']+)'\);$/.exec(line)!
  return code.replace(line, `var ${name} = { compile: (...args) => require('${specifier}').compile(...args) };`)
}

/**
 * Vue (`vue`, for `compile`) and its server renderer (`@vue/server-renderer`, for templates given
 * as strings) load Vue's template compilers, @babel/parser included, when they are first imported:
 * about 10 MB of the server's memory from its first page render on, for a compiler a built app
 * never calls. After the server is built, this module rewrites the loading line of the copies in
 * `.output/server/node_modules` to load the compiler on first use (docs/benchmarks.md, "Memory").
 * A build whose Vue no longer has that line fails here, so an upgrade is noticed.
 */
export default defineNuxtModule({
  meta: { name: 'lazy-vue-compiler' },
  setup(_options, nuxt) {
    if (nuxt.options.dev) return
    nuxt.hook('nitro:init', (nitro) => {
      nitro.hooks.hook('compiled', async () => {
        const modules = join(nitro.options.output.serverDir, 'node_modules')
        for (const { file, line } of COMPILER_LOADERS) {
          const path = join(modules, file)
          if (!existsSync(path)) continue
          await writeFile(path, deferCompiler(await readFile(path, 'utf8'), line))
        }
      })
    })
  },
})
