import type { H3Event } from 'h3'
import { createPasswordlessUser, findUserByEmail, findUserById, hasEmail, prepareNewUsername } from '../accounts/users'
import { isEmailVerificationRequired } from '../config/settings'
import { useDB } from '../database/db'
import type { User } from '../database/schema'
import { remindVerificationCode } from '../mail/account-mail'
import { apiError, isApiError } from '../utils/errors'
import { findIdentity, linkIdentity, noteIdentityUse } from './identities'
import type { ProviderProfile } from './provider'
import type { ProviderId } from './settings'
import { usernameCandidates } from './usernames'

/*
 * What a provider's answer does to our accounts (shared/API.md, "Third-party sign-in"): signs
 * in the linked account, or makes a new one; or links the provider account to the signed-in one.
 * The session itself is `auth/sign-in.ts` `startSession`, as for a password login.
 */

/**
 * The account `profile` signs in to: the one its identity is linked to, else a new one. Refused:
 * a disabled account (`ACCOUNT_DISABLED`); an address that an account already has
 * (`EMAIL_ALREADY_EXISTS`: never linked by itself, the owner links from /profile); an account
 * whose address is unverified where verification is required (`EMAIL_NOT_VERIFIED`), and a new
 * account there without a verified address.
 */
export async function accountForSignIn(event: H3Event, provider: ProviderId, profile: ProviderProfile): Promise<User> {
  const now = new Date()
  const identity = await findIdentity(provider, profile.key)
  let user: User | undefined
  if (identity) {
    user = await findUserById(identity.userId)
    await noteIdentityUse(identity, profile, now)
  }
  user ??= await createAccount(provider, profile, now)
  if (user.status === 'disabled') throw apiError('ACCOUNT_DISABLED')
  if (isEmailVerificationRequired() && !user.emailVerifiedAt) {
    if (hasEmail(user)) await remindVerificationCode(event, user)
    throw apiError('EMAIL_NOT_VERIFIED')
  }
  return user
}

/**
 * A new account for `profile`, with its identity, in one transaction: a username made from the
 * provider's login or nickname, the address only when the provider verified it (it then counts as
 * verified), no usable password. Two callbacks of one person at once make one account.
 */
async function createAccount(provider: ProviderId, profile: ProviderProfile, now: Date): Promise<User> {
  if (profile.email && await findUserByEmail(profile.email)) throw apiError('EMAIL_ALREADY_EXISTS')
  const email = profile.emailVerified ? profile.email : null
  if (isEmailVerificationRequired() && !email) throw apiError('EMAIL_NOT_VERIFIED')
  await prepareNewUsername()
  for (const username of usernameCandidates(profile.usernameHints, provider)) {
    try {
      const userId = await useDB().transaction(async (tx) => {
        const id = await createPasswordlessUser(tx, { username, email, emailVerifiedAt: email ? now : null })
        await linkIdentity(tx, provider, profile, id, now)
        return id
      })
      return (await findUserById(userId))!
    }
    catch (error) {
      if (isApiError(error, 'USERNAME_ALREADY_EXISTS')) continue
      if (isApiError(error, 'IDENTITY_ALREADY_LINKED')) {
        // Another callback of the same person made the account a moment ago: that one it is.
        const identity = await findIdentity(provider, profile.key)
        const user = identity && await findUserById(identity.userId)
        if (user) return user
      }
      throw error
    }
  }
  throw apiError('USERNAME_ALREADY_EXISTS')
}

/**
 * Links the provider account of `profile` to the signed-in account `userId`, changing nothing
 * else on it. 409 `IDENTITY_ALREADY_LINKED`: the provider account is another account's, or this
 * account has an identity of `provider` already (one per provider).
 */
export async function linkToAccount(provider: ProviderId, profile: ProviderProfile, userId: number): Promise<void> {
  const identity = await findIdentity(provider, profile.key)
  if (identity) {
    if (identity.userId !== userId) throw apiError('IDENTITY_ALREADY_LINKED')
    await noteIdentityUse(identity, profile, new Date())
    return
  }
  await linkIdentity(useDB(), provider, profile, userId, new Date())
}
