import bcrypt from 'bcryptjs'
import { afterEach, describe, expect, it } from 'vitest'
import { createBcryptPool, PasswordPoolFullError, type BcryptPool } from '../../server/auth/bcrypt-pool'

describe('createBcryptPool', () => {
  let pool: BcryptPool | undefined
  afterEach(() => pool?.destroy())

  it('hashes on a worker into a hash bcryptjs accepts, and compares both ways', async () => {
    pool = createBcryptPool({ size: 2 })
    expect(pool.stats().workers).toBe(0)
    const hash = await pool.hash('correct horse battery staple', 4)
    expect(hash).toMatch(/^\$2b\$04\$/)
    expect(pool.stats().workers).toBe(1)
    expect(bcrypt.compareSync('correct horse battery staple', hash)).toBe(true)
    expect(await pool.compare('correct horse battery staple', hash)).toBe(true)
    expect(await pool.compare('correct horse battery stapler', hash)).toBe(false)
  })

  it('starts at most `size` workers and lets at most `queueLimit` jobs wait', async () => {
    pool = createBcryptPool({ size: 2, queueLimit: 3 })
    const hash = bcrypt.hashSync('secret words', 8)
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => pool!.compare('secret words', hash)))
    expect(results.filter(result => result.status === 'fulfilled' && result.value === true)).toHaveLength(5)
    const refused = results.filter(result => result.status === 'rejected')
    expect(refused).toHaveLength(3)
    for (const result of refused) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(PasswordPoolFullError)
    expect(pool.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0, size: 2, queueLimit: 3 })
  })

  it('ends a worker left without work for `idleMs`, and starts one again for the next job', async () => {
    pool = createBcryptPool({ size: 2, idleMs: 300 })
    const hash = bcrypt.hashSync('secret words', 4)
    await Promise.all([pool.compare('secret words', hash), pool.compare('secret words', hash)])
    expect(pool.stats().workers).toBe(2)
    await new Promise(resolve => setTimeout(resolve, 150))
    expect(await pool.compare('secret words', hash)).toBe(true)
    await new Promise(resolve => setTimeout(resolve, 200))
    // The worker used 200 ms ago is still there; the other one has been idle for 350 ms.
    expect(pool.stats().workers).toBe(1)
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(pool.stats().workers).toBe(0)
    expect(await pool.compare('secret words', hash)).toBe(true)
    expect(pool.stats().workers).toBe(1)
  })

  it('defaults to 16 waiting jobs per worker', () => {
    pool = createBcryptPool({ size: 3 })
    expect(pool.stats()).toMatchObject({ size: 3, queueLimit: 48 })
  })

  it('rejects the jobs still waiting when destroyed', async () => {
    pool = createBcryptPool({ size: 1 })
    const hash = bcrypt.hashSync('secret words', 8)
    const settled = Promise.allSettled([pool.compare('secret words', hash), pool.compare('secret words', hash)])
    await pool.destroy()
    const results = await settled
    expect(results.every(result => result.status === 'rejected')).toBe(true)
  })
})
