import { describe, expect, it } from 'vitest'
import { isStrongJwtSecret } from '../../server/config/jwt-secret'

describe('isStrongJwtSecret', () => {
  it.each([
    ['empty', ''],
    ['31 characters', 'abcdefghijklmnopqrstuvwxyz01234'],
    ['40 spaces', ' '.repeat(40)],
    ['one character 40 times', 'a'.repeat(40)],
    ['32 characters, 9 different ones', 'abcdefghi'.repeat(4).slice(0, 32)],
    ['9 different characters padded with white space', `abcdefghi${' \t\n\u00A0'.repeat(10)}`],
  ])('refuses %s', (_, secret) => {
    expect(isStrongJwtSecret(secret)).toBe(false)
  })

  it.each([
    ['32 characters, 10 different ones', 'abcdefghij'.repeat(4).slice(0, 32)],
    ['a generated one', 'dGVzdC1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaC1mb3ItaHMyNTY'],
  ])('takes %s', (_, secret) => {
    expect(isStrongJwtSecret(secret)).toBe(true)
  })
})
