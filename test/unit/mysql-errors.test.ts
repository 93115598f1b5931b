import { describe, expect, it } from 'vitest'
import { duplicateKeyOf, isDatabaseUnavailable, isDeadlock } from '../../server/database/mysql-errors'

/** An error as Drizzle throws it: its own, with the driver's error as the cause. */
const wrapped = (cause: object) => Object.assign(new Error('Failed query'), { cause })

describe('the MySQL error helpers', () => {
  it('find a duplicate key and name it, at any depth of the cause chain', () => {
    const duplicate = { code: 'ER_DUP_ENTRY', sqlMessage: 'Duplicate entry \'a\' for key \'users.idx_username\'' }
    expect(duplicateKeyOf(duplicate)).toBe('idx_username')
    expect(duplicateKeyOf(wrapped(duplicate))).toBe('idx_username')
    expect(duplicateKeyOf(wrapped({ code: 'ER_DUP_ENTRY', sqlMessage: 'Duplicate entry \'a\' for key \'idx_email\'' }))).toBe('idx_email')
    expect(duplicateKeyOf(wrapped({ code: 'ER_PARSE_ERROR' }))).toBeNull()
  })

  it('tell a deadlock and an unreachable server from a bug', () => {
    expect(isDeadlock(wrapped({ code: 'ER_LOCK_DEADLOCK' }))).toBe(true)
    expect(isDeadlock(new Error('boom'))).toBe(false)
    expect(isDatabaseUnavailable(wrapped({ code: 'ECONNREFUSED' }))).toBe(true)
    expect(isDatabaseUnavailable(wrapped({ code: 'ER_DUP_ENTRY' }))).toBe(false)
    expect(isDatabaseUnavailable(undefined)).toBe(false)
  })
})
