import type { H3Event } from 'h3'
import { createRouter } from 'radix3'
import apiRoutes from '#api-routes'
import { AVATAR_MAX_BYTES, isAvatarMediaType } from '../avatars/upload-rules'
import { waitForDatabase } from '../database/ready'

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The one body that is not JSON (shared/API.md): an avatar image, by route and method. */
const RAW_BODIES: Record<string, { maxBytes: number, accepts: (contentType: string | undefined) => boolean }> = {
  'PUT /api/auth/me/avatar': { maxBytes: AVATAR_MAX_BYTES, accepts: isAvatarMediaType },
}

const router = createRouter<{ methods: Set<string> | null }>()
for (const { route, method } of apiRoutes) {
  const path = route.replace(/\/\*\*:\w+$/, '/**')
  const entry = router.lookup(path) ?? { methods: new Set<string>() }
  if (!method) entry.methods = null
  else entry.methods?.add(method)
  router.insert(path, entry)
}

/**
 * The door of `/api`: unknown paths (404) and methods (405), bodies that are not JSON (415) or
 * too large (413; 2 MiB images for an avatar upload) are turned away here, before any handler; the rest waits for the database.
 */
export default defineEventHandler(async (event) => {
  if (!isApiPath(event.path)) return
  setResponseHeader(event, 'cache-control', 'no-store')
  // JSON is never a document: nothing may run in it or frame it.
  setResponseHeader(event, 'content-security-policy', 'default-src \'none\'; frame-ancestors \'none\'')

  const route = router.lookup(event.path.split('?')[0]!)
  if (!route) throw apiError('NOT_FOUND')
  if (route.methods && !route.methods.has(event.method)) {
    setResponseHeader(event, 'allow', [...route.methods].join(', '))
    throw apiError('METHOD_NOT_ALLOWED')
  }

  if (METHODS_WITH_BODY.has(event.method) && hasBody(event)) {
    const raw = RAW_BODIES[`${event.method} ${event.path.split('?')[0]}`]
    if (Number(getRequestHeader(event, 'content-length') ?? 0) > (raw?.maxBytes ?? MAX_BODY_BYTES)) throw apiError('PAYLOAD_TOO_LARGE')
    const contentType = getRequestHeader(event, 'content-type')
    if (raw ? !raw.accepts(contentType) : contentType?.split(';')[0]?.trim().toLowerCase() !== 'application/json') throw apiError('UNSUPPORTED_MEDIA_TYPE')
  }

  if (event.path !== '/api/health') await waitForDatabase()
})

function hasBody(event: H3Event): boolean {
  const length = getRequestHeader(event, 'content-length')
  return length ? Number(length) > 0 : getRequestHeader(event, 'transfer-encoding') !== undefined
}
