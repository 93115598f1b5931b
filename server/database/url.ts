/** The database used when `NUXT_DATABASE_URL` is not set: a local server's root, no password. */
export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/community_web'

/** The database name of a `mysql://` URL, checked to be a plain identifier. */
export function databaseNameOf(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1))
  if (!/^\w{1,64}$/.test(name)) throw new Error('NUXT_DATABASE_URL must name a database made of letters, digits and _')
  return name
}
