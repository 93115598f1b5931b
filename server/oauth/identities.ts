import { and, eq } from 'drizzle-orm'
import { hasUsablePassword } from '../auth/passwords'
import { tables, useDB, type Executor } from '../database/db'
import { duplicateKeyOf } from '../database/mysql-errors'
import type { Identity } from '../database/schema'
import { apiError } from '../utils/errors'
import { unlinkOutcome } from './identity-rules'
import type { ProviderProfile } from './provider'

/*
 * The `identities` table: which provider account is linked to which account. Written only here.
 */

/** The name and address to keep of a profile, cut to their columns. */
function lastSeen(profile: ProviderProfile) {
  return { name: profile.name?.slice(0, 255) ?? null, email: profile.email?.slice(0, 255) ?? null }
}

/** The identity of `provider`'s account `key`, if it is linked to an account. */
export async function findIdentity(provider: string, key: string): Promise<Identity | undefined> {
  const { identities } = tables
  const [identity] = await useDB().select().from(identities)
    .where(and(eq(identities.provider, provider), eq(identities.providerKey, key))).limit(1)
  return identity
}

/** The provider accounts linked to `userId`, oldest first. */
export async function listIdentities(userId: number): Promise<Identity[]> {
  const { identities } = tables
  return useDB().select().from(identities).where(eq(identities.userId, userId)).orderBy(identities.linkedAt)
}

/**
 * Links the provider account of `profile` to `userId`. 409 `IDENTITY_ALREADY_LINKED` when it is
 * linked already (to any account), or when the account already has an identity of `provider`.
 */
export async function linkIdentity(executor: Executor, provider: string, profile: ProviderProfile, userId: number, now: Date): Promise<void> {
  try {
    await executor.insert(tables.identities).values({ provider, providerKey: profile.key, userId, ...lastSeen(profile), linkedAt: now, lastUsedAt: now })
  }
  catch (error) {
    if (duplicateKeyOf(error)) throw apiError('IDENTITY_ALREADY_LINKED')
    throw error
  }
}

/** Records a sign-in through the identity, with the name and address the provider gave this time. */
export async function noteIdentityUse(identity: Identity, profile: ProviderProfile, now: Date): Promise<void> {
  const { identities } = tables
  await useDB().update(identities).set({ ...lastSeen(profile), lastUsedAt: now })
    .where(and(eq(identities.provider, identity.provider), eq(identities.providerKey, identity.providerKey)))
}

/**
 * Unlinks `userId`'s identity of `provider`: 404 `NOT_FOUND` when there is none, 409
 * `LAST_SIGN_IN_METHOD` when it is the account's last way in (no password, no other provider).
 * The account's identities and password are read locked, so two unlinks at once cannot both pass.
 */
export async function unlinkIdentity(userId: number, provider: string): Promise<void> {
  const { identities, users } = tables
  await useDB().transaction(async (tx) => {
    const [user] = await tx.select({ password: users.password }).from(users).where(eq(users.id, userId)).for('update')
    const linked = await tx.select({ provider: identities.provider }).from(identities).where(eq(identities.userId, userId)).for('update')
    const outcome = unlinkOutcome({ hasPassword: user !== undefined && hasUsablePassword(user.password), linkedProviders: linked.map(row => row.provider) }, provider)
    if (outcome !== 'unlink') throw apiError(outcome)
    await tx.delete(identities).where(and(eq(identities.userId, userId), eq(identities.provider, provider)))
  })
}
