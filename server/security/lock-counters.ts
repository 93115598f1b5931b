import { eq, lt, sql } from 'drizzle-orm'
import type { ResultSetHeader } from 'mysql2'
import { tables, useDB } from '../database/db'
import { serverPreparedWrite } from '../database/server-prepared'

/*
 * The account lock's counters (login-lock.ts), in `rate_limits`: a key, a count (`points`) and
 * when the count ends (`expire`, ms since the epoch; NULL never). The layout is the one
 * rate-limiter-flexible's MySQL store used before, so its rows still count after an upgrade.
 * Each operation is one statement: counting a login's attempt is one round trip, where the store
 * took a transaction of four (BEGIN, upsert, SELECT, COMMIT).
 */

/** Ended counters are deleted by `pruneCounters` this long after their end, at most this many per statement. */
const KEEP_ENDED_MS = 60 * 60 * 1000
const PRUNE_BATCH = 500

/**
 * Adds one to counter `key` and answers the count. A counter that does not exist or has ended
 * starts again at 1, ending `seconds` from now; a running one keeps its end. Atomic: parallel
 * calls each answer a count of their own.
 */
export async function addToCounter(key: string, seconds: number): Promise<number> {
  const now = Date.now()
  const result = await addOne.execute({ key, now, ends: now + seconds * 1000 })
  return result.insertId || 1
}

// Drizzle writes the assignments in the table's column order: `points` first, so both conditions
// read the old `expire`. LAST_INSERT_ID(count) hands the new count back as the answer's insert id;
// a row just inserted answers 0 (MySQL's and MariaDB's C API rule: the table has no AUTO_INCREMENT
// column). One statement, prepared once: the lock counts every login with it.
const addOne = serverPreparedWrite(() => {
  const { rateLimits } = tables
  const { points, expire } = rateLimits
  const now = sql.placeholder('now')
  const ends = sql.placeholder('ends')
  return useDB().insert(rateLimits).values({ key: sql.placeholder('key'), points: 1, expire: ends }).onDuplicateKeyUpdate({
    set: {
      points: sql`LAST_INSERT_ID(IF(${expire} <= ${now}, 1, ${points} + 1))`,
      expire: sql`IF(${expire} <= ${now}, ${ends}, ${expire})`,
    },
  })
})

/** Milliseconds until counter `key` ends: 0 when it has ended, has no end or does not exist. */
export async function counterMsLeft(key: string): Promise<number> {
  const { rateLimits } = tables
  const [row] = await useDB().select({ expire: rateLimits.expire }).from(rateLimits).where(eq(rateLimits.key, key))
  return Math.max(0, (row?.expire ?? 0) - Date.now())
}

/** Sets counter `key` to `count`, ending `seconds` from now, whatever it was. */
export async function setCounter(key: string, count: number, seconds: number): Promise<void> {
  const { rateLimits } = tables
  const expire = Date.now() + seconds * 1000
  await useDB().insert(rateLimits).values({ key, points: count, expire }).onDuplicateKeyUpdate({ set: { points: count, expire } })
}

/** Takes back one count of `key` (an attempt that was not made after all). */
export async function subtractFromCounter(key: string): Promise<void> {
  const { rateLimits } = tables
  await useDB().update(rateLimits).set({ points: sql`GREATEST(${rateLimits.points} - 1, 0)` }).where(eq(rateLimits.key, key))
}

/** Deletes the counters `keys` (one, after each good password, and two after a password reset). */
export async function deleteCounters(...keys: string[]): Promise<void> {
  for (const key of keys) await deleteOne.execute({ key })
}

const deleteOne = serverPreparedWrite(() => useDB().delete(tables.rateLimits).where(eq(tables.rateLimits.key, sql.placeholder('key'))))

/** Deletes counters that ended over an hour ago (the periodic upkeep, server/plugins/upkeep.ts). */
export async function pruneCounters(): Promise<void> {
  const { rateLimits } = tables
  for (;;) {
    const [result] = await useDB().delete(rateLimits).where(lt(rateLimits.expire, Date.now() - KEEP_ENDED_MS)).limit(PRUNE_BATCH) as unknown as [ResultSetHeader]
    if (result.affectedRows < PRUNE_BATCH) return
  }
}
