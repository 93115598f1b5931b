import type { z } from 'zod'
import type { ErrorCode } from '../utils/errors'
import { BodySchema as changePasswordBody } from '../api/auth/change-password.post'
import { BodySchema as forgotPasswordBody } from '../api/auth/forgot-password.post'
import { BodySchema as loginBody } from '../api/auth/login.post'
import { BodySchema as profileBody } from '../api/auth/me.patch'
import { BodySchema as refreshBody } from '../api/auth/refresh.post'
import { BodySchema as registerBody } from '../api/auth/register.post'
import { BodySchema as resetPasswordBody } from '../api/auth/reset-password.post'
import { ParamsSchema as sessionParams } from '../api/auth/sessions/[id].delete'
import { BodySchema as verifyEmailBody } from '../api/auth/verify-email.post'
import { BodySchema as adminUserBody, ParamsSchema as adminUserParams } from '../api/admin/users/[id].patch'
import { QuerySchema as adminUsersQuery } from '../api/admin/users/index.get'
import { AssignRolesBody, UserIdParams } from '../admin/schemas'
import { CreateRoleBody, RoleCodeParams, UpdateRoleBody } from '../roles/schemas'
import { AVATAR_MAX_BYTES, AVATAR_MEDIA_TYPES } from '../avatars/upload-rules'
import { IdentityParamsSchema, OAuthCallbackQuerySchema, OAuthProviderParamsSchema, OAuthStartQuerySchema } from '../oauth/schemas'
import {
  HealthPayload, IdentitiesPayload, LoginPayload, PermissionsPayload, ProvidersPayload, RegisterPayload, RolePayload, RolesPayload,
  SeedUserInfoPayload, SessionsPayload, TokenPairSchema, UserPagePayload, UserPayload,
} from './payloads'

/** A request body that is not JSON: the bytes themselves, in one of `mediaTypes`. */
export interface RawBody {
  mediaTypes: readonly string[]
  maxBytes: number
  description: string
}

/**
 * One endpoint of the API as the OpenAPI document (server/api-docs/document.ts) shows it.
 * Request schemas are the very zod schemas the handler validates with (exported from its file);
 * the errors every endpoint of its kind can answer (a body's 400/413/415, a session's 401, …)
 * are added by the document, so `errors` lists only the endpoint's own.
 */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The full path, parameters in braces: `/api/auth/sessions/{id}`. */
  path: string
  tag: 'auth' | 'profile' | 'codes' | 'admin' | 'health'
  summary: string
  description?: string
  /** `access`: an access token (Bearer or cookie); `refresh`: a refresh token (body or cookie). */
  auth: 'none' | 'access' | 'refresh'
  /** The permission the caller's roles must grant (shared/API.md, "Roles and permissions"). */
  permission?: string
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType | RawBody
  /** The success status; 200 unless said. */
  status?: number
  /**
   * A route a browser navigates to (third-party sign-in): it answers 302 whatever happens, to
   * the provider or `redirect` on success and to `/login?error=<code>` on failure (`redirect`
   * describes where); only an unknown provider is the 404 envelope.
   */
  redirect?: string
  /** The success envelope's `data`; `null` when absent. */
  data?: z.ZodType
  errors?: ErrorCode[]
}

/**
 * Every endpoint under `/api`. A new route file gets its entry here, or test/e2e/api-docs.test.ts
 * names it as missing.
 */
export const operations: Operation[] = [
  {
    method: 'POST', path: '/api/auth/register', tag: 'auth', auth: 'none', status: 201,
    summary: 'Create an account',
    description: 'Signs the new account in (tokens and cookies), unless the deployment requires a verified email: then `email` is required and no tokens are returned. An email gets a verification code at once.',
    body: registerBody, data: RegisterPayload,
    errors: ['INVALID_PASSWORD', 'USERNAME_ALREADY_EXISTS', 'EMAIL_ALREADY_EXISTS', 'MOBILE_ALREADY_EXISTS'],
  },
  {
    method: 'POST', path: '/api/auth/login', tag: 'auth', auth: 'none',
    summary: 'Sign in',
    description: '`username` is a username, an email address or a mobile number (the name `email` is accepted too). Five failures in 15 minutes lock the account (429 with `Retry-After`).',
    body: loginBody, data: LoginPayload,
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'EMAIL_NOT_VERIFIED'],
  },
  {
    method: 'POST', path: '/api/auth/refresh', tag: 'auth', auth: 'refresh',
    summary: 'Exchange a refresh token for a new pair',
    description: 'The refresh token comes from the body or the cookie; it is single use.',
    body: refreshBody, data: TokenPairSchema,
    errors: ['INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED'],
  },
  {
    method: 'POST', path: '/api/auth/logout', tag: 'auth', auth: 'access',
    summary: 'Sign out this session',
    description: 'Revokes the session and clears the session and refresh cookies (the device cookie stays).',
  },
  {
    method: 'GET', path: '/api/auth/me', tag: 'profile', auth: 'access',
    summary: 'The signed-in user', data: UserPayload,
  },
  {
    method: 'PATCH', path: '/api/auth/me', tag: 'profile', auth: 'access',
    summary: 'Change profile details',
    description: '`null` or an empty string clears a field. Changing `email` needs `currentPassword`; the new address is unverified and the old one gets a notice.',
    body: profileBody, data: UserPayload,
    errors: ['INVALID_CREDENTIALS', 'EMAIL_ALREADY_EXISTS', 'MOBILE_ALREADY_EXISTS'],
  },
  {
    method: 'PUT', path: '/api/auth/me/avatar', tag: 'profile', auth: 'access',
    summary: 'Upload an avatar',
    description: 'The image itself is the body. It is cropped to a square, resized and stored; `avatar` becomes its site-relative URL and the previous upload is removed.',
    body: { mediaTypes: AVATAR_MEDIA_TYPES, maxBytes: AVATAR_MAX_BYTES, description: 'A PNG, JPEG or WebP image (checked by its content), at most 2 MiB.' },
    data: UserPayload,
  },
  {
    method: 'DELETE', path: '/api/auth/me/avatar', tag: 'profile', auth: 'access',
    summary: 'Remove the avatar',
    description: 'Sets `avatar` to null and removes an uploaded image.',
    data: UserPayload,
  },
  {
    method: 'POST', path: '/api/auth/change-password', tag: 'profile', auth: 'access',
    summary: 'Change the password',
    description: 'Every other session of the account is revoked. An account without a password (made by a provider sign-in) sets its first one without `currentPassword`.',
    body: changePasswordBody,
    errors: ['INVALID_CREDENTIALS', 'INVALID_PASSWORD'],
  },
  {
    method: 'GET', path: '/api/auth/sessions', tag: 'profile', auth: 'access',
    summary: 'The account\'s signed-in devices', data: SessionsPayload,
  },
  {
    method: 'DELETE', path: '/api/auth/sessions/{id}', tag: 'profile', auth: 'access',
    summary: 'Sign out one device',
    description: 'Someone else\'s session or an unknown id answers 404.',
    params: sessionParams, errors: ['NOT_FOUND'],
  },
  {
    method: 'POST', path: '/api/auth/verify-email/send', tag: 'codes', auth: 'access',
    summary: 'Mail a verification code to the account\'s email',
    errors: ['INVALID_INPUT'],
  },
  {
    method: 'POST', path: '/api/auth/verify-email', tag: 'codes', auth: 'none',
    summary: 'Confirm an email address',
    description: 'With `email` and `code`, or the `token` of the mailed link.',
    body: verifyEmailBody, data: UserPayload,
    errors: ['INVALID_CODE', 'CODE_EXPIRED'],
  },
  {
    method: 'POST', path: '/api/auth/forgot-password', tag: 'codes', auth: 'none',
    summary: 'Mail a password reset code',
    description: 'The same answer whether or not an account has the address.',
    body: forgotPasswordBody,
  },
  {
    method: 'POST', path: '/api/auth/reset-password', tag: 'codes', auth: 'none',
    summary: 'Choose a new password with a mailed code or link',
    description: 'With `email` and `code`, or the `token` of the mailed link. Every session of the account is revoked and the login lock ends.',
    body: resetPasswordBody,
    errors: ['INVALID_CODE', 'CODE_EXPIRED', 'INVALID_PASSWORD'],
  },
  {
    method: 'GET', path: '/api/admin/users', tag: 'admin', auth: 'access', permission: 'user:list',
    summary: 'List accounts, a page at a time',
    query: adminUsersQuery, data: UserPagePayload,
  },
  {
    method: 'PATCH', path: '/api/admin/users/{id}', tag: 'admin', auth: 'access', permission: 'user:status / user:roles',
    summary: 'Change an account\'s role or status',
    description: '`status` needs `user:status`, `role` needs `user:roles`. Disabling revokes the account\'s sessions.',
    params: adminUserParams, body: adminUserBody, data: UserPayload,
    errors: ['USER_NOT_FOUND', 'LAST_SUPER_ADMIN'],
  },
  {
    method: 'GET', path: '/api/auth/providers', tag: 'auth', auth: 'none',
    summary: 'The configured providers of third-party sign-in',
    data: ProvidersPayload,
  },
  {
    method: 'GET', path: '/api/auth/oauth/{provider}', tag: 'auth', auth: 'none',
    summary: 'Start a sign-in (or, with `link=1` and a session, a linking) with a provider',
    params: OAuthProviderParamsSchema, query: OAuthStartQuerySchema,
    redirect: 'To the provider, with `state`, PKCE S256 where the provider takes it and a `nonce` for OIDC; the flow is kept in an HttpOnly cookie. Failures go to `/login?error=<errorCode>` (`/profile?error=` when linking).',
  },
  {
    method: 'GET', path: '/api/auth/oauth/{provider}/callback', tag: 'auth', auth: 'none',
    summary: 'Where the provider sends the browser back',
    description: 'Register `{NUXT_SITE_URL}/api/auth/oauth/{provider}/callback` with the provider.',
    params: OAuthProviderParamsSchema, query: OAuthCallbackQuerySchema,
    redirect: 'On success the session cookies of a login are set and the browser goes to `redirect` (same-site paths only, else `/`; `/profile` after a linking). On any failure to `/login?error=<errorCode>` (`/profile?error=` when linking): `CSRF_REJECTED` (no or another state), `INVALID_CREDENTIALS`, `INVALID_CODE`, `CODE_EXPIRED`, `EMAIL_ALREADY_EXISTS`, `ACCOUNT_DISABLED`, `EMAIL_NOT_VERIFIED`, `IDENTITY_ALREADY_LINKED`, `TOO_MANY_REQUESTS`, `SERVICE_UNAVAILABLE`, `SERVER_ERROR`.',
  },
  {
    method: 'GET', path: '/api/auth/identities', tag: 'profile', auth: 'access',
    summary: 'The provider accounts linked to this account, and whether it has a password',
    data: IdentitiesPayload,
  },
  {
    method: 'DELETE', path: '/api/auth/identities/{provider}', tag: 'profile', auth: 'access',
    summary: 'Unlink a provider account',
    description: 'Refused when it is the account\'s last way to sign in (no password, no other provider).',
    params: IdentityParamsSchema, errors: ['NOT_FOUND', 'LAST_SIGN_IN_METHOD'],
  },
  {
    method: 'PUT', path: '/api/admin/users/{id}/roles', tag: 'admin', auth: 'access', permission: 'user:roles',
    summary: 'Set an account\'s roles',
    description: 'At least one code; an unknown one is 400. Only roles whose every permission the caller holds may be granted or removed, and `R_SUPER` only by its holders (403 with `details.role`).',
    params: UserIdParams, body: AssignRolesBody, data: UserPayload,
    errors: ['USER_NOT_FOUND', 'LAST_SUPER_ADMIN'],
  },
  {
    method: 'GET', path: '/api/admin/users/{id}/sessions', tag: 'admin', auth: 'access', permission: 'user:sessions',
    summary: 'List an account\'s signed-in devices',
    params: UserIdParams, data: SessionsPayload,
    errors: ['USER_NOT_FOUND'],
  },
  {
    method: 'DELETE', path: '/api/admin/users/{id}/sessions', tag: 'admin', auth: 'access', permission: 'user:sessions',
    summary: 'Sign an account out everywhere',
    description: 'Every session ends at once. An account that may do more than the caller cannot be signed out by it (403).',
    params: UserIdParams,
    errors: ['USER_NOT_FOUND'],
  },
  {
    method: 'GET', path: '/api/admin/permissions', tag: 'admin', auth: 'access', permission: 'role:list',
    summary: 'The catalogue of permissions',
    data: PermissionsPayload,
  },
  {
    method: 'GET', path: '/api/admin/roles', tag: 'admin', auth: 'access', permission: 'role:list',
    summary: 'List the roles',
    data: RolesPayload,
  },
  {
    method: 'POST', path: '/api/admin/roles', tag: 'admin', auth: 'access', permission: 'role:manage', status: 201,
    summary: 'Create a role',
    description: 'Only with permissions the caller holds (403 with `details.permission`).',
    body: CreateRoleBody, data: RolePayload,
    errors: ['ROLE_ALREADY_EXISTS'],
  },
  {
    method: 'PATCH', path: '/api/admin/roles/{code}', tag: 'admin', auth: 'access', permission: 'role:manage',
    summary: 'Change a role\'s name, description or permissions',
    description: '`R_SUPER` never changes (409 `BUILT_IN_ROLE`). Holders feel the change at their next request.',
    params: RoleCodeParams, body: UpdateRoleBody, data: RolePayload,
    errors: ['NOT_FOUND', 'BUILT_IN_ROLE'],
  },
  {
    method: 'DELETE', path: '/api/admin/roles/{code}', tag: 'admin', auth: 'access', permission: 'role:manage',
    summary: 'Delete a role',
    params: RoleCodeParams,
    errors: ['NOT_FOUND', 'BUILT_IN_ROLE', 'ROLE_IN_USE'],
  },
  {
    method: 'GET', path: '/api/user/info', tag: 'profile', auth: 'access',
    summary: 'Seed 0\'s user info',
    description: 'For the owner\'s admin front end: `buttons` are the permissions, `phone` the mobile.',
    data: SeedUserInfoPayload,
  },
  {
    method: 'GET', path: '/api/health', tag: 'health', auth: 'none',
    summary: 'Whether the service and its database are up',
    description: 'Answers 503 with `details: { db: "down" }` while the database is unreachable.',
    data: HealthPayload,
  },
]
