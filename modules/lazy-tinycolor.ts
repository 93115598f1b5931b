import { defineBrowserRewrite } from './utils/browser-rewrite'

const BUTTON_CUSTOM = /[\\/]element-plus[\\/]es[\\/]components[\\/]button[\\/]src[\\/]button-custom\.mjs$/
const IMPORT = 'import { TinyColor } from "@ctrl/tinycolor";'
const USE = 'const color = new TinyColor(buttonColor);'

/**
 * Element Plus's button (`useButtonCustomStyle`) imports @ctrl/tinycolor to work out the shades
 * of a button given a `color`: 18 kB of the entry chunk (6 kB gzipped) that every page loaded,
 * though no button here has a `color`. In the browser build this module has the button import
 * it the first time one has a `color`: until then such a button keeps its server-rendered
 * style, then gets its shades as before. The server build and `nuxt dev` are unchanged
 * (docs/benchmarks.md, "First-load weight").
 */
export function deferTinyColor(code: string): string {
  if (!code.includes(IMPORT) || !code.includes(USE)) throw new Error('lazy-tinycolor: element-plus\'s button-custom.mjs changed; update modules/lazy-tinycolor.ts')
  return code
    .replace(IMPORT, [
      'import { shallowRef as __shallowRef } from "vue";',
      'const __tinyColor = __shallowRef();',
      'let __tinyColorLoad;',
      'function __loadTinyColor() {',
      '  __tinyColorLoad ??= import("@ctrl/tinycolor").then((module) => { __tinyColor.value = module.TinyColor; });',
      '}',
    ].join('\n'))
    .replace(USE, [
      'const TinyColor = __tinyColor.value;',
      'if (!TinyColor) { __loadTinyColor(); return styles; }',
      USE,
    ].join('\n'))
}

export default defineBrowserRewrite('lazy-tinycolor', BUTTON_CUSTOM, deferTinyColor)
