import { describe, expect, it } from 'vitest'
import { batchedLookup } from '../../server/database/batched-lookup'

/** A look-up whose calls are recorded and answered by hand. */
function heldLookUp() {
  const calls: { keys: number[], answer: () => void, fail: (error: Error) => void }[] = []
  const lookUp = (keys: number[]) => new Promise<string[]>((resolve, reject) => {
    calls.push({ keys, answer: () => resolve(keys.map(key => `value of ${key}`)), fail: reject })
  })
  return { calls, lookUp }
}

const settle = () => new Promise(resolve => setImmediate(resolve))

describe('batchedLookup', () => {
  it('sends each key alone, at once, while fewer than `inFlight` look-ups are out', async () => {
    const { calls, lookUp } = heldLookUp()
    const find = batchedLookup(lookUp, { inFlight: 2, maxBatch: 16, stalledAfterMs: 60_000 })
    const answers = [find(1), find(2)]
    expect(calls.map(call => call.keys)).toEqual([[1], [2]])
    calls.forEach(call => call.answer())
    expect(await Promise.all(answers)).toEqual(['value of 1', 'value of 2'])
  })

  it('sends the keys that waited together when a look-up comes back, each answered with its own value', async () => {
    const { calls, lookUp } = heldLookUp()
    const find = batchedLookup(lookUp, { inFlight: 1, maxBatch: 16, stalledAfterMs: 60_000 })
    const first = find(1)
    const waited = [find(2), find(3), find(2)]
    expect(calls).toHaveLength(1)
    calls[0]!.answer()
    expect(await first).toBe('value of 1')
    await settle()
    expect(calls.map(call => call.keys)).toEqual([[1], [2, 3, 2]])
    calls[1]!.answer()
    expect(await Promise.all(waited)).toEqual(['value of 2', 'value of 3', 'value of 2'])
  })

  it('never adds a key to a look-up already sent: a key asked for later is read by a later query', async () => {
    const { calls, lookUp } = heldLookUp()
    const find = batchedLookup(lookUp, { inFlight: 1, maxBatch: 16, stalledAfterMs: 60_000 })
    void find(1)
    const late = find(1)
    expect(calls).toHaveLength(1)
    calls[0]!.answer()
    await settle()
    expect(calls).toHaveLength(2)
    calls[1]!.answer()
    expect(await late).toBe('value of 1')
  })

  it('carries at most `maxBatch` keys in one look-up', async () => {
    const { calls, lookUp } = heldLookUp()
    const find = batchedLookup(lookUp, { inFlight: 1, maxBatch: 3, stalledAfterMs: 60_000 })
    const answers = [1, 2, 3, 4, 5, 6, 7, 8].map(find)
    calls[0]!.answer()
    await settle()
    calls[1]!.answer()
    await settle()
    calls[2]!.answer()
    await settle()
    expect(calls.map(call => call.keys)).toEqual([[1], [2, 3, 4], [5, 6, 7], [8]])
    calls[3]!.answer()
    expect(await Promise.all(answers)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(key => `value of ${key}`))
  })

  it('fails every key of a failed look-up, and goes on with the next', async () => {
    const { calls, lookUp } = heldLookUp()
    const find = batchedLookup(lookUp, { inFlight: 1, maxBatch: 16, stalledAfterMs: 60_000 })
    const first = find(1)
    const failed = [find(2), find(3)].map(answer => answer.catch((error: Error) => error.message))
    calls[0]!.answer()
    await first
    await settle()
    calls[1]!.fail(new Error('database away'))
    expect(await Promise.all(failed)).toEqual(['database away', 'database away'])
    await settle()
    const after = find(4)
    expect(calls[2]!.keys).toEqual([4])
    calls[2]!.answer()
    expect(await after).toBe('value of 4')
  })

  it('fails the keys of a look-up that throws before it answers', async () => {
    const find = batchedLookup((): Promise<string[]> => {
      throw new Error('no connection')
    }, { inFlight: 1, maxBatch: 16, stalledAfterMs: 60_000 })
    await expect(find(1)).rejects.toThrow('no connection')
    await expect(find(2)).rejects.toThrow('no connection')
  })

  it('stops counting a look-up that is out longer than `stalledAfterMs`: one silent connection holds only its own keys', async () => {
    const { calls, lookUp } = heldLookUp()
    const find = batchedLookup(lookUp, { inFlight: 1, maxBatch: 16, stalledAfterMs: 20 })
    const stalled = find(1)
    const next = find(2)
    expect(calls).toHaveLength(1)
    await new Promise(resolve => setTimeout(resolve, 60))
    expect(calls.map(call => call.keys)).toEqual([[1], [2]])
    calls[1]!.answer()
    expect(await next).toBe('value of 2')
    calls[0]!.answer()
    expect(await stalled).toBe('value of 1')
    const later = find(3)
    expect(calls[2]!.keys).toEqual([3])
    calls[2]!.answer()
    expect(await later).toBe('value of 3')
  })
})
