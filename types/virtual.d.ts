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

declare module 'element-plus/es/components/avatar/src/avatar2.mjs' {
  import type { ElAvatar } from 'element-plus'

  /** <el-avatar> alone, without the avatar group Element Plus's index attaches to it (components/AvatarEditor.vue). */
  const avatar: typeof ElAvatar
  export default avatar
}

declare module 'element-plus/es/components/checkbox/src/checkbox2.mjs' {
  import type { ElCheckbox } from 'element-plus'

  /** <el-checkbox> alone, without the checkbox button and group its index attaches to it (pages/login.vue). */
  const checkbox: typeof ElCheckbox
  export default checkbox
}
