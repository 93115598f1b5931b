import { z } from 'zod'
import { ROLES } from '../auth/roles'

/**
 * The shapes of what the API answers (shared/API.md, "The user object" and the endpoint tables),
 * for the OpenAPI document only: responses are built in code, requests are validated by the
 * handlers' own schemas. Schemas named in `namedSchemas` become `components.schemas`.
 */
export const namedSchemas = new Map<z.ZodType, string>()

const isoTime = z.string().meta({ format: 'date-time' })

export const UserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  gender: z.union([z.literal(0), z.literal(1), z.literal(2)]).meta({ description: '0 unknown, 1 male, 2 female' }),
  avatar: z.string().nullable().meta({ description: 'An http(s) URL or a site-relative path (an uploaded avatar is `/avatars/…`).' }),
  role: z.enum(ROLES),
  status: z.enum(['active', 'disabled']),
  online: z.boolean().meta({ description: 'At least one live session.' }),
  emailVerified: z.boolean(),
  lastLoginAt: isoTime.nullable(),
  lastLoginIp: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
})
namedSchemas.set(UserSchema, 'User')

export const TokenPairSchema = z.object({
  token: z.string().meta({ description: 'The access token (JWT, HS256), also set as an HttpOnly cookie.' }),
  refreshToken: z.string().meta({ description: 'Single use; also set as an HttpOnly cookie.' }),
  expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires.' }),
})
namedSchemas.set(TokenPairSchema, 'TokenPair')

export const SessionSchema = z.object({
  id: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: isoTime,
  lastUsedAt: isoTime,
  current: z.boolean().meta({ description: 'The session of the request that asked.' }),
})
namedSchemas.set(SessionSchema, 'Session')

export const UserPayload = z.object({ user: UserSchema })
export const SignInPayload = z.object({ user: UserSchema, ...TokenPairSchema.shape })
export const LoginPayload = SignInPayload.extend({ tokenType: z.literal('Bearer') })
export const RegisterPayload = z.union([SignInPayload, UserPayload]).meta({
  description: 'With required email verification: `{ user }` only, no tokens.',
})
export const SessionsPayload = z.object({ sessions: z.array(SessionSchema) })
export const UserPagePayload = z.object({
  records: z.array(UserSchema),
  current: z.number().int(),
  size: z.number().int(),
  total: z.number().int(),
})
export const HealthPayload = z.object({ status: z.literal('ok'), db: z.literal('up') })
