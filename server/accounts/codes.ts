import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { and, eq, gt, lt, sql } from 'drizzle-orm'
import { tables, useDB } from '../database/db'
import { keyedHash } from '../security/keyed-hash'
import { apiError } from '../utils/errors'

/*
 * The `verification_codes` table: the one live code of each purpose an account may hold, kept
 * only as an HMAC, with the token of its one-click link, kept only as a SHA-256. Spending either
 * spends both. Five wrong codes kill the code, not the link: a guesser cannot lock the owner out
 * of their own mail. Mailing a code is server/mail/account-mail.ts.
 */

export type CodePurpose = 'verify_email' | 'reset_password'

/** How long a mailed code stays valid (shared/API.md: 15 minutes). */
export const CODE_LIFETIME_MINUTES = 15
/** The account id of an address no account holds: no code is ever issued for it. */
export const NO_ACCOUNT = 0
/** Wrong tries after which a code is dead (its link lives on). */
const MAX_TRIES = 5
/** Random bytes of a link's token: 256 bits, 43 base64url characters. */
const TOKEN_BYTES = 32

/** What a mail carries: the code to type and the token of its one-click link. */
export interface IssuedCode {
  code: string
  token: string
}

/**
 * Makes a fresh 6-digit code for `purpose`, mailed to `email`, and the token of its one-click
 * link, replacing any code of that purpose the account held (the old one and its link die), and
 * answers both. Only the code's keyed hash and the token's hash are stored.
 */
export async function issueCode(userId: number, purpose: CodePurpose, email: string): Promise<IssuedCode> {
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0')
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  const fields = {
    codeHash: codeHash(userId, purpose, email, code),
    linkHash: linkHash(token),
    failedAttempts: 0,
    createdAt: sql`NOW(3)`,
    expiresAt: sql`NOW(3) + INTERVAL ${sql.raw(String(CODE_LIFETIME_MINUTES))} MINUTE`,
  }
  await useDB().insert(tables.verificationCodes).values({ userId, purpose, ...fields })
    .onDuplicateKeyUpdate({ set: fields })
  return { code, token }
}

/**
 * Spends the code of `purpose` that the account holds for `email`, once. Each try is counted
 * before the code is compared, so parallel guesses get five tries, no more. A wrong, used or
 * dead code is 400 `INVALID_CODE`; the right code past its 15 minutes is `CODE_EXPIRED` (only
 * the holder of the code learns that it expired). `beforeSpending` runs once the code is known
 * to be right: if it throws, the code is neither spent nor counted as a wrong try. Of two
 * requests with one code, exactly one succeeds.
 */
export async function consumeCode(
  userId: number, purpose: CodePurpose, email: string, code: string, beforeSpending?: () => void,
): Promise<void> {
  const { verificationCodes: codes } = tables
  const ofAccount = and(eq(codes.userId, userId), eq(codes.purpose, purpose))
  const [reserved] = await useDB().update(codes).set({ failedAttempts: sql`${codes.failedAttempts} + 1` })
    .where(and(ofAccount, lt(codes.failedAttempts, MAX_TRIES)))
  if (reserved.affectedRows !== 1) throw apiError('INVALID_CODE')

  const [held] = await useDB().select({ codeHash: codes.codeHash, expired: sql<number>`${codes.expiresAt} <= NOW(3)` })
    .from(codes).where(ofAccount).limit(1)
  if (!held || !sameHash(held.codeHash, codeHash(userId, purpose, email, code))) throw apiError('INVALID_CODE')
  if (Number(held.expired)) throw apiError('CODE_EXPIRED')

  try {
    beforeSpending?.()
  }
  catch (error) {
    await useDB().update(codes).set({ failedAttempts: sql`${codes.failedAttempts} - 1` })
      .where(and(ofAccount, eq(codes.codeHash, held.codeHash), gt(codes.failedAttempts, 0)))
    throw error
  }
  const [spent] = await useDB().delete(codes).where(and(ofAccount, eq(codes.codeHash, held.codeHash)))
  if (spent.affectedRows !== 1) throw apiError('INVALID_CODE')
}

/**
 * Spends the one-click link whose token is `token`, for `purpose`, once, and answers the account
 * it belongs to. Wrong code tries do not count against it. An unknown, used or replaced token
 * is 400 `INVALID_CODE`; a known one past its 15 minutes is `CODE_EXPIRED`. `beforeSpending`
 * runs with the account once the token is known to be good: if it throws, the link is not
 * spent. Of two requests with one token, exactly one succeeds.
 */
export async function consumeLink(
  purpose: CodePurpose, token: string, beforeSpending?: (userId: number) => unknown,
): Promise<number> {
  const { verificationCodes: codes } = tables
  const hash = linkHash(token)
  const ofLink = and(eq(codes.linkHash, hash), eq(codes.purpose, purpose))
  const [held] = await useDB().select({ userId: codes.userId, expired: sql<number>`${codes.expiresAt} <= NOW(3)` })
    .from(codes).where(ofLink).limit(1)
  if (!held) throw apiError('INVALID_CODE')
  if (Number(held.expired)) throw apiError('CODE_EXPIRED')

  await beforeSpending?.(held.userId)
  const [spent] = await useDB().delete(codes).where(and(ofLink, eq(codes.userId, held.userId), gt(codes.expiresAt, sql`NOW(3)`)))
  if (spent.affectedRows !== 1) throw apiError('INVALID_CODE')
  return held.userId
}

/** Whether the account was sent a code of `purpose` less than `seconds` ago. */
export async function hasRecentCode(userId: number, purpose: CodePurpose, seconds: number): Promise<boolean> {
  const { verificationCodes: codes } = tables
  const [recent] = await useDB().select({ one: sql`1` }).from(codes).where(and(
    eq(codes.userId, userId),
    eq(codes.purpose, purpose),
    gt(codes.createdAt, sql`NOW(3) - INTERVAL ${sql.raw(String(seconds))} SECOND`),
  )).limit(1)
  return Boolean(recent)
}

/** Drops the account's code of `purpose`, if any (e.g. its address changed). */
export async function discardCode(userId: number, purpose: CodePurpose): Promise<void> {
  const { verificationCodes: codes } = tables
  await useDB().delete(codes).where(and(eq(codes.userId, userId), eq(codes.purpose, purpose)))
}

/** Deletes codes that expired over a day ago; answers how many. */
export async function pruneExpiredCodes(): Promise<number> {
  const { verificationCodes: codes } = tables
  const [result] = await useDB().delete(codes).where(lt(codes.expiresAt, sql`NOW(3) - INTERVAL 1 DAY`))
  return result.affectedRows
}

/** A code as stored: keyed over the account, purpose and address, so a leaked table gives no code away. */
function codeHash(userId: number, purpose: CodePurpose, email: string, code: string): string {
  return keyedHash('verification-code', `${purpose}:${userId}:${email}:${code}`)
}

/** A link's token as stored: it has 256 random bits, so a plain SHA-256 gives nothing away. */
function linkHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function sameHash(stored: string, computed: string): boolean {
  return stored.length === computed.length && timingSafeEqual(Buffer.from(stored), Buffer.from(computed))
}
