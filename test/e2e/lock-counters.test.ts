import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type mysql from 'mysql2/promise'
import { migrateDatabase } from '../../server/database/migrate'
import { MIGRATIONS, connect, emptyDatabase } from './databases'

/*
 * The account lock's counters (server/security/lock-counters.ts), one statement each, on the
 * real database: the counts parallel attempts get, windows that end, and rows the first
 * release's store (rate-limiter-flexible) left behind.
 */

let counters: typeof import('../../server/security/lock-counters')
let closeDatabase: () => Promise<void>
let connection: mysql.Connection
let serial = 0
const newKey = () => `test:${++serial}`

const rowOf = async (key: string) => {
  const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT points, expire FROM rate_limits WHERE `key` = ?', [key])
  return rows[0] as { points: number, expire: string | null } | undefined
}

beforeAll(async () => {
  const databaseUrl = await emptyDatabase('lock_counters')
  await migrateDatabase(databaseUrl, MIGRATIONS)
  connection = await connect(databaseUrl)
  process.env.NUXT_DATABASE_URL = databaseUrl
  counters = await import('../../server/security/lock-counters')
  ;({ closeDatabase } = await import('../../server/database/db'))
})

afterAll(async () => {
  await connection?.end()
  await closeDatabase?.()
})

describe('addToCounter', () => {
  it('starts a counter at 1, ending the given seconds from now', async () => {
    const key = newKey()
    const before = Date.now()
    expect(await counters.addToCounter(key, 60)).toBe(1)
    const row = (await rowOf(key))!
    expect(row.points).toBe(1)
    expect(Number(row.expire)).toBeGreaterThanOrEqual(before + 60_000)
    expect(Number(row.expire)).toBeLessThanOrEqual(Date.now() + 60_000)
  })

  it('answers each of parallel calls a count of its own', async () => {
    const key = newKey()
    const counts = await Promise.all(Array.from({ length: 20 }, () => counters.addToCounter(key, 60)))
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1))
    expect((await rowOf(key))!.points).toBe(20)
  })

  it('keeps a running counter\'s end', async () => {
    const key = newKey()
    await counters.addToCounter(key, 60)
    const { expire } = (await rowOf(key))!
    expect(await counters.addToCounter(key, 3600)).toBe(2)
    expect((await rowOf(key))!.expire).toBe(expire)
  })

  it('starts a counter that has ended again at 1, with a new end', async () => {
    const key = newKey()
    await connection.query('INSERT INTO rate_limits (`key`, points, expire) VALUES (?, 4, ?)', [key, Date.now() - 1])
    expect(await counters.addToCounter(key, 60)).toBe(1)
    expect(Number((await rowOf(key))!.expire)).toBeGreaterThan(Date.now() + 59_000)
    expect(await counters.addToCounter(key, 60)).toBe(2)
  })

  it('goes on from a row the first release\'s store left (a locked account: 6 points)', async () => {
    const key = newKey()
    await connection.query('INSERT INTO rate_limits (`key`, points, expire) VALUES (?, 6, ?)', [key, Date.now() + 600_000])
    expect(await counters.addToCounter(key, 900)).toBe(7)
    expect(await counters.counterMsLeft(key)).toBeGreaterThan(590_000)
  })
})

describe('the other operations', () => {
  it('counterMsLeft: the time until the end; 0 once ended or without a row', async () => {
    const [running, ended] = [newKey(), newKey()]
    await counters.setCounter(running, 3, 120)
    await connection.query('INSERT INTO rate_limits (`key`, points, expire) VALUES (?, 1, ?)', [ended, Date.now() - 5])
    expect(await counters.counterMsLeft(running)).toBeGreaterThan(119_000)
    expect(await counters.counterMsLeft(running)).toBeLessThanOrEqual(120_000)
    expect(await counters.counterMsLeft(ended)).toBe(0)
    expect(await counters.counterMsLeft(newKey())).toBe(0)
  })

  it('setCounter: replaces the count and the end', async () => {
    const key = newKey()
    await counters.addToCounter(key, 3600)
    await counters.setCounter(key, 6, 60)
    const row = (await rowOf(key))!
    expect(row.points).toBe(6)
    expect(Number(row.expire)).toBeLessThanOrEqual(Date.now() + 60_000)
  })

  it('subtractFromCounter: one less, never below 0; no row made', async () => {
    const key = newKey()
    await counters.addToCounter(key, 60)
    await counters.addToCounter(key, 60)
    await counters.subtractFromCounter(key)
    expect((await rowOf(key))!.points).toBe(1)
    await counters.subtractFromCounter(key)
    await counters.subtractFromCounter(key)
    expect((await rowOf(key))!.points).toBe(0)
    const absent = newKey()
    await counters.subtractFromCounter(absent)
    expect(await rowOf(absent)).toBeUndefined()
  })

  it('deleteCounters: deletes the keys given, no other', async () => {
    const [first, second, kept] = [newKey(), newKey(), newKey()]
    for (const key of [first, second, kept]) await counters.addToCounter(key, 60)
    await counters.deleteCounters(first, second)
    expect(await rowOf(first)).toBeUndefined()
    expect(await rowOf(second)).toBeUndefined()
    expect(await rowOf(kept)).toBeDefined()
  })

  it('pruneCounters: deletes counters that ended over an hour ago, in batches', async () => {
    const old = Array.from({ length: 1200 }, () => newKey())
    const [recent, running] = [newKey(), newKey()]
    await connection.query('INSERT INTO rate_limits (`key`, points, expire) VALUES ?', [old.map(key => [key, 5, Date.now() - 3_700_000])])
    await connection.query('INSERT INTO rate_limits (`key`, points, expire) VALUES (?, 5, ?), (?, 1, ?)', [recent, Date.now() - 60_000, running, Date.now() + 60_000])
    await counters.pruneCounters()
    const [[{ left }]] = await connection.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS `left` FROM rate_limits WHERE `key` IN (?)', [old]) as unknown as [[{ left: number }]]
    expect(Number(left)).toBe(0)
    expect(await rowOf(recent)).toBeDefined()
    expect(await rowOf(running)).toBeDefined()
  })
})
