import { describe, expect, it } from 'vitest'
import { describeMigration } from '../../server/database/migrate'

describe('the start-up line about the database', () => {
  it('says whether it was created and how many migrations ran', () => {
    expect(describeMigration('community_web', { created: true, applied: 7 })).toBe('[database] community_web: created, 7 migrations applied')
    expect(describeMigration('community_web', { created: false, applied: 1 })).toBe('[database] community_web: already there, 1 migration applied')
    expect(describeMigration('cw', { created: false, applied: 0 })).toBe('[database] cw: already there, no migration pending')
  })
})
