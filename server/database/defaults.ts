/** The database used when `NUXT_DATABASE_URL` is not set: a local server's root, no password. */
export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/community_web'
