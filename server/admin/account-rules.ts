import type { AccountStatus, Role } from '~/types/api'

/** A change of an account's role and status, as it would leave the account. */
export interface AccountOutcome {
  actorId: number
  targetId: number
  /** The role and status the account would have after the change. */
  role: Role
  status: AccountStatus
  /** The ids of the active super administrators before the change (the actor among them). */
  activeAdminIds: readonly number[]
}

/** Why a change is refused: the contract's error code and its details. */
export interface Refusal {
  errorCode: 'LAST_SUPER_ADMIN' | 'FORBIDDEN'
  details?: Record<string, unknown>
}

/** Whether the change leaves the site without an active super administrator. */
export function leavesNoSuperAdmin(outcome: Omit<AccountOutcome, 'actorId'>): boolean {
  const othersRemaining = outcome.activeAdminIds.filter(id => id !== outcome.targetId).length
  return othersRemaining === 0 && (outcome.role !== 'super_admin' || outcome.status !== 'active')
}

/**
 * The rules of an admin's change to an account (README, "Administration"), or null when it may
 * go ahead: no change may leave the site without an active super admin (409
 * `LAST_SUPER_ADMIN`); an admin may step down while another remains, but never disables
 * themself (403 `FORBIDDEN`, reason `cannotDisableSelf`).
 */
export function refuseAccountChange(outcome: AccountOutcome): Refusal | null {
  if (leavesNoSuperAdmin(outcome)) return { errorCode: 'LAST_SUPER_ADMIN' }
  if (outcome.targetId === outcome.actorId && outcome.status === 'disabled') return { errorCode: 'FORBIDDEN', details: { reason: 'cannotDisableSelf' } }
  return null
}
