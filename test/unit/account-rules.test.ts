import { describe, expect, it } from 'vitest'
import { leavesNoSuperAdmin, refuseAccountChange } from '../../server/admin/account-rules'

const ACTOR = 1
const OTHER = 2
const USER = 3

describe('refuseAccountChange (an admin changes an account)', () => {
  it('lets an admin change an ordinary account', () => {
    expect(refuseAccountChange({ actorId: ACTOR, targetId: USER, role: 'super_admin', status: 'active', activeAdminIds: [ACTOR] })).toBeNull()
    expect(refuseAccountChange({ actorId: ACTOR, targetId: USER, role: 'user', status: 'disabled', activeAdminIds: [ACTOR] })).toBeNull()
  })

  it('refuses to demote or disable the last active super admin', () => {
    expect(refuseAccountChange({ actorId: ACTOR, targetId: ACTOR, role: 'user', status: 'active', activeAdminIds: [ACTOR] }))
      .toEqual({ errorCode: 'LAST_SUPER_ADMIN' })
    expect(refuseAccountChange({ actorId: ACTOR, targetId: ACTOR, role: 'super_admin', status: 'disabled', activeAdminIds: [ACTOR] }))
      .toEqual({ errorCode: 'LAST_SUPER_ADMIN' })
  })

  it('lets an admin step down while another remains', () => {
    expect(refuseAccountChange({ actorId: ACTOR, targetId: ACTOR, role: 'user', status: 'active', activeAdminIds: [ACTOR, OTHER] })).toBeNull()
    expect(refuseAccountChange({ actorId: ACTOR, targetId: OTHER, role: 'user', status: 'active', activeAdminIds: [ACTOR, OTHER] })).toBeNull()
  })

  it('never lets an admin disable themself', () => {
    expect(refuseAccountChange({ actorId: ACTOR, targetId: ACTOR, role: 'super_admin', status: 'disabled', activeAdminIds: [ACTOR, OTHER] }))
      .toEqual({ errorCode: 'FORBIDDEN', details: { reason: 'cannotDisableSelf' } })
  })
})

describe('leavesNoSuperAdmin', () => {
  it('counts the other active super admins only', () => {
    expect(leavesNoSuperAdmin({ targetId: OTHER, role: 'user', status: 'active', activeAdminIds: [OTHER] })).toBe(true)
    expect(leavesNoSuperAdmin({ targetId: OTHER, role: 'user', status: 'active', activeAdminIds: [ACTOR, OTHER] })).toBe(false)
    expect(leavesNoSuperAdmin({ targetId: USER, role: 'user', status: 'disabled', activeAdminIds: [ACTOR] })).toBe(false)
  })
})
