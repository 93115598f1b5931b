import migrations from '#migrations'
import { backfillUsernameSkeletons } from '../accounts/skeletons'
import { useDatabasePool } from '../database/db'
import { describeMigration, migrateDatabase } from '../database/migrate'
import { isDatabaseUnavailable } from '../database/mysql-errors'
import { UpgradeBlockedError } from '../database/preflight'
import { markDatabaseReady } from '../database/ready'
import { databaseNameOf } from '../database/url'

const RETRY_MS = 2000

/**
 * Creates and migrates the database at start-up, then fills what rows derive (the names'
 * skeletons). When MySQL is not reachable the server still starts (API requests answer 503) and
 * keeps trying until it is.
 */
export default defineNitroPlugin(() => {
  const { databaseUrl } = useRuntimeConfig()
  let announcedWait = false
  const attempt = async (): Promise<void> => {
    try {
      const outcome = await migrateDatabase(databaseUrl, migrations)
      console.info(describeMigration(databaseNameOf(databaseUrl), outcome))
      // The names' skeletons of rows already there (drizzle/0004); legacy look-alikes are reported, not fatal.
      await backfillUsernameSkeletons(useDatabasePool())
      markDatabaseReady()
      if (announcedWait) console.info('[database] reachable again: migrations applied')
    }
    catch (error) {
      if (!isDatabaseUnavailable(error)) throw error
      if (!announcedWait) console.warn(`[database] unreachable (${(error as Error).message}); retrying every ${RETRY_MS / 1000} s`)
      announcedWait = true
      setTimeout(attempt, RETRY_MS).unref()
    }
  }
  attempt().catch((error) => {
    // A blocked upgrade says itself what to do; anything else is a bug worth its stack.
    console.error('[database] migrations failed:', error instanceof UpgradeBlockedError ? error.message : error)
    process.exit(1)
  })
})
