import { describe, expect, it } from 'vitest'
import { passwordViolations } from '../../server/auth/password-policy'
import { passwordChecks } from '../../utils/password-checks'
import { loadPasswordEstimator } from '../../utils/password-strength'

describe('passwordChecks (the live checklist under a new password)', () => {
  it('tells nothing before a password is typed', () => {
    expect(passwordChecks({ password: '', username: 'xiaoming' })).toEqual({ length: 'unknown', common: 'unknown', notAccount: 'unknown' })
  })

  it('counts the length in UTF-8 bytes, as the server does', () => {
    expect(passwordChecks({ password: 'short' }).length).toBe('failed')
    expect(passwordChecks({ password: '密码很长吗' }).length).toBe('met') // 15 bytes
    expect(passwordChecks({ password: 'x'.repeat(72) }).length).toBe('met')
    expect(passwordChecks({ password: 'x'.repeat(73) }).length).toBe('failed')
    expect(passwordChecks({ password: '码'.repeat(25) }).length).toBe('failed') // 75 bytes
  })

  it('refuses the account name or address, case aside', () => {
    expect(passwordChecks({ password: 'XiaoMing.2026', username: 'xiaoming.2026' }).notAccount).toBe('failed')
    expect(passwordChecks({ password: 'xm@example.com', email: ' XM@example.com ' }).notAccount).toBe('failed')
    expect(passwordChecks({ password: 'xiaoming.2027', username: 'xiaoming.2026', email: '' }).notAccount).toBe('met')
  })

  it('leaves the common-password line open until the list is loaded', () => {
    expect(passwordChecks({ password: 'password123' }).common).toBe('unknown')
    expect(passwordChecks({ password: 'password123', isCommon: lowered => lowered === 'password123' }).common).toBe('failed')
    expect(passwordChecks({ password: 'Password123', isCommon: lowered => lowered === 'password123' }).common).toBe('failed')
    expect(passwordChecks({ password: 'a long and rare phrase', isCommon: () => false }).common).toBe('met')
  })

  it('marks the lines the server named as broken, each on its own line', () => {
    expect(passwordChecks({ password: 'password123', violations: ['common'] }))
      .toEqual({ length: 'met', common: 'failed', notAccount: 'met' })
    expect(passwordChecks({ password: 'someone.else', violations: ['sameAsEmail'] }).notAccount).toBe('failed')
    expect(passwordChecks({ password: 'abc', violations: ['tooShort', 'unknownRule'] }))
      .toEqual({ length: 'failed', common: 'unknown', notAccount: 'met' })
  })
})

describe('loadPasswordEstimator (zxcvbn-ts, loaded on first use)', () => {
  it('finds the same common passwords the server refuses', async () => {
    const estimator = await loadPasswordEstimator()
    for (const password of ['password123', 'qwerty123', 'iloveyou', 'a long and rare phrase 42', 'correct horse battery staple']) {
      const serverSays = passwordViolations(password, {}).includes('common')
      expect({ password, common: estimator.isCommon(password.toLowerCase()) }).toEqual({ password, common: serverSays })
    }
    expect(estimator.isCommon('password123')).toBe(true)
  })

  it('scores a common password low and a long rare one high, the account name as a guess', async () => {
    const estimator = await loadPasswordEstimator()
    expect(estimator.score('password123', [])).toBeLessThanOrEqual(1)
    expect(estimator.score('violet kettle under 9 moons', [])).toBeGreaterThanOrEqual(3)
    expect(estimator.score('qiuyue.wang.1987', [])).toBeGreaterThanOrEqual(3)
    expect(estimator.score('qiuyue.wang.1987', ['qiuyue.wang.1987'])).toBe(0)
  })
})
