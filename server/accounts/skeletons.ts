import type mysql from 'mysql2/promise'
import { duplicateKeyOf } from '../database/mysql-errors'
import { usernameSkeletonKey } from './skeleton'

/*
 * `users.username_skeleton`, the one writer of it besides createUser (server/accounts/users.ts):
 * fills it for rows that have none (shared/API.md, "The database": a row inserted by hand with the
 * DDL's columns alone is a valid account, and its name's skeleton is filled in when needed).
 */

/** Rows read at a time. */
const BATCH = 500
const KEY = 'idx_username_skeleton'

/** Accounts whose names look alike, found among rows that were there before the rule. */
export interface LookAlikeGroup {
  /** Ids of the accounts, lowest first: the first holds the skeleton, the others are left without one. */
  ids: number[]
}

/**
 * Gives each row without a skeleton its own, in batches by id, keeping `update_time`. Where a
 * row's skeleton is already held (two legacy names that look alike), the row is left NULL: it
 * still logs in, and its look-alikes are refused through the one that holds the skeleton.
 * Answers those groups (empty when none).
 */
export async function fillUsernameSkeletons(pool: mysql.Pool): Promise<LookAlikeGroup[]> {
  const unfilled = new Map<string, number[]>()
  for (let afterId = 0; ;) {
    const [rows] = await pool.query<mysql.RowDataPacket[]>(
      'SELECT id, username FROM users WHERE username_skeleton IS NULL AND id > ? ORDER BY id LIMIT ?', [afterId, BATCH])
    for (const row of rows) {
      const key = usernameSkeletonKey(row.username)
      try {
        await pool.query('UPDATE users SET username_skeleton = ?, update_time = update_time WHERE id = ? AND username_skeleton IS NULL', [key, row.id])
      }
      catch (error) {
        if (duplicateKeyOf(error) !== KEY) throw error
        unfilled.set(key, [...unfilled.get(key) ?? [], Number(row.id)])
      }
    }
    if (rows.length < BATCH) break
    afterId = Number(rows.at(-1)!.id)
  }
  const groups: LookAlikeGroup[] = []
  for (const [key, ids] of unfilled) {
    const [holders] = await pool.query<mysql.RowDataPacket[]>('SELECT id FROM users WHERE username_skeleton = ?', [key])
    groups.push({ ids: [...holders.map(row => Number(row.id)), ...ids].sort((a, b) => a - b) })
  }
  return groups
}

/** Fills the skeletons at start-up and reports (never fails on) legacy look-alikes, one warning for all. */
export async function backfillUsernameSkeletons(pool: mysql.Pool): Promise<void> {
  const groups = await fillUsernameSkeletons(pool)
  if (!groups.length) return
  const list = groups.map(group => `ids ${group.ids.join(', ')}`).join('; ')
  console.warn(`[accounts] look-alike usernames (UTS #39 skeleton) among existing accounts: ${list}. `
    + 'Each keeps its name and logs in; one of each group holds the skeleton, so no new name may look like them. '
    + 'Rename one of each group to settle it.')
}
