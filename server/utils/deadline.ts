/**
 * Settles like `work`, or rejects with 503 `SERVICE_UNAVAILABLE` after `ms`: a database
 * connection that died without a word (packets dropped, no reset) must not hold a request.
 * The work itself goes on; its connection fails or recovers on its own.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(apiError('SERVICE_UNAVAILABLE')), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
