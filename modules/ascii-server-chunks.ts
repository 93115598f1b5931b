import { defineNuxtModule } from '@nuxt/kit'
import { transform } from 'esbuild'
import { addNitroRollupPlugin } from './utils/nitro-rollup-plugin'

/** Any character outside ASCII. */
const NON_ASCII = /[\u0080-\uFFFF]/
const EVERY_NON_ASCII = /[\u0080-\uFFFF]/g

/** A line that is a `//` comment and nothing else. */
const COMMENT_LINE = /^[ \t]*\/\/.*$/gm

const escape = (text: string) => text.replace(EVERY_NON_ASCII, character => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)

/** Whether two texts are the same program: equal once printed without comments or layout. */
async function sameProgram(one: string, other: string): Promise<boolean> {
  const print = async (code: string) => (await transform(code, { format: 'esm', loader: 'js', minifyWhitespace: true, legalComments: 'none' })).code
  return await print(one) === await print(other)
}

/**
 * `code` printed again with every character outside ASCII written as an escape (`\u4E2D`), and
 * the source map from the old text to the new; `null` when it is ASCII already. esbuild prints
 * the module, so each escape is the one its place needs, in strings, templates and names. It
 * leaves a few characters as they are: those whose escape would change the program (a regular
 * expression's `source`, a tagged template's `raw`) and those of the comments it keeps; the
 * latter are escaped here, line by line, once a print without comments shows the program unchanged.
 */
export async function escapeNonAscii(code: string, file: string): Promise<{ code: string, map: string } | null> {
  if (!NON_ASCII.test(code)) return null
  const printed = await transform(code, { charset: 'ascii', format: 'esm', loader: 'js', sourcemap: 'external', sourcefile: file })
  let text = printed.code
  if (NON_ASCII.test(text)) {
    const commentsEscaped = text.replace(COMMENT_LINE, escape)
    if (await sameProgram(text, commentsEscaped)) text = commentsEscaped
  }
  return { code: text, map: printed.map }
}

/**
 * V8 keeps the source of every loaded module for as long as the server runs, one byte per
 * character when the source is all ASCII and two when a single character is not. The server's
 * two largest chunks held Chinese texts (the i18n messages of nitro.mjs, Element Plus's zh-cn
 * words in server.mjs), so their 1.07 MB of source took 2.08 MB of memory. This module escapes
 * those characters in the server's chunks when they are written: 1.1 MB less heap in use after
 * the first renders (docs/benchmarks.md, "Memory").
 */
export default defineNuxtModule({
  meta: { name: 'ascii-server-chunks' },
  setup(_options, nuxt) {
    addNitroRollupPlugin(nuxt, {
      name: 'ascii-server-chunks',
      renderChunk: (code, chunk) => escapeNonAscii(code, chunk.fileName),
    })
  },
})
