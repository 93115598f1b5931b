import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { addVitePlugin, defineNuxtModule } from '@nuxt/kit'
import type { Plugin } from 'vite'

const PACKAGE = '@element-plus/icons-vue'
const BARREL = '\0split-icons'
const ICON_PREFIX = 'split-icons:'

/**
 * The icons of @element-plus/icons-vue as one module per icon: `{ name: code }`, each code
 * exporting that icon as its default. Read from the package's single ES file, whose sections
 * each start with `// src/components/<file>.vue` and end with `<file>_default = _sfc_mainN;`,
 * and whose closing `export { <file>_default as <Name>, … }` names them.
 */
export function splitIcons(source: string): Map<string, string> {
  const sections = source.split(/\n(?=\/\/ src\/components\/)/).slice(1)
  const exportList = source.slice(source.lastIndexOf('export {'))
  const names = new Map([...exportList.matchAll(/(\w+_default) as (\w+)/g)].map(([, local, name]) => [local!, name!]))
  const icons = new Map<string, string>()
  for (const section of sections) {
    const code = section.includes('export {') ? section.slice(0, section.lastIndexOf('export {')) : section
    const locals = [...code.matchAll(/(\w+_default) = _sfc_main\d*;/g)].map(match => match[1]!)
    const name = locals.length === 1 ? names.get(locals[0]!) : undefined
    if (!name) throw new Error(`split-icons: ${PACKAGE} changed its layout (section ${section.slice(0, 60)})`)
    icons.set(name, `${code}\nexport default ${locals[0]};\n`)
  }
  if (icons.size !== names.size) throw new Error(`split-icons: ${icons.size} icons found for ${names.size} exports of ${PACKAGE}`)
  return icons
}

/**
 * @element-plus/icons-vue ships its 293 icons in one ES module. Rollup splits chunks by module,
 * so every icon that any page or Element Plus component imports (pagination's arrows, the
 * image viewer's, the password toggle's eyes…) landed in the entry chunk that every page loads.
 * In the browser build, this module serves the package as a barrel of re-exports from one
 * module per icon, so each icon goes with the chunks that use it (docs/benchmarks.md,
 * "First-load weight"). The server build and `nuxt dev` use the package as it is.
 */
export default defineNuxtModule({
  meta: { name: 'split-icons' },
  setup() {
    let icons: Map<string, string> | undefined
    const load = () => (icons ??= splitIcons(readFileSync(createRequire(import.meta.url).resolve(`${PACKAGE}/dist/index.js`), 'utf8')))
    const plugin: Plugin = {
      name: 'split-icons',
      enforce: 'pre',
      resolveId(id) {
        if (id === PACKAGE) return BARREL
        if (id.startsWith(ICON_PREFIX)) return `\0${id}`
      },
      load(id) {
        if (id === BARREL) return [...load().keys()].map(name => `export { default as ${name} } from '${ICON_PREFIX}${name}'`).join('\n')
        if (id.startsWith(`\0${ICON_PREFIX}`)) return load().get(id.slice(ICON_PREFIX.length + 1))
      },
    }
    addVitePlugin(plugin, { server: false, dev: false })
  },
})
