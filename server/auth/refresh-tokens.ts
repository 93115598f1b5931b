import { and, eq, isNull, sql } from 'drizzle-orm'
import { tables, useDB } from '../database/db'
import type { Session, User } from '../database/schema'
import { serverPreparedWrite } from '../database/server-prepared'
import { hashToken, newRefreshToken, successorRefreshToken } from './tokens'

/*
 * The `refresh_tokens` table: each session's refresh tokens, kept only as SHA-256 hashes. A
 * token is live until a refresh spends it.
 */

/** Stores the hash of a new live refresh token for the session and answers the token. */
export async function addRefreshToken(sessionId: string, now: Date): Promise<string> {
  const token = newRefreshToken()
  await insertRefreshToken.execute({ tokenHash: hashToken(token), sessionId, now })
  return token
}

// Prepared once (server/database/server-prepared.ts): every login writes it.
const insertRefreshToken = serverPreparedWrite(() => useDB().insert(tables.refreshTokens)
  .values({ tokenHash: sql.placeholder('tokenHash'), sessionId: sql.placeholder('sessionId'), createdAt: sql.placeholder('now') }))

/**
 * Stores the hash of the successor of the refresh token `spent` (`successorRefreshToken`) for the
 * session, unless a twin refresh stored it first, and answers the successor: however many
 * requests rotate one token, they all get the same one, and it has one row.
 */
export async function addSuccessorRefreshToken(sessionId: string, spent: string, now: Date): Promise<string> {
  const token = successorRefreshToken(spent)
  const { refreshTokens } = tables
  await useDB().insert(refreshTokens).values({ tokenHash: hashToken(token), sessionId, createdAt: now })
    .onDuplicateKeyUpdate({ set: { tokenHash: sql`${refreshTokens.tokenHash}` } })
  return token
}

/** A presented refresh token as the server knows it: its row, its session and that session's user. */
export interface FoundRefreshToken {
  spentAt: Date | null
  /** No other token of the session was spent after this one. */
  isLatestSpent: boolean
  session: Session
  user: User
}

/** The refresh token `token`, with its session and user, in one query; undefined when unknown. */
export async function findRefreshToken(token: string): Promise<FoundRefreshToken | undefined> {
  const { users, sessions, refreshTokens } = tables
  const [found] = await useDB().select({
    spentAt: refreshTokens.spentAt,
    session: sessions,
    user: users,
    isLatestSpent: sql<number>`NOT EXISTS (SELECT 1 FROM ${refreshTokens} later WHERE later.session_id = ${refreshTokens.sessionId} AND later.spent_at > ${refreshTokens.spentAt})`,
  }).from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, hashToken(token)))
    .limit(1)
  return found && { ...found, isLatestSpent: Number(found.isLatestSpent) === 1 }
}

/** Spends the live refresh token `token`; answers false when another request spent it first. */
export async function spendRefreshToken(token: string, now: Date): Promise<boolean> {
  const { refreshTokens } = tables
  const [spent] = await useDB().update(refreshTokens).set({ spentAt: now })
    .where(and(eq(refreshTokens.tokenHash, hashToken(token)), isNull(refreshTokens.spentAt)))
  return spent.affectedRows === 1
}
