import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compile, createCoreContext, resolveValue, translate } from '@intlify/core-base'
import { describe, expect, it } from 'vitest'
import { escapeNonAscii } from '../../modules/ascii-server-chunks'
import { compileMessages } from '../../modules/message-ast'
import { splitIcons } from '../../modules/split-icons'
import { deferTinyColor } from '../../modules/lazy-tinycolor'
import { deferValidator } from '../../modules/lazy-validator'
import { COMPILER_LOADERS, deferCompiler } from '../../modules/lazy-vue-compiler'
import { shareTexts } from '../../modules/shared-i18n-texts'

const require = createRequire(import.meta.url)
const localesDir = fileURLToPath(new URL('../../i18n/locales/', import.meta.url))
// core-base's generic types want literal locale codes; these read the codes from the folders.
const newContext = createCoreContext as (options: Record<string, unknown>) => unknown
const translateIn = translate as (context: unknown, key: string, named: Record<string, unknown>) => unknown

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]]
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => flatten(item, prefix ? `${prefix}.${key}` : key))
}

describe('message-ast (locale files compiled when the server is built)', () => {
  for (const code of readdirSync(localesDir)) {
    it(`compiles every text of ${code} to an AST that reads as the text does`, () => {
      const source: Record<string, unknown> = {}
      for (const file of readdirSync(`${localesDir}${code}`)) Object.assign(source, JSON.parse(readFileSync(`${localesDir}${code}/${file}`, 'utf8')))
      const named = { name: 'N', count: 2, minutes: 3, size: 10, status: 500, failed: 1, email: 'e', provider: 'P' }
      const read = (messages: Record<string, unknown>) => {
        const context = newContext({ locale: code, messages: { [code]: messages }, messageCompiler: compile, messageResolver: resolveValue, missingWarn: false, fallbackWarn: false })
        return (key: string) => translateIn(context, key, named)
      }
      const compiled = read(JSON.parse(JSON.stringify(compileMessages(source))) as Record<string, unknown>)
      const plain = read(source)
      for (const [key] of flatten(source)) expect(compiled(key), key).toBe(plain(key))
      // A placeholder is filled in (the texts are read, not echoed).
      const withName = flatten(source).find(([, text]) => text.includes('{name}'))!
      expect(compiled(withName[0])).toContain('N')
      expect(compiled(withName[0])).not.toContain('{name}')
    })
  }

  it('names the text that does not compile', () => {
    expect(() => compileMessages({ area: { broken: 'a {b' } })).toThrow(/area\.broken/)
  })
})

describe('split-icons (one module per Element Plus icon in the browser build)', () => {
  it('finds every icon of the installed @element-plus/icons-vue, each exporting its component', () => {
    const source = readFileSync(require.resolve('@element-plus/icons-vue/dist/index.js'), 'utf8')
    const icons = splitIcons(source)
    expect(icons.size).toBeGreaterThan(200)
    for (const name of ['User', 'SwitchButton', 'Loading', 'View', 'Hide']) {
      expect(icons.get(name)).toMatch(/export default \w+_default;/)
      expect(icons.get(name)).not.toContain('export {')
    }
  })
})

describe('lazy-tinycolor (the button loads @ctrl/tinycolor when one has a color)', () => {
  it('patches the installed element-plus button', () => {
    const elementPlus = dirname(require.resolve('element-plus/package.json'))
    const code = readFileSync(`${elementPlus}/es/components/button/src/button-custom.mjs`, 'utf8')
    const patched = deferTinyColor(code)
    expect(patched).not.toMatch(/^import .*@ctrl\/tinycolor/m)
    expect(patched).toContain('import("@ctrl/tinycolor")')
  })
})

describe('lazy-validator (the form item imports async-validator when idle or at its first check)', () => {
  it('patches the installed element-plus form item', () => {
    const elementPlus = dirname(require.resolve('element-plus/package.json'))
    const code = readFileSync(`${elementPlus}/es/components/form/src/form-item.vue_vue_type_script_setup_true_lang.mjs`, 'utf8')
    const patched = deferValidator(code)
    expect(patched).not.toMatch(/^import .*async-validator/m)
    expect(patched).toContain('import("async-validator")')
    expect(patched).toContain('const AsyncValidator = await __loadValidator();')
  })
})

describe('lazy-vue-compiler (Vue\'s template compilers load on first use in the built server)', () => {
  it('patches the installed vue and @vue/server-renderer, whose compile still works', async () => {
    for (const { file, line } of COMPILER_LOADERS) {
      const patched = deferCompiler(readFileSync(require.resolve(file), 'utf8'), line)
      expect(patched).not.toContain(line)
      const compiler = (new Function('require', `${patched.split('\n').find(text => text.includes('compile: (...args)'))}; return ${line.split(' ')[1]}`))(require) as { compile: (template: string) => { code: string } }
      expect(compiler.compile('<p>{{ text }}</p>').code).toContain('text')
    }
    expect(() => deferCompiler('var other = 1;', 'var compilerDom = require(\'@vue/compiler-dom\');')).toThrow(/lazy-vue-compiler/)
  })
})

describe('shared-i18n-texts (a server render uses the shared texts without copying them)', () => {
  const context = readFileSync(require.resolve('@nuxtjs/i18n/package.json').replace('package.json', 'dist/runtime/context.js'), 'utf8')
  // loadMessagesFromServer's loop over the fetched languages, as the server build has it.
  const loop = /for \(const k of Object\.keys\(messages\)\) \{[\s\S]*?\n {4}\}/.exec(shareTexts(context))![0]
  const load = new Function('i18n', 'messages', loop) as (i18n: unknown, messages: Record<string, unknown>) => void
  // vue-i18n's generic types want literal locale codes and message shapes; these are made up.
  type Composer = { getLocaleMessage: (locale: string) => unknown, t: (key: string, named?: Record<string, unknown>) => string }
  const newI18n = async () => {
    const { createI18n } = await import('vue-i18n')
    return (createI18n as unknown as (options: Record<string, unknown>) => { global: Composer })({ legacy: false, locale: 'en', messages: {} })
  }
  const deepFreeze = <T>(value: T): T => {
    if (value && typeof value === 'object') Object.values(Object.freeze(value)).forEach(deepFreeze)
    return value
  }

  it('fails the build when @nuxtjs/i18n no longer merges the texts that way', () => {
    expect(() => shareTexts('i18n.setLocaleMessage(k, messages[k]);')).toThrow(/shared-i18n-texts/)
  })

  it('hands a language with no texts yet the fetched ones as they are, and they read as before', async () => {
    const i18n = await newI18n()
    const shared = deepFreeze({ en: { hello: 'Hello {name}', nested: { word: 'word' } } })
    load(i18n.global, shared)
    expect(i18n.global.getLocaleMessage('en')).toBe(shared.en)
    expect(i18n.global.t('hello', { name: 'N' })).toBe('Hello N')
    expect(i18n.global.t('nested.word')).toBe('word')
  })

  it('merges into a copy of its own when a language already holds the shared texts, leaving them unchanged', async () => {
    const i18n = await newI18n()
    const shared = deepFreeze({ en: { hello: 'Hello', nested: { word: 'word' } } })
    load(i18n.global, shared)
    load(i18n.global, { en: { nested: { more: 'more' } } })
    expect(i18n.global.getLocaleMessage('en')).not.toBe(shared.en)
    expect(i18n.global.t('hello')).toBe('Hello')
    expect(i18n.global.t('nested.more')).toBe('more')
    expect(shared.en).toEqual({ hello: 'Hello', nested: { word: 'word' } })
  })
})

describe('ascii-server-chunks (server chunks written in ASCII)', () => {
  const NON_ASCII = /[\u0080-\uFFFF]/
  /** The module's exports, evaluated from its text. */
  const evaluate = async (code: string) => await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`) as Record<string, unknown>

  it('leaves an ASCII chunk alone', async () => {
    expect(await escapeNonAscii('export const word = "plain";\n', 'plain.mjs')).toBeNull()
  })

  it('escapes strings, templates, names and kept comments, and the module does the same', async () => {
    const source = [
      'const 名字 = "验证码是：";',
      // esbuild keeps a comment inside an expression, on a line of its own.
      'export const pick = (value) => value',
      '  ? // 零不是任何数的倍数 — a comment',
      '    1',
      '  : 2;',
      'export const greeting = `${名字}你好 ${1 + 1}`;',
      'export const texts = { "登录": "登录", nested: [\'é\', "😀"] };',
      'export const key = Object.keys(texts)[0];',
    ].join('\n')
    const escaped = (await escapeNonAscii(source, 'chunk.mjs'))!
    expect(escaped.code).not.toMatch(NON_ASCII)
    expect(JSON.parse(escaped.map).sources).toEqual(['chunk.mjs'])
    const { pick, ...values } = await evaluate(escaped.code)
    const { pick: _, ...before } = await evaluate(source)
    expect(values).toEqual(before)
    expect(values.greeting).toBe('验证码是：你好 2')
    expect([(pick as (value: boolean) => number)(true), (pick as (value: boolean) => number)(false)]).toEqual([1, 2])
    expect(escaped.code).toContain('// \\u96F6\\u4E0D')
  })

  it('keeps what an escape would change: a regular expression\'s source and a tagged template\'s raw text', async () => {
    // The raw template's second line looks like a comment line: escaping it would change the text.
    const source = 'export const pattern = /[中文]+/u.source;\nexport const raw = String.raw`验证${1}\n// 码`;\n'
    const escaped = (await escapeNonAscii(source, 'chunk.mjs'))!
    expect({ ...await evaluate(escaped.code) }).toEqual({ pattern: '[中文]+', raw: '验证1\n// 码' })
  })
})
