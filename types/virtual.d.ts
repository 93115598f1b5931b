declare module '#api-routes' {
  /** The `/api` routes Nitro scanned, with their method (null: any method). */
  const routes: { route: string, method: string | null }[]
  export default routes
}

declare module '#migrations' {
  import type { MigrationMeta } from 'drizzle-orm/migrator'

  /** drizzle/ as read at build time, so the built server migrates without the source tree. */
  const migrations: MigrationMeta[]
  export default migrations
}
