import { describe, expect, it } from 'vitest'
import { assertPasswordPolicy, passwordViolations } from '../../server/auth/password-policy'

describe('passwordViolations', () => {
  it('accepts a long passphrase', () => {
    expect(passwordViolations('correct horse battery staple', { username: 'alice', email: 'alice@example.com' })).toEqual([])
  })

  it('counts length in UTF-8 bytes: 8 to 72', () => {
    expect(passwordViolations('Zq8#k', {})).toEqual(['tooShort'])
    expect(passwordViolations('密码很长', {})).toEqual([]) // 4 characters, 12 bytes
    expect(passwordViolations('密'.repeat(24), {})).toEqual([])
    expect(passwordViolations('密'.repeat(25), {})).toEqual(['tooLong'])
  })

  it('refuses common passwords, case aside', () => {
    expect(passwordViolations('password', {})).toContain('common')
    expect(passwordViolations('PassWord', {})).toContain('common')
  })

  it('refuses the username or the email, case aside', () => {
    expect(passwordViolations('Xiaoming_2026', { username: 'xiaoming_2026' })).toEqual(['sameAsUsername'])
    expect(passwordViolations('XM@example.com', { email: 'xm@example.com' })).toEqual(['sameAsEmail'])
  })
})

describe('assertPasswordPolicy', () => {
  it('throws INVALID_PASSWORD with the limits and the broken rules', () => {
    expect(() => assertPasswordPolicy('Zq8#k', {})).toThrow(expect.objectContaining({
      statusCode: 400,
      data: { errorCode: 'INVALID_PASSWORD', details: { minLength: 8, maxBytes: 72, violations: ['tooShort'] } },
    }))
    expect(() => assertPasswordPolicy('correct horse battery staple', {})).not.toThrow()
  })
})
