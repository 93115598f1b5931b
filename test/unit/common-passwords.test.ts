import { dictionary } from '@zxcvbn-ts/language-common'
import { describe, expect, it } from 'vitest'
import { commonPasswordTest } from '../../shared/common-passwords'

describe('commonPasswordTest', () => {
  const list = dictionary['passwords-common'].map(String)
  const isCommon = commonPasswordTest(list)

  it('finds every entry of the real list, first, last and all between', () => {
    expect(list.length).toBeGreaterThan(40_000)
    expect(list.filter(entry => !isCommon(entry))).toEqual([])
  })

  it('answers no for what is not on it: near misses, prefixes, the empty string', () => {
    for (const entry of ['password', 'qwerty', 'dragon']) {
      expect(isCommon(entry)).toBe(true)
      expect(isCommon(`${entry}\u0000`)).toBe(false)
      expect(isCommon(entry.slice(0, -1) + '~')).toBe(list.includes(entry.slice(0, -1) + '~'))
    }
    expect(isCommon('')).toBe(false)
    expect(isCommon('correct horse battery staple')).toBe(false)
    expect(isCommon('密码很长')).toBe(false)
  })

  it('works on a list in any order, numbers included, as zxcvbn-ts lists can hold them', () => {
    const small = commonPasswordTest(['zeta', 123456, 'alpha', 'mid'])
    expect(['zeta', '123456', 'alpha', 'mid'].map(small)).toEqual([true, true, true, true])
    expect(['beta', '12345', 'zz', 'a'].map(small)).toEqual([false, false, false, false])
    expect(commonPasswordTest([])('anything')).toBe(false)
  })
})
