import { defineConfig } from 'drizzle-kit'
import { DEFAULT_DATABASE_URL } from './server/database/url'

export default defineConfig({
  dialect: 'mysql',
  schema: './server/database/schema.ts',
  out: './drizzle',
  dbCredentials: { url: process.env.NUXT_DATABASE_URL || DEFAULT_DATABASE_URL },
})
