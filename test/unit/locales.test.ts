import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../i18n/languages'

const LOCALES = join(import.meta.dirname, '../../i18n/locales')

/** Every key path of a locale file (`profile.sessions.current`), leaves only. */
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, inner]) => keysOf(inner, prefix ? `${prefix}.${key}` : key))
}

function filesOf(code: string): string[] {
  return readdirSync(join(LOCALES, code)).filter(file => file.endsWith('.json')).sort()
}

function read(code: string, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(LOCALES, code, file), 'utf8'))
}

describe('locale files', () => {
  const [first, ...others] = LANGUAGES.map(language => language.code)

  it('exist for every language, with the same files', () => {
    expect(filesOf(first!).length).toBeGreaterThan(0)
    for (const code of others) expect(filesOf(code)).toEqual(filesOf(first!))
  })

  it.each(filesOf(first!))('%s has the same keys in every language, under its own name', (file) => {
    const area = file.replace(/\.json$/, '')
    const keys = keysOf(read(first!, file)).sort()
    expect(Object.keys(read(first!, file))).toEqual([area])
    for (const code of others) {
      expect(Object.keys(read(code, file))).toEqual([area])
      expect(keysOf(read(code, file)).sort(), `${code}/${file}`).toEqual(keys)
    }
  })

  it.each(filesOf(first!))('%s has no empty text', (file) => {
    for (const { code } of LANGUAGES) {
      const flat = keysOf(read(code, file))
      for (const key of flat) {
        const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], read(code, file))
        expect(typeof text === 'string' && text.trim().length > 0, `${code}/${file}: ${key}`).toBe(true)
      }
    }
  })
})
