import { createHmac } from 'node:crypto'
import { resolveJwtSecret } from '../config/jwt-secret'

const purposeKeys = new Map<string, Buffer>()

/**
 * A keyed SHA-256 (HMAC, hex) of `value` for `purpose`: what the server stores or counts in
 * place of a secret or personal value (a code, an address) so that a copy of the table or of
 * Redis does not give it away. Each purpose has a key of its own, derived from the JWT secret.
 */
export function keyedHash(purpose: string, value: string): string {
  let purposeKey = purposeKeys.get(purpose)
  if (!purposeKey) {
    purposeKey = createHmac('sha256', resolveJwtSecret()!).update(`community-web:${purpose}`).digest()
    purposeKeys.set(purpose, purposeKey)
  }
  return createHmac('sha256', purposeKey).update(value).digest('hex')
}
