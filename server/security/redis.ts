import { Redis } from 'ioredis'

let client: Redis | null | undefined

/**
 * The Redis client of `NUXT_REDIS_URL`, created on first use; null when it is not set. It never
 * queues commands while disconnected and gives a command half a second, so a Redis outage fails
 * fast (callers fall back to memory) instead of holding requests; it reconnects by itself.
 */
export function useRedis(): Redis | null {
  if (client === undefined) {
    const url = String(useRuntimeConfig().redisUrl ?? '')
    client = url ? connect(url) : null
  }
  return client
}

function connect(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // A Redis that stops answering without closing the connection must not hold requests either.
    commandTimeout: 500,
    keepAlive: 10_000,
  })
  let lastWarning = 0
  redis.on('error', (error: Error) => {
    if (Date.now() - lastWarning < 60_000) return
    lastWarning = Date.now()
    console.warn(`[redis] ${error.message}: request counters fall back to process memory until it is back`)
  })
  return redis
}
