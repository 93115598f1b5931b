import autocannon from 'autocannon'

/** One HTTP request of a scenario. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH'
  path: string
  headers?: Record<string, string>
  body?: unknown
}

/** A `next` that goes round `items`, one after the other. */
export function cycle<T>(items: T[]): () => T {
  let index = 0
  return () => items[index++ % items.length]!
}

/** What autocannon measured for one scenario, reduced to what the report shows. */
export interface LoadResult {
  connections: number
  seconds: number
  requests: number
  requestsPerSecond: number
  latencyMs: { p50: number, p90: number, p99: number, max: number }
  /** Answers outside 2xx, connection errors and timeouts: a clean run has none. */
  failures: number
}

/**
 * Runs `connections` keep-alive connections against `url` for `seconds`, each request built by
 * `next()` (so that usernames and tokens can vary), and answers the throughput and latencies.
 */
export async function load(url: string, options: { connections: number, seconds: number, next: () => RequestSpec }): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    requests: [{
      setupRequest: (request) => {
        const spec = options.next()
        return {
          ...request,
          method: spec.method,
          path: spec.path,
          headers: { ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }), ...spec.headers },
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        }
      },
    }],
  })
  return {
    connections: options.connections,
    seconds: options.seconds,
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    failures: result.non2xx + result.errors + result.timeouts,
  }
}
