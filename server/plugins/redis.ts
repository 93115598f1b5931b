import { useRedis } from '../security/redis'

/**
 * Connects to Redis (when `NUXT_REDIS_URL` is set) as the server starts, so the first requests
 * already count in Redis: commands sent while it is still connecting would count in memory.
 */
export default defineNitroPlugin(() => {
  useRedis()
})
