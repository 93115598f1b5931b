// `npm run db:migrate`: creates the configured database if needed and applies drizzle/ to it,
// exactly as the server does at start-up (for deploy pipelines that migrate before they roll out).
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { describeMigration, migrateDatabase } from '../server/database/migrate'
import { databaseNameOf, DEFAULT_DATABASE_URL } from '../server/database/url'

const databaseUrl = process.env.NUXT_DATABASE_URL || DEFAULT_DATABASE_URL
const migrations = readMigrationFiles({ migrationsFolder: new URL('../drizzle', import.meta.url).pathname })

try {
  const outcome = await migrateDatabase(databaseUrl, migrations)
  console.log(`${describeMigration(databaseNameOf(databaseUrl), outcome)}; up to date (${migrations.length} migrations in drizzle/).`)
}
catch (error) {
  console.error('Migration failed:', error instanceof Error ? error.message : error)
  process.exitCode = 1
}
