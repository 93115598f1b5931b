/** How many look-ups may be out at once, how many keys one of them may carry, and how long one counts. */
export interface BatchLimits {
  inFlight: number
  maxBatch: number
  /**
   * A look-up out longer than this no longer counts against `inFlight`: a connection that went
   * silent holds the keys it carries (until the request's deadline answers 503), not the next ones.
   */
  stalledAfterMs: number
}

/**
 * Look-ups by key that travel together once the database is busy: while `inFlight` of them are
 * out, keys asked for meanwhile wait, and go as one look-up (up to `maxBatch` keys) when one comes
 * back. Under light traffic each key goes alone, at once; under load, one query answers many
 * requests, which saves a round trip, a packet each way and a statement run per key on both sides
 * (docs/benchmarks.md, "issue 16, tenth round").
 *
 * A key never joins a look-up already sent: each answer was read after its question was asked,
 * so nothing written before a request (a session revoked) is missed by it.
 *
 * `lookUp` answers one value per key, in the keys' order. Should it fail, every key it carried
 * fails with its error.
 */
export function batchedLookup<Key, Value>(lookUp: (keys: Key[]) => Promise<Value[]>, { inFlight, maxBatch, stalledAfterMs }: BatchLimits): (key: Key) => Promise<Value> {
  const waiting: { key: Key, resolve: (value: Value) => void, reject: (error: unknown) => void }[] = []
  let out = 0

  function sendWaiting(): void {
    while (out < inFlight && waiting.length) {
      const batch = waiting.splice(0, maxBatch)
      out++
      let counted = true
      const stopCounting = () => {
        if (!counted) return
        counted = false
        out--
        sendWaiting()
      }
      const stalled = setTimeout(stopCounting, stalledAfterMs).unref()
      new Promise<Value[]>(sent => sent(lookUp(batch.map(({ key }) => key)))).then(
        values => batch.forEach(({ resolve }, index) => resolve(values[index]!)),
        (error: unknown) => batch.forEach(({ reject }) => reject(error)),
      ).finally(() => {
        clearTimeout(stalled)
        stopCounting()
      })
    }
  }

  return key => new Promise<Value>((resolve, reject) => {
    waiting.push({ key, resolve, reject })
    sendWaiting()
  })
}
