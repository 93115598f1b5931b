/*
 * The rule of unlinking (shared/API.md): an account keeps at least one way to sign in, its
 * password or another provider account.
 */

export type UnlinkOutcome = 'unlink' | 'NOT_FOUND' | 'LAST_SIGN_IN_METHOD'

/**
 * Whether the account may unlink `provider`: not linked → `NOT_FOUND`; the only way in left
 * (no password, no other provider) → `LAST_SIGN_IN_METHOD`; else `unlink`.
 */
export function unlinkOutcome(account: { hasPassword: boolean, linkedProviders: readonly string[] }, provider: string): UnlinkOutcome {
  if (!account.linkedProviders.includes(provider)) return 'NOT_FOUND'
  const othersLeft = account.linkedProviders.filter(linked => linked !== provider).length
  return account.hasPassword || othersLeft > 0 ? 'unlink' : 'LAST_SIGN_IN_METHOD'
}
