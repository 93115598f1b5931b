import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { url } from '@nuxt/test-utils/e2e'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type ServerProcess } from './server-process'
import { api, expectFailure, registerUser, startApp, type ApiResponse } from './support'

const MIB = 1024 * 1024
const AVATAR_URL = /^\/avatars\/\d+-[0-9a-f]{32}\.webp$/

/** A 300×100 image: blue, red and green thirds, so a centre crop is all red. */
function stripes(format: 'png' | 'jpeg' | 'webp'): Promise<Buffer> {
  // One row: 100 pixels of each colour, three bytes a pixel.
  const row = Buffer.from(Array.from({ length: 900 }, (_, i) => [[0, 0, 255], [255, 0, 0], [0, 255, 0]][Math.floor(i / 300)]![i % 3]!))
  return sharp(Buffer.concat(Array.from({ length: 100 }, () => row)), { raw: { width: 300, height: 100, channels: 3 } }).toFormat(format).toBuffer()
}

describe('the avatar upload (PUT and DELETE /api/auth/me/avatar)', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'cw-avatars-'))
  await startApp({ NUXT_AVATAR_STORAGE: directory })
  const storedFiles = () => readdirSync(directory).sort()

  async function putAvatar(body: BodyInit | Buffer | undefined, contentType: string | undefined, auth: { token?: string, headers?: Record<string, string> }): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...auth.headers }
    if (contentType) headers['content-type'] = contentType
    if (auth.token) headers.authorization = `Bearer ${auth.token}`
    const sent = Buffer.isBuffer(body) ? new Uint8Array(body) : body
    const response = await fetch(url('/api/auth/me/avatar'), { method: 'PUT', headers, body: sent, duplex: 'half' } as RequestInit)
    return { status: response.status, body: await response.json(), headers: response.headers, cookies: {} }
  }

  it.each(['png', 'jpeg', 'webp'] as const)('takes a %s image, stores its centre square as a 256 px WebP and serves it', async (format) => {
    const { token, user } = await registerUser()
    const response = await putAvatar(await stripes(format), `image/${format}`, { token })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ success: true, code: 200, data: { user: { id: user.id } } })
    const avatar: string = response.body.data.user.avatar
    expect(avatar).toMatch(AVATAR_URL)
    expect(avatar.startsWith(`/avatars/${user.id}-`)).toBe(true)
    expect((await api('/api/auth/me', { token })).body.data.user.avatar).toBe(avatar)

    const served = await fetch(url(avatar))
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/webp')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('cache-control')).toContain('immutable')
    const image = Buffer.from(await served.arrayBuffer())
    expect(await sharp(image).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 })
    const { data } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    // Inside the edges (resampling blends the crop's border with its neighbours).
    for (const pixel of [8 * 256 + 8, 128 * 256 + 128, 247 * 256 + 247]) {
      const [r, g, b] = data.subarray(pixel * 3, pixel * 3 + 3)
      expect({ red: r! > 200, green: g! < 60, blue: b! < 60 }, `pixel ${pixel}`).toEqual({ red: true, green: true, blue: true })
    }
  })

  it('answers 415 for other types, by header or by content', async () => {
    const { token, user } = await registerUser()
    const gif = Buffer.from('47494638396101000100800000000000ffffff2c00000000010001000002024401003b', 'hex')
    expectFailure(await putAvatar(gif, 'image/gif', { token }), 415, 'UNSUPPORTED_MEDIA_TYPE')
    expectFailure(await putAvatar(await stripes('png'), 'application/octet-stream', { token }), 415, 'UNSUPPORTED_MEDIA_TYPE')
    expectFailure(await putAvatar(await stripes('png'), undefined, { token }), 415, 'UNSUPPORTED_MEDIA_TYPE')
    expectFailure(await putAvatar(JSON.stringify({ avatar: 'x' }), 'application/json', { token }), 415, 'UNSUPPORTED_MEDIA_TYPE')
    // An image type in the header, something else in the body.
    expectFailure(await putAvatar('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/png', { token }), 415, 'UNSUPPORTED_MEDIA_TYPE')
    expectFailure(await putAvatar(gif, 'image/webp', { token }), 415, 'UNSUPPORTED_MEDIA_TYPE')
    expect((await api('/api/auth/me', { token })).body.data.user).toMatchObject({ id: user.id, avatar: null })
  })

  it('answers 400 for a broken image behind a right signature, and for an empty body', async () => {
    const { token } = await registerUser()
    const png = await stripes('png')
    const broken = Buffer.concat([png.subarray(0, 16), Buffer.alloc(200, 7)])
    const response = await putAvatar(broken, 'image/png', { token })
    expectFailure(response, 400, 'INVALID_INPUT')
    expect(Object.keys(response.body.details.fields)).toEqual(['avatar'])
    expectFailure(await putAvatar(undefined, 'image/png', { token }), 400, 'INVALID_INPUT')
  })

  it('takes an image of nearly 2 MiB, and refuses one over 2 MiB with 413, announced or streamed', async () => {
    const { token } = await registerUser()
    // Noise does not compress: a PNG of it is about as large as its pixels.
    const noise = await sharp(Buffer.from(Array.from({ length: 800 * 800 * 3 }, () => Math.floor(Math.random() * 256))), { raw: { width: 800, height: 800, channels: 3 } })
      .png({ compressionLevel: 0 }).toBuffer()
    expect(noise.length).toBeGreaterThan(1.8 * MIB)
    expect(noise.length).toBeLessThanOrEqual(2 * MIB)
    expect((await putAvatar(noise, 'image/png', { token })).status).toBe(200)

    const tooLarge = Buffer.concat([await stripes('png'), Buffer.alloc(2 * MIB)])
    expectFailure(await putAvatar(tooLarge, 'image/png', { token }), 413, 'PAYLOAD_TOO_LARGE')
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(tooLarge))
        controller.close()
      },
    })
    expectFailure(await putAvatar(streamed, 'image/png', { token }), 413, 'PAYLOAD_TOO_LARGE')
  })

  it('removes the previous upload when a new one replaces it, and keeps it when the same image comes again', async () => {
    const { token, user } = await registerUser()
    const first = (await putAvatar(await stripes('png'), 'image/png', { token })).body.data.user.avatar as string
    expect(storedFiles()).toContain(first.split('/').pop())
    const again = (await putAvatar(await stripes('png'), 'image/png', { token })).body.data.user.avatar
    expect(again).toBe(first)
    expect((await fetch(url(first))).status).toBe(200)

    const second = (await putAvatar(await stripes('jpeg'), 'image/jpeg', { token })).body.data.user.avatar as string
    expect(second).not.toBe(first)
    const mine = storedFiles().filter(name => name.startsWith(`${user.id}-`))
    expect(mine).toEqual([second.split('/').pop()])
    expect((await fetch(url(first))).status).toBe(404)
    expect((await fetch(url(second))).status).toBe(200)
  })

  it('DELETE sets avatar to null and removes the file', async () => {
    const { token, user } = await registerUser()
    const avatar = (await putAvatar(await stripes('webp'), 'image/webp', { token })).body.data.user.avatar as string
    const response = await api('/api/auth/me/avatar', { method: 'DELETE', token })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ success: true, data: { user: { id: user.id, avatar: null } } })
    expect(storedFiles().filter(name => name.startsWith(`${user.id}-`))).toEqual([])
    expect((await fetch(url(avatar))).status).toBe(404)
    expect((await api('/api/auth/me', { token })).body.data.user.avatar).toBeNull()
  })

  it('PATCH /api/auth/me still takes an avatar URL, and removes an upload it replaces, never someone else\'s', async () => {
    const owner = await registerUser()
    const ownersUpload = (await putAvatar(await stripes('png'), 'image/png', { token: owner.token })).body.data.user.avatar as string
    const other = await registerUser()
    const othersUpload = (await putAvatar(await stripes('jpeg'), 'image/jpeg', { token: other.token })).body.data.user.avatar as string

    // Pointing at someone else's upload, then away from it, leaves their file alone.
    expect((await api('/api/auth/me', { method: 'PATCH', body: { avatar: ownersUpload }, token: other.token })).status).toBe(200)
    expect((await fetch(url(othersUpload))).status).toBe(404)
    const typed = await api('/api/auth/me', { method: 'PATCH', body: { avatar: 'https://cdn.example.com/a.png' }, token: other.token })
    expect(typed.body.data.user.avatar).toBe('https://cdn.example.com/a.png')
    expect((await fetch(url(ownersUpload))).status).toBe(200)
    expect((await api('/api/auth/me/avatar', { method: 'DELETE', token: other.token })).status).toBe(200)
    expect((await fetch(url(ownersUpload))).status).toBe(200)
  })

  it('needs a session: 401 without one', async () => {
    expectFailure(await putAvatar(await stripes('png'), 'image/png', {}), 401, 'UNAUTHORIZED')
    expectFailure(await api('/api/auth/me/avatar', { method: 'DELETE' }), 401, 'UNAUTHORIZED')
  })

  it('refuses a cookie-authenticated upload or removal from a foreign origin (CSRF), takes one from the site', async () => {
    const { token, refreshToken, user } = await registerUser()
    const cookie = `cw_access=${token}; cw_refresh=${refreshToken}`
    const foreign = { cookie, origin: 'https://evil.example' }
    expectFailure(await putAvatar(await stripes('png'), 'image/png', { headers: foreign }), 403, 'CSRF_REJECTED')
    expectFailure(await api('/api/auth/me/avatar', { method: 'DELETE', headers: foreign }), 403, 'CSRF_REJECTED')
    expect(storedFiles().filter(name => name.startsWith(`${user.id}-`))).toEqual([])

    const own = { cookie, origin: new URL(url('/')).origin }
    const response = await putAvatar(await stripes('png'), 'image/png', { headers: own })
    expect(response.status).toBe(200)
    expect(response.body.data.user.avatar).toMatch(AVATAR_URL)
  })

  it('serves nothing but stored avatar names', async () => {
    for (const name of ['nope.webp', '..%2F..%2Fpackage.json', '1-0123456789abcdef0123456789abcdef.webp']) {
      expect((await fetch(url(`/avatars/${name}`))).status, name).toBe(404)
    }
  })
})

describe('avatars in Redis (NUXT_AVATAR_STORAGE=redis://…): several instances share them', () => {
  const servers: ServerProcess[] = []
  afterAll(() => Promise.all(servers.map(server => server.stop())))

  it('serves an upload made on one instance from another, and removes it for both', async () => {
    const env = { NUXT_AVATAR_STORAGE: 'redis://127.0.0.1:6379' }
    const [one, two] = await Promise.all([startServer(env), startServer(env)])
    servers.push(one!, two!)
    const register = await fetch(`${one!.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `redis_${Date.now().toString(36)}`, password: 'correct horse battery staple' }),
    })
    const { token } = (await register.json()).data
    const upload = await fetch(`${one!.url}/api/auth/me/avatar`, {
      method: 'PUT', headers: { 'content-type': 'image/png', 'authorization': `Bearer ${token}` }, body: new Uint8Array(await stripes('png')),
    })
    expect(upload.status).toBe(200)
    const avatar: string = (await upload.json()).data.user.avatar
    const served = await fetch(`${two!.url}${avatar}`)
    expect(served.status).toBe(200)
    expect(await sharp(Buffer.from(await served.arrayBuffer())).metadata()).toMatchObject({ format: 'webp', width: 256 })

    expect((await fetch(`${two!.url}/api/auth/me/avatar`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    expect((await fetch(`${one!.url}${avatar}`)).status).toBe(404)
  })
})
