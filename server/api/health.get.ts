import { sql } from 'drizzle-orm'

export default defineApiHandler('healthy', async () => {
  try {
    await waitForDatabase()
    await useDB().execute(sql`SELECT 1`)
  }
  catch {
    throw apiError('SERVICE_UNAVAILABLE', { db: 'down' })
  }
  return { status: 'ok', db: 'up' }
})
