import { url } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { api, type ApiRequest, type ApiResponse, expectFailure, GOOD_PASSWORD, startApp, uniqueName } from './support'

const LOGIN = '/api/auth/login'
const LEAKS = ['at ', 'node_modules', '.mjs', 'SELECT', 'mysql']

/** A login body of exactly `bytes` bytes of JSON (padded with an ignored field). */
function loginBodyOfSize(bytes: number): string {
  const base = JSON.stringify({ username: uniqueName('nobody'), password: GOOD_PASSWORD, pad: '' })
  return base.replace('"pad":""', `"pad":"${'x'.repeat(bytes - Buffer.byteLength(base))}"`)
}

interface FailureCase {
  name: string
  path: string
  request: ApiRequest
  status: number
  errorCode: string
}

const failures: FailureCase[] = [
  { name: 'an unknown API path', path: '/api/nope', request: {}, status: 404, errorCode: 'NOT_FOUND' },
  { name: 'an unknown API path with a body', path: '/api/auth/nope', request: { body: {} }, status: 404, errorCode: 'NOT_FOUND' },
  { name: 'GET on a POST route', path: LOGIN, request: { method: 'GET' }, status: 405, errorCode: 'METHOD_NOT_ALLOWED' },
  { name: 'DELETE on a GET route', path: '/api/health', request: { method: 'DELETE' }, status: 405, errorCode: 'METHOD_NOT_ALLOWED' },
  {
    name: 'malformed JSON',
    path: LOGIN,
    request: { rawBody: '{"username": "a", "password": ', headers: { 'content-type': 'application/json' } },
    status: 400,
    errorCode: 'INVALID_JSON',
  },
  {
    name: 'a form post',
    path: LOGIN,
    request: { rawBody: `username=${uniqueName()}&password=secret123`, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    status: 415,
    errorCode: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a text/plain body holding JSON',
    path: LOGIN,
    request: { rawBody: JSON.stringify({ username: uniqueName(), password: GOOD_PASSWORD }), headers: { 'content-type': 'text/plain' } },
    status: 415,
    errorCode: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a multipart body',
    path: '/api/auth/register',
    request: { rawBody: '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nbob\r\n--x--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } },
    status: 415,
    errorCode: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a body over 16 KiB',
    path: LOGIN,
    request: { rawBody: loginBodyOfSize(16 * 1024 + 1), headers: { 'content-type': 'application/json' } },
    status: 413,
    errorCode: 'PAYLOAD_TOO_LARGE',
  },
  { name: 'a JSON array', path: LOGIN, request: { body: [{ username: 'a', password: 'b' }] }, status: 400, errorCode: 'INVALID_INPUT' },
  { name: 'a JSON string', path: LOGIN, request: { body: 'username=a' }, status: 400, errorCode: 'INVALID_INPUT' },
  { name: 'a JSON number', path: '/api/auth/register', request: { body: 42 }, status: 400, errorCode: 'INVALID_INPUT' },
  { name: 'bad fields', path: '/api/auth/register', request: { body: { username: 'x\' OR \'1\'=\'1', password: 1 } }, status: 400, errorCode: 'INVALID_INPUT' },
  { name: 'no access token', path: '/api/auth/me', request: {}, status: 401, errorCode: 'UNAUTHORIZED' },
  { name: 'a malformed access token', path: '/api/auth/me', request: { token: 'x.y.z' }, status: 401, errorCode: 'UNAUTHORIZED' },
  { name: 'wrong credentials', path: LOGIN, request: { body: { username: uniqueName(), password: GOOD_PASSWORD } }, status: 401, errorCode: 'INVALID_CREDENTIALS' },
]

describe('the /api envelope', async () => {
  await startApp()

  describe.each(failures)('$name', ({ path, request, status, errorCode }) => {
    let response: ApiResponse

    it(`answers ${status} ${errorCode} in the failure envelope`, async () => {
      response = await api(path, request)
      expectFailure(response, status, errorCode)
      expect(typeof response.body.message).toBe('string')
      expect(Object.keys(response.body).sort()).toEqual(
        expect.arrayContaining(['code', 'errorCode', 'message', 'success']),
      )
      expect(Object.keys(response.body).every(key => ['success', 'code', 'message', 'errorCode', 'details'].includes(key))).toBe(true)
    })

    it('is JSON and not cached', () => {
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      expect(response.headers.get('cache-control')).toBe('no-store')
    })

    it('reveals no stack, SQL, file path or library name', () => {
      const text = JSON.stringify(response.body)
      for (const leak of LEAKS) expect(text, leak).not.toContain(leak)
    })
  })

  it('names the allowed methods in Allow on a 405', async () => {
    const response = await api(LOGIN, { method: 'GET' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toMatch(/\bPOST\b/)
  })

  it.each([
    ['/api/auth/me', 'DELETE', ['GET', 'PATCH']],
    ['/api/auth/sessions/abc', 'PATCH', ['DELETE']],
    ['/api/auth/verify-email/send', 'GET', ['POST']],
  ])('knows the methods of %s (a %s answers 405)', async (path, method, allowed) => {
    const response = await api(path, { method })
    expectFailure(response, 405, 'METHOD_NOT_ALLOWED')
    expect(response.headers.get('allow')!.split(/,\s*/).sort()).toEqual(allowed)
  })

  it('names the bad field of a JSON array body', async () => {
    const response = await api(LOGIN, { body: [] })
    expectFailure(response, 400, 'INVALID_INPUT')
    expect(response.body.details.fields).toEqual(expect.any(Object))
  })

  it('answers 413 PAYLOAD_TOO_LARGE to a chunked body over 16 KiB (no Content-Length)', async () => {
    const bytes = new TextEncoder().encode(loginBodyOfSize(20 * 1024))
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.subarray(i, i + 4096))
        controller.close()
      },
    })
    const response = await fetch(url(LOGIN), { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit)
    const json = await response.json()
    expect(response.status).toBe(413)
    expect(json).toMatchObject({ success: false, code: 413, errorCode: 'PAYLOAD_TOO_LARGE' })
  })

  it('lets a body of exactly 16 KiB through to the handler', async () => {
    const rawBody = loginBodyOfSize(16 * 1024)
    expectFailure(await api(LOGIN, { rawBody, headers: { 'content-type': 'application/json' } }), 401, 'INVALID_CREDENTIALS')
  })

  it('accepts application/json with a charset', async () => {
    const rawBody = JSON.stringify({ username: uniqueName(), password: GOOD_PASSWORD })
    const response = await api(LOGIN, { rawBody, headers: { 'content-type': 'application/json; charset=utf-8' } })
    expectFailure(response, 401, 'INVALID_CREDENTIALS')
  })

  it('answers English messages with Accept-Language: en and the same errorCode', async () => {
    const chinese = await api('/api/nope')
    const english = await api('/api/nope', { headers: { 'accept-language': 'en' } })
    expectFailure(chinese, 404, 'NOT_FOUND')
    expectFailure(english, 404, 'NOT_FOUND')
    expect(chinese.body.message).toMatch(/\p{Script=Han}/u)
    expect(english.body.message).toMatch(/^[\x20-\x7E]+$/)
  })

  it('answers in the language the pages were switched to (cw_lang) before Accept-Language', async () => {
    const english = await api('/api/nope', { headers: { 'accept-language': 'zh-CN', 'cookie': 'cw_lang=en' } })
    const chinese = await api('/api/nope', { headers: { 'accept-language': 'en', 'cookie': 'cw_lang=zh-CN' } })
    expect(english.body.message).toMatch(/^[\x20-\x7E]+$/)
    expect(chinese.body.message).toMatch(/\p{Script=Han}/u)
  })

  it('wraps a success in the envelope with code equal to the status', async () => {
    const response = await api('/api/health')
    expect(response.body).toMatchObject({ success: true, code: response.status, message: expect.any(String) })
    expect(response.status).toBe(200)
  })

  it('still serves a page like /login as HTML 200', async () => {
    const response = await api('/login', { headers: { accept: 'text/html' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(String(response.body)).toMatch(/<html/i)
  })
})
