import { pruneExpiredCodes } from '../accounts/codes'
import { sweepSessions } from '../auth/sessions'
import { isDatabaseReady } from '../database/ready'
import { pruneCounters } from '../security/lock-counters'

/**
 * The periodic upkeep of the tables, every `NUXT_SESSION_SWEEP_SECONDS` (default 60) once the
 * database is migrated: sessions (`sweepSessions`: who is offline, ended sessions deleted), codes
 * (`pruneExpiredCodes`) and the lock's ended counters (`pruneCounters`). The timer never keeps
 * the process alive; a failed sweep is logged and tried again at the next tick.
 */
export default defineNitroPlugin((nitroApp) => {
  const seconds = Number(useRuntimeConfig().sessionSweepSeconds) || 60
  let running = false
  const timer = setInterval(async () => {
    if (running || !isDatabaseReady()) return
    running = true
    try {
      await sweepSessions()
      await pruneExpiredCodes()
      await pruneCounters()
    }
    catch (error) {
      console.error('[sessions] sweep failed:', (error as Error).message)
    }
    finally {
      running = false
    }
  }, seconds * 1000)
  timer.unref()
  nitroApp.hooks.hook('close', () => clearInterval(timer))
})
