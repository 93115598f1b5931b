import { addVitePlugin, defineNuxtModule } from '@nuxt/kit'
import type { Plugin } from 'vite'

/** @nuxtjs/i18n's runtime context, which loads a render's texts. */
const CONTEXT = /[\\/]@nuxtjs[\\/]i18n[\\/]dist[\\/]runtime[\\/]context\.js$/
/** How its `loadMessagesFromServer` puts the texts of each language into the render's vue-i18n. */
const MERGE = 'i18n.mergeLocaleMessage(k, messages[k]);'

/**
 * The same, without the copy: a language that has no texts yet in this render's vue-i18n takes
 * the fetched texts as they are (`setLocaleMessage`); one that has texts gets them merged, as
 * before, into a copy of its own when the texts it has are the shared, frozen ones.
 */
export function shareTexts(code: string): string {
  if (code.split(MERGE).length !== 2) throw new Error('shared-i18n-texts: @nuxtjs/i18n\'s loadMessagesFromServer changed; update modules/shared-i18n-texts.ts')
  return code.replace(MERGE, [
    'const held = i18n.getLocaleMessage(k);',
    'if (Object.keys(held).length === 0) { i18n.setLocaleMessage(k, messages[k]); continue; }',
    'if (Object.isFrozen(held)) { i18n.setLocaleMessage(k, {}); i18n.mergeLocaleMessage(k, held); }',
    MERGE,
  ].join('\n      '))
}

/**
 * Every server render loads its language's texts and @nuxtjs/i18n merges them into the render's
 * own vue-i18n (`mergeLocaleMessage`), a deep copy of every text's compiled form: 270 kB of each
 * `/login` render's 2.8 MB, and the largest part of what a render leaves for the old generation
 * to collect (docs/benchmarks.md, "5 December 2026"). The texts a render fetches are the shared,
 * deep-frozen ones (server/plugins/i18n-messages.ts), and vue-i18n only reads them, so in the
 * server build this module has the render use them as they are. The browser build and
 * `nuxt dev` are unchanged; a build whose @nuxtjs/i18n no longer has that line fails here.
 */
export default defineNuxtModule({
  meta: { name: 'shared-i18n-texts' },
  setup() {
    const plugin: Plugin = {
      name: 'shared-i18n-texts',
      transform(code, id) {
        if (CONTEXT.test(id.split('?')[0]!)) return { code: shareTexts(code), map: null }
      },
    }
    addVitePlugin(plugin, { client: false, dev: false })
  },
})
