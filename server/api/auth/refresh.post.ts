import { z } from 'zod'
import { clearSessionCookies, refreshCookieOf } from '../../auth/cookies'
import { isRefreshRefused, rotateSession } from '../../auth/refresh'

export const BodySchema = z.object({
  refreshToken: optionalField(z.string({ error: 'invalidType' }).trim().min(1).max(512, 'invalidValue')),
})

export default defineApiHandler('refreshed', async (event) => {
  const { refreshToken } = await readJsonBody(event, BodySchema)
  const presented = refreshToken ?? refreshCookieOf(event)
  if (!presented) throw apiError('INVALID_REFRESH_TOKEN')
  try {
    return await rotateSession(event, presented)
  }
  catch (error) {
    if (isRefreshRefused(error)) clearSessionCookies(event)
    throw error
  }
})
