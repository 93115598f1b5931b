import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'

export const MIN_JWT_SECRET_LENGTH = 32
export const MIN_JWT_SECRET_DISTINCT = 10
const DEV_SECRET_FILE = '.data/jwt-secret'

let secret: string | undefined

/**
 * Whether `value` may sign tokens: at least `MIN_JWT_SECRET_LENGTH` characters, of which at least
 * `MIN_JWT_SECRET_DISTINCT` different ones that are not white space (40 spaces or one character
 * repeated are long but guessable).
 */
export function isStrongJwtSecret(value: string): boolean {
  const characters = [...value]
  if (characters.length < MIN_JWT_SECRET_LENGTH) return false
  return new Set(characters.filter(character => !/\s/u.test(character))).size >= MIN_JWT_SECRET_DISTINCT
}

/**
 * The secret that signs access tokens: `NUXT_JWT_SECRET`; in development, when it is not
 * set, one generated on first use and kept in `.data/`. Null in production without a real one.
 */
export function resolveJwtSecret(): string | null {
  if (secret) return secret
  const configured = String(useRuntimeConfig().jwtSecret ?? '')
  if (isStrongJwtSecret(configured)) return (secret = configured)
  if (!import.meta.dev) return null
  return (secret = readOrCreateDevSecret())
}

function readOrCreateDevSecret(): string {
  try {
    const kept = readFileSync(DEV_SECRET_FILE, 'utf8').trim()
    if (isStrongJwtSecret(kept)) return kept
  }
  catch {
    // first start: generated below
  }
  const generated = randomBytes(48).toString('base64url')
  mkdirSync('.data', { recursive: true })
  writeFileSync(DEV_SECRET_FILE, generated, { mode: 0o600 })
  console.info(`[config] NUXT_JWT_SECRET is not set: using a development secret kept in ${DEV_SECRET_FILE}`)
  return generated
}
