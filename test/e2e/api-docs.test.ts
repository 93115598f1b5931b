import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { url } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMAIL_MAX, MOBILE_PATTERN, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN } from '../../shared/rules'
import { startServer, type ServerProcess } from './server-process'
import { api, expectFailure, startApp } from './support'

const apiDirectory = fileURLToPath(new URL('../../server/api', import.meta.url))
const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/** Every route file under server/api as `METHOD /full/path` (parameters in braces), with its file. */
function routeFiles(): { operation: string, file: string }[] {
  return (readdirSync(apiDirectory, { recursive: true }) as string[])
    .filter(file => file.endsWith('.ts'))
    .map((file) => {
      const parts = file.replace(/\.ts$/, '').split('.')
      const method = parts.length > 1 && METHODS.includes(parts.at(-1)!) ? parts.pop()!.toUpperCase() : 'ANY'
      const path = `/api/${parts.join('.')}`.replace(/\/index$/, '').replace(/\[\.{3}(\w+)\]/g, '{$1}').replace(/\[(\w+)\]/g, '{$1}')
      return { operation: `${method} ${path}`, file: `server/api/${file}` }
    })
}

/** The endpoints of shared/API.md's endpoint table (the contract; it lives outside the repository). */
const CONTRACT = [
  'POST /api/auth/register', 'POST /api/auth/login', 'POST /api/auth/refresh', 'POST /api/auth/logout',
  'GET /api/auth/me', 'PATCH /api/auth/me', 'PUT /api/auth/me/avatar', 'DELETE /api/auth/me/avatar',
  'POST /api/auth/change-password', 'POST /api/auth/verify-email/send', 'POST /api/auth/verify-email',
  'POST /api/auth/forgot-password', 'POST /api/auth/reset-password', 'GET /api/auth/sessions',
  'DELETE /api/auth/sessions/{id}', 'GET /api/admin/users', 'PATCH /api/admin/users/{id}', 'GET /api/health',
]

type Json = Record<string, any>

function operationsOf(document: Json): string[] {
  return Object.entries(document.paths as Json).flatMap(([path, methods]) => Object.keys(methods).map(method => `${method.toUpperCase()} ${path}`))
}

/** Every `$ref` in `value`, to check each resolves inside the document. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn)
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, inner]) => (key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner)))
}

describe('API documentation: /openapi.json and /docs', async () => {
  await startApp()
  let document: Json
  beforeAll(async () => {
    document = await (await fetch(url('/openapi.json'))).json()
  })

  it('serves plain JSON (no envelope) in the shape of OpenAPI 3.1', async () => {
    const response = await fetch(url('/openapi.json'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(document).not.toHaveProperty('success')
    expect(document.openapi).toMatch(/^3\.1\.\d+$/)
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    expect(Object.keys(document.paths).length).toBeGreaterThan(0)
    for (const [path, methods] of Object.entries(document.paths as Json)) {
      expect(path).toMatch(/^\/api\//)
      for (const [method, operation] of Object.entries(methods as Json)) {
        expect(METHODS, `${method} ${path}`).toContain(method)
        expect(operation, `${method} ${path}`).toMatchObject({ summary: expect.any(String), tags: [expect.any(String)], responses: expect.any(Object) })
        for (const [status, response] of Object.entries(operation.responses as Json)) {
          expect(status).toMatch(/^[1-5]\d\d$/)
          expect(response.description, `${method} ${path} ${status}`).toEqual(expect.any(String))
        }
        // Path parameters are declared, and only those the path holds.
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(match => match[1])
        expect((operation.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name)).toEqual(inPath)
      }
    }
    const ids = operationsOf(document).map(key => key)
    expect(new Set(ids).size).toBe(ids.length)
    for (const ref of refsIn(document)) {
      const target = ref.replace(/^#\//, '').split('/').reduce<Json | undefined>((node, key) => node?.[key], document)
      expect(target, ref).toBeDefined()
    }
  })

  it('has an operation for every route file under server/api', () => {
    const documented = new Set(operationsOf(document))
    const missing = routeFiles().filter(route => !documented.has(route.operation))
      .map(route => `${route.operation} (${route.file}): add its entry to server/api-docs/operations.ts`)
    expect(missing, `operations missing from /openapi.json:\n${missing.join('\n')}`).toEqual([])
    const routes = new Set(routeFiles().map(route => route.operation))
    const stale = operationsOf(document).filter(operation => !routes.has(operation))
    expect(stale, `operations in /openapi.json without a route file:\n${stale.join('\n')}`).toEqual([])
  })

  it('has every endpoint of the contract, with its method', () => {
    const documented = operationsOf(document)
    expect(CONTRACT.filter(operation => !documented.includes(operation))).toEqual([])
  })

  it('describes each operation\'s failures with the contract\'s error codes and the envelope', () => {
    const login = document.paths['/api/auth/login'].post
    expect(login.security).toEqual([])
    expect(login.responses['401'].content['application/json'].schema.allOf[1].properties.errorCode.enum).toContain('INVALID_CREDENTIALS')
    expect(login.responses['400'].content['application/json'].schema.allOf[1].properties.errorCode.enum).toEqual(expect.arrayContaining(['INVALID_INPUT', 'INVALID_JSON']))
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413', '415', '429', '500', '503']))
    expect(document.components.schemas.Failure.required).toEqual(['success', 'code', 'message', 'errorCode'])
    const me = document.paths['/api/auth/me'].get
    expect(me.security).toEqual(expect.arrayContaining([{ bearer: [] }]))
    expect(me.responses['401'].description).toContain('UNAUTHORIZED')
    expect(refsIn(me.responses['200'])).toContain('#/components/schemas/User')
    expect(Object.keys(document.components.schemas.User.properties)).toEqual(expect.arrayContaining(['id', 'username', 'email', 'avatar', 'role', 'status', 'emailVerified']))
    const avatar = document.paths['/api/auth/me/avatar'].put
    expect(Object.keys(avatar.requestBody.content).sort()).toEqual(['image/jpeg', 'image/png', 'image/webp'])
    expect(avatar.responses['413'].description).toContain('PAYLOAD_TOO_LARGE')
    expect(avatar.responses['415'].description).toContain('UNSUPPORTED_MEDIA_TYPE')
  })

  it('shows register\'s request as its validator checks it: the rules of shared/rules.ts, and they hold', async () => {
    const schema = document.paths['/api/auth/register'].post.requestBody.content['application/json'].schema
    expect([...schema.required].sort()).toEqual(['password', 'username'])
    expect(schema.properties.username).toMatchObject({ type: 'string', minLength: USERNAME_MIN, maxLength: USERNAME_MAX, pattern: USERNAME_PATTERN.source })
    expect(schema.properties.email).toMatchObject({ maxLength: EMAIL_MAX, format: 'email' })
    expect(schema.properties.mobile).toMatchObject({ pattern: MOBILE_PATTERN.source })
    expect(schema.properties.gender.anyOf.map((option: Json) => option.const)).toEqual([0, 1, 2])
    expect(Object.keys(schema.properties).sort()).toEqual(['email', 'gender', 'mobile', 'password', 'username'])

    // The limits the document states are the validator's: one past them is refused, at them accepted.
    const tooLong = await api('/api/auth/register', { body: { username: 'a'.repeat(schema.properties.username.maxLength + 1), password: 'x' } })
    expectFailure(tooLong, 400, 'INVALID_INPUT')
    expect(tooLong.body.details.fields).toHaveProperty('username')
    const longest = await api('/api/auth/register', { body: { username: 'b'.repeat(schema.properties.username.maxLength), password: 'x', gender: 3 } })
    expect(longest.body.details.fields).not.toHaveProperty('username')
    expect(longest.body.details.fields).toHaveProperty('gender')
    const badEmail = await api('/api/auth/register', { body: { username: 'c'.repeat(schema.properties.username.minLength - 1), password: 'x', email: `${'d'.repeat(schema.properties.email.maxLength)}@x.io` } })
    expect(Object.keys(badEmail.body.details.fields).sort()).toEqual(['email', 'username'])
  })

  it('shows the document to people at /docs, grouped by tag, with each operation\'s fields and answers', async () => {
    const response = await fetch(url('/docs'))
    expect(response.status).toBe(200)
    const html = await response.text()
    if (!html.includes('data-test="api-tag"')) expect.fail(`no API document on the page: ${html.slice(-500)}`)
    for (const tag of document.tags) expect(html).toMatch(new RegExp(`<h2[^>]*>${tag.name}</h2>`))
    for (const path of Object.keys(document.paths)) expect(html).toContain(path)
    expect(html.match(/data-test="api-operation"/g)?.length).toBe(operationsOf(document).length)
  })

  describe('NUXT_API_DOCS=false', () => {
    let server: ServerProcess
    afterAll(() => server?.stop())

    it('turns both off: 404', async () => {
      server = await startServer({ NUXT_API_DOCS: 'false' })
      expect((await fetch(`${server.url}/openapi.json`)).status).toBe(404)
      const page = await fetch(`${server.url}/docs`, { headers: { accept: 'text/html' } })
      expect(page.status).toBe(404)
      expect(await page.text()).toContain('data-test="error-page"')
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
      // An expected 404, not a failure: nothing in the log.
      expect(server.output()).not.toMatch(/\[request error\]|\bError\b/)
    })
  })
})
