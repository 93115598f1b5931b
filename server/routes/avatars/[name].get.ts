import { readAvatar } from '../../avatars/store'

/** A stored avatar: its name holds its content's hash, so it is cached for a year. */
export default defineEventHandler(async (event) => {
  const image = await readAvatar(getRouterParam(event, 'name') ?? '')
  if (!image) throw createError({ statusCode: 404, statusMessage: 'Page Not Found' })
  setResponseHeaders(event, {
    'content-type': 'image/webp',
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
  })
  return image
})
