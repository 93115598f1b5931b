import { createHmac, randomInt } from 'node:crypto'
import { and, eq, gt, lt, sql } from 'drizzle-orm'

export type CodePurpose = 'verify_email' | 'reset_password'

/** How long a mailed code stays valid (shared/API.md: 15 minutes). */
export const CODE_LIFETIME_MINUTES = 15
const CODE_LIFETIME_MS = CODE_LIFETIME_MINUTES * 60_000
/** Wrong tries after which a code is dead. */
const MAX_FAILED_ATTEMPTS = 5

/**
 * Makes a fresh 6-digit code for `purpose`, mailed to `email`, replacing any code of that
 * purpose the account held (the old one dies), and answers it. Only its HMAC is stored.
 */
export async function issueCode(userId: number, purpose: CodePurpose, email: string): Promise<string> {
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0')
  const now = new Date()
  const fields = {
    email,
    codeHash: codeHash(userId, purpose, email, code),
    failedAttempts: 0,
    createdAt: now,
    expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS),
  }
  await useDB().insert(tables.verificationCodes).values({ userId, purpose, ...fields })
    .onDuplicateKeyUpdate({ set: fields })
  return code
}

/**
 * Spends the code of `purpose` the account holds for `email`, once: a wrong, used or dead code
 * (five wrong tries) is 400 `INVALID_CODE`, an old one `CODE_EXPIRED`. Of two requests with the
 * same code, exactly one succeeds: the spend is a single conditional DELETE.
 */
export async function consumeCode(userId: number, purpose: CodePurpose, email: string, code: string): Promise<void> {
  const { verificationCodes: codes } = tables
  const ofAccount = and(eq(codes.userId, userId), eq(codes.purpose, purpose))
  const [spent] = await useDB().delete(codes).where(and(
    ofAccount,
    eq(codes.codeHash, codeHash(userId, purpose, email, code)),
    lt(codes.failedAttempts, MAX_FAILED_ATTEMPTS),
    gt(codes.expiresAt, sql`NOW(3)`),
  ))
  if (spent.affectedRows === 1) return

  const [held] = await useDB().select({ expiresAt: codes.expiresAt }).from(codes).where(ofAccount).limit(1)
  if (!held) throw apiError('INVALID_CODE')
  if (held.expiresAt <= new Date()) throw apiError('CODE_EXPIRED')
  await useDB().update(codes).set({ failedAttempts: sql`${codes.failedAttempts} + 1` })
    .where(and(ofAccount, lt(codes.failedAttempts, MAX_FAILED_ATTEMPTS)))
  throw apiError('INVALID_CODE')
}

/** Whether the account was sent a code of `purpose` less than `ms` milliseconds ago. */
export async function hasRecentCode(userId: number, purpose: CodePurpose, ms: number): Promise<boolean> {
  const { verificationCodes: codes } = tables
  const [recent] = await useDB().select({ one: sql`1` }).from(codes).where(and(
    eq(codes.userId, userId),
    eq(codes.purpose, purpose),
    gt(codes.createdAt, new Date(Date.now() - ms)),
  )).limit(1)
  return Boolean(recent)
}

/** Drops the account's code of `purpose`, if any (e.g. its address changed). */
export async function discardCode(userId: number, purpose: CodePurpose): Promise<void> {
  const { verificationCodes: codes } = tables
  await useDB().delete(codes).where(and(eq(codes.userId, userId), eq(codes.purpose, purpose)))
}

/**
 * A code as stored: HMAC-SHA256 keyed with the server's secret over the account, purpose and
 * address, so a leaked table does not give the codes away (a bare hash of six digits would).
 */
function codeHash(userId: number, purpose: CodePurpose, email: string, code: string): string {
  return createHmac('sha256', resolveJwtSecret()!).update(`${purpose}:${userId}:${email}:${code}`).digest('hex')
}
