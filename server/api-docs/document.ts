import { z } from 'zod'
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../shared/session-cookies'
import { statusOf, type ErrorCode } from '../utils/errors'
import { MAX_BODY_BYTES } from '../utils/validation'
import { operations, type Operation, type RawBody } from './operations'
import { namedSchemas } from './payloads'

type JsonSchema = Record<string, unknown>

const TAGS = [
  { name: 'auth', description: 'Accounts and sessions: register, sign in, refresh, sign out.' },
  { name: 'profile', description: 'The signed-in account: details, avatar, password, devices.' },
  { name: 'codes', description: 'Mailed codes and links: email verification, password reset.' },
  { name: 'admin', description: 'Account administration; each route needs a permission.' },
  { name: 'health', description: 'Service status.' },
]

/** Failures any `/api` answer may be. */
const ALWAYS: ErrorCode[] = ['SERVER_ERROR', 'SERVICE_UNAVAILABLE']
const WITH_JSON_BODY: ErrorCode[] = ['INVALID_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']
const WITH_RAW_BODY: ErrorCode[] = ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']
const WITH_SESSION: ErrorCode[] = ['UNAUTHORIZED', 'TOKEN_EXPIRED']
/** A cookie-carrying unsafe request from a foreign origin (shared/API.md, "CSRF"). */
const UNSAFE_WITH_COOKIE: ErrorCode[] = ['CSRF_REJECTED']

/**
 * The OpenAPI 3.1 document of the API, built from the operation registry (operations.ts): the
 * request schemas are the handlers' own zod schemas, as JSON Schema of what a client sends.
 */
export function buildOpenApiDocument(version: string): JsonSchema {
  const components: Record<string, JsonSchema> = {}
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = describeOperation(operation)
  }
  for (const [schema, id] of namedSchemas) {
    const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema
    components[id] = json
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'community-web accounts API',
      version,
      description: 'Every answer under `/api` is the JSON envelope `{ success, code, message, data }` or, on failure, `{ success: false, code, message, errorCode, details? }`; `code` equals the HTTP status. `message` is for people (Chinese, or English when `Accept-Language` prefers `en`); `errorCode` is for programs.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: TAGS,
    paths,
    components: {
      schemas: { ...components, ...envelopeSchemas() },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token of login, register or refresh.' },
        accessCookie: { type: 'apiKey', in: 'cookie', name: ACCESS_COOKIE, description: 'The HttpOnly cookie browsers get; unsafe requests must then come from the site\'s origin.' },
        refreshCookie: { type: 'apiKey', in: 'cookie', name: REFRESH_COOKIE },
      },
    },
  }
}

function describeOperation(operation: Operation): JsonSchema {
  const described: JsonSchema = {
    operationId: `${operation.method.toLowerCase()}${operation.path.replace(/^\/api/, '').replace(/[{}]/g, '').replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    tags: [operation.tag],
    summary: operation.summary,
  }
  if (operation.description) described.description = operation.description
  if (operation.permission) described['x-permission'] = operation.permission
  if (operation.auth === 'access') described.security = [{ bearer: [] }, { accessCookie: [] }]
  else if (operation.auth === 'refresh') described.security = [{ refreshCookie: [] }, {}]
  else described.security = []

  const parameters = [
    ...parametersOf(operation.params, 'path'),
    ...parametersOf(operation.query, 'query'),
  ]
  if (parameters.length) described.parameters = parameters
  if (operation.body) described.requestBody = requestBodyOf(operation.body)
  described.responses = responsesOf(operation)
  return described
}

/** The JSON Schema of what a client sends for `schema` (its input side: before trimming and coercion). */
function inputSchema(schema: z.ZodType): JsonSchema {
  return jsonSchemaOf(schema, 'input')
}

/** `schema` as JSON Schema, a named one (payloads.ts) inside it as a `$ref` to `components.schemas`. */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (context) => {
      const visited = context.zodSchema as unknown as z.ZodType
      const id = namedSchemas.get(visited)
      if (!id || visited === schema) return
      for (const key of Object.keys(context.jsonSchema)) Reflect.deleteProperty(context.jsonSchema, key)
      Object.assign(context.jsonSchema, { $ref: `#/components/schemas/${id}` })
    },
  }) as JsonSchema
  return json
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return []
  const json = inputSchema(schema)
  const required = new Set((json.required ?? []) as string[])
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => ({
    name, in: location, required: location === 'path' || required.has(name), schema: property,
  }))
}

function isRawBody(body: z.ZodType | RawBody): body is RawBody {
  return 'mediaTypes' in body
}

function requestBodyOf(body: z.ZodType | RawBody): JsonSchema {
  if (isRawBody(body)) {
    return {
      required: true,
      description: `${body.description} (${body.maxBytes} bytes at most).`,
      content: Object.fromEntries(body.mediaTypes.map(type => [type, { schema: { type: 'string', contentMediaType: type, maxLength: body.maxBytes } }])),
    }
  }
  return {
    required: true,
    description: `JSON, at most ${MAX_BODY_BYTES} bytes. Unknown fields are ignored.`,
    content: { 'application/json': { schema: inputSchema(body) } },
  }
}

function errorCodesOf(operation: Operation): ErrorCode[] {
  const codes = [...ALWAYS, ...(operation.errors ?? [])]
  if (operation.body) codes.push(...(isRawBody(operation.body) ? WITH_RAW_BODY : WITH_JSON_BODY))
  if (operation.query || operation.params) codes.push('INVALID_INPUT')
  if (operation.auth === 'access') codes.push(...WITH_SESSION)
  if (operation.permission) codes.push('FORBIDDEN')
  if (operation.auth !== 'none' && operation.method !== 'GET') codes.push(...UNSAFE_WITH_COOKIE)
  if (operation.path.startsWith('/api/auth/')) codes.push('TOO_MANY_REQUESTS')
  return [...new Set(codes)]
}

function responsesOf(operation: Operation): JsonSchema {
  if (operation.redirect) {
    return {
      302: { description: operation.redirect, headers: { Location: { schema: { type: 'string' } } } },
      404: {
        description: '`NOT_FOUND`: an unknown provider, or one that is not configured',
        content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Failure' }, { properties: { code: { const: 404 }, errorCode: { enum: ['NOT_FOUND'] } } }] } } },
      },
    }
  }
  const data = operation.data ? jsonSchemaOf(operation.data, 'output') : { type: 'null' }
  const status = operation.status ?? 200
  const responses: JsonSchema = {
    [status]: {
      description: 'Success',
      content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Success' }, { properties: { code: { const: status }, data } }] } } },
    },
  }
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of errorCodesOf(operation)) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code])
  for (const [failureStatus, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[failureStatus] = {
      description: codes.map(code => `\`${code}\``).join(', '),
      content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Failure' }, { properties: { code: { const: failureStatus }, errorCode: { enum: codes } } }] } } },
    }
  }
  return responses
}

function envelopeSchemas(): Record<string, JsonSchema> {
  return {
    Success: {
      type: 'object',
      required: ['success', 'code', 'message', 'data'],
      properties: {
        success: { const: true },
        code: { type: 'integer', description: 'Equals the HTTP status.' },
        message: { type: 'string', description: 'For people, in the caller\'s language.' },
        data: { description: 'The payload; null when there is nothing to return.' },
      },
    },
    Failure: {
      type: 'object',
      required: ['success', 'code', 'message', 'errorCode'],
      properties: {
        success: { const: false },
        code: { type: 'integer', description: 'Equals the HTTP status.' },
        message: { type: 'string', description: 'For people, in the caller\'s language.' },
        errorCode: { type: 'string', description: 'For programs; never changes with the language.' },
        details: { type: 'object', description: '`fields` (field → reason) for INVALID_INPUT, `retryAfter` (seconds) for TOO_MANY_REQUESTS, the rules for INVALID_PASSWORD.' },
      },
    },
  }
}
