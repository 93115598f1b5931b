import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { errors, jwtVerify, SignJWT } from 'jose'
import type { Role } from '~/types/api'
import { apiError } from '../utils/errors'
import { resolveJwtSecret } from '../config/jwt-secret'
import { keyedHash } from '../security/keyed-hash'

export const ACCESS_TOKEN_SECONDS = 15 * 60
const ISSUER = 'community-web'
const AUDIENCE = 'community-web'

export interface AccessClaims {
  userId: number
  sessionId: string
  role: Role
}

let key: Promise<CryptoKey> | undefined

/**
 * The HS256 key: the UTF-8 bytes of `NUXT_JWT_SECRET` (checked at start-up by plugins/config-check),
 * imported once: given the bytes, jose would import them again for every token.
 */
function signingKey(): Promise<CryptoKey> {
  return (key ??= crypto.subtle.importKey('raw', new TextEncoder().encode(resolveJwtSecret()!), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']))
}

/** Signs a 15-minute access token: `sub` (user id), `sid` (session id), `role`, `iss`, `aud`, a unique `jti`. */
export async function signAccessToken(claims: AccessClaims): Promise<string> {
  return new SignJWT({ sid: claims.sessionId, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(claims.userId))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
    .sign(await signingKey())
}

/** Tokens verified lately, with their claims: clients present the same token for 15 minutes. */
const verified = new Map<string, { claims: AccessClaims, exp: number, iat: number }>()
const VERIFIED_LIMIT = 1000

/**
 * Verifies an access token: HS256 only, our key, issuer and audience, `exp` and `iat` required,
 * at most 15 minutes old, `sub` a user id in its canonical form.
 * Throws 401 `TOKEN_EXPIRED` for an expired one and 401 `UNAUTHORIZED` for anything else.
 * A token that passed once is remembered (the last 1,000), so that presenting it again costs a
 * look-up and the time checks, not a second signature check; revocation is not cached here.
 */
export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  const known = verified.get(token)
  if (known) {
    const now = Math.floor(Date.now() / 1000)
    if (known.exp > now && now - known.iat <= ACCESS_TOKEN_SECONDS) return known.claims
    verified.delete(token)
  }
  try {
    const { payload } = await jwtVerify(token, await signingKey(), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat', 'sub', 'sid'],
      maxTokenAge: ACCESS_TOKEN_SECONDS,
    })
    if (!/^[1-9]\d{0,15}$/.test(payload.sub!) || typeof payload.sid !== 'string') throw apiError('UNAUTHORIZED')
    const claims: AccessClaims = Object.freeze({ userId: Number(payload.sub), sessionId: payload.sid, role: payload.role === 'super_admin' ? 'super_admin' : 'user' })
    if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value!)
    verified.set(token, { claims, exp: payload.exp!, iat: payload.iat! })
    return claims
  }
  catch (error) {
    throw apiError(error instanceof errors.JWTExpired ? 'TOKEN_EXPIRED' : 'UNAUTHORIZED')
  }
}

/** A new opaque refresh token: 256 random bits, base64url. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The refresh token that follows `token` when it is rotated: an HMAC of it under a key of its own
 * derived from the JWT secret, 256 bits, base64url like `newRefreshToken`. The same token always
 * has the same successor, so every twin of a refresh gets the one successor the server stores
 * the hash of, and no token forks into several live ones; without the secret, a spent token
 * tells nothing of its successor.
 */
export function successorRefreshToken(token: string): string {
  return Buffer.from(keyedHash('refresh-successor', token), 'hex').toString('base64url')
}

/** A new session id: 144 random bits, base64url (24 characters). */
export function newSessionId(): string {
  return randomBytes(18).toString('base64url')
}

/** How a refresh token is kept on the server: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
