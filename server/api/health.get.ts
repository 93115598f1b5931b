import { sql } from 'drizzle-orm'

export default defineApiHandler('healthy', async () => {
  const up = isDatabaseReady() && await useDB().execute(sql`SELECT 1`).then(() => true, () => false)
  if (!up) throw apiError('SERVICE_UNAVAILABLE', { db: 'down' })
  return { status: 'ok', db: 'up' }
})
