import { sql } from 'drizzle-orm'
import { useDB } from '../database/db'
import { isDatabaseReady } from '../database/ready'

/** Health answers within this, database or not. */
const PROBE_DEADLINE_MS = 2000

export default defineApiHandler('healthy', async () => {
  const up = isDatabaseReady()
    && await withDeadline(useDB().execute(sql`SELECT 1`), PROBE_DEADLINE_MS).then(() => true, () => false)
  if (!up) throw apiError('SERVICE_UNAVAILABLE', { db: 'down' })
  return { status: 'ok', db: 'up' }
})
