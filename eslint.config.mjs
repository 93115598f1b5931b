// @ts-check
import { fileURLToPath } from 'node:url'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'
import withNuxt from './.nuxt/eslint.config.mjs'

export default withNuxt(
  { ignores: ['drizzle/**'] },
  {
    // Tests read JSON answers whose shape is what they assert.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // No import cycles anywhere. Imports are resolved as Nuxt's tsconfig does (`~/…`, `#shared`),
    // so cycles through aliases count; `import type` does not. Auto-imports are no imports at all:
    // composables, stores, utils, plugins and middleware import project code explicitly.
    name: 'project/no-cycle',
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          tsconfig: { configFile: fileURLToPath(new URL('./.nuxt/tsconfig.json', import.meta.url)) },
          extensions: ['.ts', '.mts', '.js', '.mjs', '.vue', '.json'],
        }),
      ],
      // The rule follows only files it can parse: without this, nothing past a .js file.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts', '.cts'] },
      // Generated code is not ours: .nuxt/imports.d.ts re-exports every auto-import.
      'import-x/external-module-folders': ['node_modules', '.nuxt'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
)
