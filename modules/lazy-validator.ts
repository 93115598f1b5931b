import { defineBrowserRewrite } from './utils/browser-rewrite'

const FORM_ITEM = /[\\/]element-plus[\\/]es[\\/]components[\\/]form[\\/]src[\\/]form-item\.vue_vue_type_script_setup_true_lang\.mjs$/
const IMPORT = 'import AsyncValidator from "async-validator";'
// The start of doValidate, as element-plus indents it (tabs).
const VALIDATE = 'const modelName = propString.value;\n\t\t\treturn new AsyncValidator({ [modelName]: rules }).validate({ [modelName]: fieldValue.value }, { firstFields: true })'

/**
 * Element Plus's form item checks a field with async-validator (17 kB raw, about 5.5 kB
 * gzipped), imported with the form, so every page with a form downloaded it before it was
 * interactive although nothing is checked until a field is left or the form sent. In the
 * browser build this rewrites the form item so the validator is imported when the browser is
 * idle after the form's chunk has loaded, and at the latest by the first check, which waits for
 * it (checks are asynchronous already). The value checked is still the one at the moment of the
 * check. The server build and `nuxt dev` are unchanged (docs/benchmarks.md, "First-load weight").
 */
export function deferValidator(code: string): string {
  if (!code.includes(IMPORT) || !code.includes(VALIDATE)) throw new Error('lazy-validator: element-plus\'s form-item changed; update modules/lazy-validator.ts')
  return code
    .replace(IMPORT, [
      'let __validatorLoad;',
      'function __loadValidator() {',
      '  return (__validatorLoad ??= import("async-validator").then((module) => module.default));',
      '}',
      'if (typeof window !== "undefined") {',
      '  const __idle = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 1));',
      '  __idle(() => { __loadValidator(); });',
      '}',
    ].join('\n'))
    .replace(VALIDATE, [
      'const modelName = propString.value;',
      'const value = fieldValue.value;',
      'const AsyncValidator = await __loadValidator();',
      'return new AsyncValidator({ [modelName]: rules }).validate({ [modelName]: value }, { firstFields: true })',
    ].join('\n'))
}

export default defineBrowserRewrite('lazy-validator', FORM_ITEM, deferValidator)
