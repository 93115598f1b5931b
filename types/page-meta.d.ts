import type { Permission } from '../shared/permissions'

declare module '#app' {
  interface PageMeta {
    /** The permission a page needs (middleware/admin.ts): anyone without it gets the 403 page. */
    permission?: Permission
  }
}

export {}
