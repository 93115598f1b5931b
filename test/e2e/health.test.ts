import { describe, expect, it } from 'vitest'
import { api, startApp } from './support'

describe('GET /api/health', async () => {
  await startApp()

  it('reports the service and its database up', async () => {
    const { status, body, headers } = await api('/api/health')
    expect(status).toBe(200)
    expect(body).toEqual({ success: true, code: 200, message: expect.any(String), data: { status: 'ok', db: 'up' } })
    expect(headers.get('content-type')).toContain('application/json')
  })
})
