/** Types of the wire contract (shared/API.md), used by the server and the pages alike. */

import type { Permission } from '../shared/permissions'

export type Role = 'super_admin' | 'user'
export type AccountStatus = 'active' | 'disabled'

/** The user object: never a password or a hash; times are ISO 8601 in UTC. */
export interface PublicUser {
  id: number
  username: string
  email: string | null
  mobile: string | null
  gender: 0 | 1 | 2
  avatar: string | null
  role: Role
  /** Role codes (`R_SUPER`, `R_ADMIN`, `R_USER`, custom ones) and the union of their permissions. */
  roles: string[]
  permissions: Permission[]
  status: AccountStatus
  online: boolean
  emailVerified: boolean
  lastLoginAt: string | null
  lastLoginIp: string | null
  createdAt: string
  updatedAt: string
}

export interface ApiSuccess<T> {
  success: true
  code: number
  message: string
  data: T
}

export interface ApiFailure {
  success: false
  code: number
  message: string
  errorCode: string
  details?: Record<string, unknown>
}

export interface TokenPair {
  token: string
  refreshToken: string
  expiresIn: number
}

/** A signed-in device, as `GET /api/auth/sessions` lists it. */
export interface SessionInfo {
  id: string
  userAgent: string | null
  ip: string | null
  createdAt: string
  lastUsedAt: string
  /** The session of the request that asked. */
  current: boolean
}

/** What `PATCH /api/admin/users/:id` may change. */
export interface AccountChange {
  role?: Role
  status?: AccountStatus
}

/** A role, as `GET /api/admin/roles` lists it. */
export interface RoleInfo {
  code: string
  name: string
  description: string | null
  permissions: Permission[]
  builtIn: boolean
  userCount: number
}

/** A permission of the catalogue, described in the request's language. */
export interface PermissionInfo {
  code: Permission
  description: string
}

/** `GET /api/user/info`: seed 0's user info for its admin front end. */
export interface SeedUserInfo {
  userId: number
  userName: string
  roles: string[]
  buttons: Permission[]
  avatar: string | null
  email: string | null
  phone: string | null
}
