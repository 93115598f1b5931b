import { z } from 'zod'
import { PERMISSIONS } from '../../shared/permissions'
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
  role: z.enum(ROLES).meta({ description: '`super_admin` exactly when the account holds `R_SUPER` (`users.user_role` 0).' }),
  roles: z.array(z.string()).meta({ description: 'Role codes: `R_SUPER`, `R_ADMIN`, `R_USER`, custom `R_…` ones.' }),
  permissions: z.array(z.enum(PERMISSIONS)).meta({ description: 'The union of the roles\' permissions, read at each request.' }),
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

/** `GET /api/auth/providers`. */
export const ProvidersPayload = z.object({
  providers: z.array(z.object({ id: z.enum(['wechat', 'qq', 'github', 'oidc']), name: z.string() })),
})

/** `GET /api/auth/identities`. */
export const IdentitiesPayload = z.object({
  identities: z.array(z.object({ provider: z.string(), name: z.string().nullable(), email: z.string().nullable(), linkedAt: isoTime })),
  hasPassword: z.boolean(),
})

export const PermissionSchema = z.object({
  code: z.enum(PERMISSIONS),
  description: z.string().meta({ description: 'In the request\'s language.' }),
})
namedSchemas.set(PermissionSchema, 'Permission')

export const RoleSchema = z.object({
  code: z.string(),
  name: z.string().meta({ description: 'A built-in role not renamed speaks its name in the request\'s language.' }),
  description: z.string().nullable(),
  permissions: z.array(z.enum(PERMISSIONS)).meta({ description: '`R_SUPER`: every permission.' }),
  builtIn: z.boolean(),
  userCount: z.number().int().meta({ description: 'Accounts that hold the role, disabled ones included.' }),
})
namedSchemas.set(RoleSchema, 'Role')

export const PermissionsPayload = z.object({ permissions: z.array(PermissionSchema) })
export const RolesPayload = z.object({ roles: z.array(RoleSchema) })
export const RolePayload = z.object({ role: RoleSchema })
export const SeedUserInfoPayload = z.object({
  userId: z.number().int(),
  userName: z.string(),
  roles: z.array(z.string()),
  buttons: z.array(z.enum(PERMISSIONS)).meta({ description: 'The permissions.' }),
  avatar: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable().meta({ description: 'The mobile number.' }),
})
