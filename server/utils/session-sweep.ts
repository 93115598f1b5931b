import { and, eq, inArray, lt, notExists, or, sql } from 'drizzle-orm'

/** Rows handled per statement, so that no sweep holds many row locks at once. */
const BATCH = 500
/** Sessions that ended (expired or revoked) this long ago are deleted, refresh tokens and all. */
const KEEP_ENDED_SESSIONS_DAYS = 30

/**
 * The periodic upkeep of sessions: `online_status` drops to 0 for accounts whose sessions have
 * all expired (logout and revocation already update it at once), and sessions that ended long
 * ago are deleted.
 */
export async function sweepSessions(): Promise<{ offline: number, pruned: number }> {
  return { offline: await markOfflineWithoutLiveSession(), pruned: await pruneEndedSessions() }
}

function liveSessionOf(userId: typeof tables.users.id) {
  const { sessions } = tables
  return useDB().select({ one: sql`1` }).from(sessions)
    .where(and(eq(sessions.userId, userId), isLiveSession()))
}

async function markOfflineWithoutLiveSession(): Promise<number> {
  const { users } = tables
  const stale = and(eq(users.onlineStatus, 1), notExists(liveSessionOf(users.id)))
  let total = 0
  for (;;) {
    // Read without locks, then lock only the rows found (checked again, as a login may have come in between).
    const ids = (await useDB().select({ id: users.id }).from(users).where(stale).limit(BATCH)).map(row => row.id)
    if (!ids.length) return total
    const [result] = await useDB().update(users).set({ onlineStatus: 0, ...KEEP_UPDATE_TIME }).where(and(inArray(users.id, ids), stale))
    total += result.affectedRows
    if (ids.length < BATCH || result.affectedRows === 0) return total
  }
}

async function pruneEndedSessions(): Promise<number> {
  const { sessions } = tables
  const cutoff = sql`NOW(3) - INTERVAL ${sql.raw(String(KEEP_ENDED_SESSIONS_DAYS))} DAY`
  let total = 0
  for (;;) {
    const [result] = await useDB().delete(sessions).where(or(lt(sessions.expiresAt, cutoff), lt(sessions.revokedAt, cutoff))).limit(BATCH)
    total += result.affectedRows
    if (result.affectedRows < BATCH) return total
  }
}
