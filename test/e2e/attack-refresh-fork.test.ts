import { setTimeout as sleep } from 'node:timers/promises'
import type mysql from 'mysql2/promise'
import { describe, expect, it } from 'vitest'
import { api, db, expectFailure, registerUser, startApp } from './support'

function refresh(refreshToken: string) {
  return api('/api/auth/refresh', { body: { refreshToken } })
}

/** The refresh-token rows of the user's sessions. */
async function tokenRows(userId: number): Promise<mysql.RowDataPacket[]> {
  const [rows] = await (await db()).query<mysql.RowDataPacket[]>(
    'SELECT refresh_tokens.* FROM refresh_tokens JOIN sessions ON sessions.id = refresh_tokens.session_id WHERE sessions.user_id = ?', [userId])
  return rows
}

describe('attack: a refresh token forked by parallel refreshes', async () => {
  await startApp()

  it('gives twenty parallel refreshes of one token one and the same successor, and catches its replay after 10 s', async () => {
    const account = await registerUser()
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(account.refreshToken)))
    expect(answers.map(answer => answer.status)).toEqual(Array.from({ length: 20 }, () => 200))
    const successors = new Set(answers.map(answer => answer.body.data.refreshToken))
    expect(successors.size).toBe(1)
    const [successor] = successors as Set<string>
    expect(successor).not.toBe(account.refreshToken)
    expect(successor).toMatch(/^[\w-]{43,}$/)

    const live = (await tokenRows(account.user.id)).filter(row => row.spent_at === null)
    expect(live).toHaveLength(1)

    // A thief who replayed within the window holds the owner's token, not a chain of his own:
    // after the window the old token is reuse, and the whole session ends.
    await sleep(11_000)
    expectFailure(await refresh(account.refreshToken), 401, 'REFRESH_TOKEN_REUSED')
    expectFailure(await refresh(successor!), 401, 'INVALID_REFRESH_TOKEN')
  }, 30_000)

  it('gives a twin presented one after the other the same successor as the first', async () => {
    const account = await registerUser()
    const first = await refresh(account.refreshToken)
    const twin = await refresh(account.refreshToken)
    expect([first.status, twin.status]).toEqual([200, 200])
    expect(twin.body.data.refreshToken).toBe(first.body.data.refreshToken)
    expect((await tokenRows(account.user.id)).filter(row => row.spent_at === null)).toHaveLength(1)
  })

  it('gives different sessions different successors', async () => {
    const one = await registerUser()
    const other = await registerUser()
    const [a, b] = await Promise.all([refresh(one.refreshToken), refresh(other.refreshToken)])
    expect(a.body.data.refreshToken).not.toBe(b.body.data.refreshToken)
  })
})
