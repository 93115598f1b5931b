import { describe, expect, it } from 'vitest'
import { MOBILE_PATTERN, passwordByteLength, usernameProblem } from '../../shared/rules'
import { databaseNameOf } from '../../server/database/url'

describe('usernameProblem', () => {
  it.each(['abc', 'xiaoming', '小明_01', 'Ünïcødé-name.x', 'a'.repeat(50), 'नमस्ते'])('accepts %s', (name) => {
    expect(usernameProblem(name)).toBeNull()
  })

  it.each([
    ['ab', 'length'],
    ['a'.repeat(51), 'length'],
    ['小明'.repeat(26), 'length'],
    ['12345', 'allDigits'],
    ['a@b.c', 'characters'],
    ['with space', 'characters'],
    ['emoji😀', 'characters'],
    ['x\' OR \'1\'=\'1', 'characters'],
  ])('rejects %s (%s)', (name, problem) => {
    expect(usernameProblem(name)).toBe(problem)
  })
})

describe('passwordByteLength', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(passwordByteLength('a'.repeat(72))).toBe(72)
    expect(passwordByteLength('密'.repeat(24))).toBe(72)
    expect(passwordByteLength('😀')).toBe(4)
  })
})

describe('MOBILE_PATTERN', () => {
  it.each(['13800138000', '+8613800138000', '123456', '1'.repeat(19)])('accepts %s', (mobile) => {
    expect(MOBILE_PATTERN.test(mobile)).toBe(true)
  })
  it.each(['12345', '1'.repeat(20), '138-0013-8000', '++123456'])('rejects %s', (mobile) => {
    expect(MOBILE_PATTERN.test(mobile)).toBe(false)
  })
})

describe('databaseNameOf', () => {
  it('reads the database of a URL', () => {
    expect(databaseNameOf('mysql://root@127.0.0.1:3306/community_web')).toBe('community_web')
  })
  it('refuses a name that is not a plain identifier', () => {
    expect(() => databaseNameOf('mysql://root@127.0.0.1:3306/x`; DROP')).toThrow(/NUXT_DATABASE_URL/)
    expect(() => databaseNameOf('mysql://root@127.0.0.1:3306/')).toThrow(/NUXT_DATABASE_URL/)
  })
})
