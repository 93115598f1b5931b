/** Production refuses to start without a real `NUXT_JWT_SECRET`; development makes one up. */
export default defineNitroPlugin(() => {
  if (resolveJwtSecret()) return
  console.error(`[config] NUXT_JWT_SECRET must be set to a random string of at least ${MIN_JWT_SECRET_LENGTH} characters in production (e.g. \`openssl rand -base64 48\`). Refusing to start.`)
  process.exit(1)
})
