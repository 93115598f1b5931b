import { readRawBody, setResponseHeader, type H3Event } from 'h3'
import { z } from 'zod'
import { isMessageKey, type MessageKey } from '../i18n/messages'
import { apiError, invalidInput } from './errors'

/** The largest request body the API reads (shared/API.md: 413 above it). */
export const MAX_BODY_BYTES = 16 * 1024

/** A string field; its reason is `required` when absent and `invalidType` when not a string. */
export function textField() {
  return z.string({ error: issue => (issue.input === undefined ? 'required' : 'invalidType') })
}

/** Makes a field optional, reading an empty string or null as "not given". */
export function optionalField<T extends z.ZodType>(schema: T) {
  return z.preprocess(value => (value === '' || value === null ? undefined : value), schema.optional())
}

/**
 * Makes a field optional and clearable: absent stays `undefined` (leave it as it is), while
 * `null` or an empty string reads as `null` (clear it).
 */
export function clearableField<T extends z.ZodType>(schema: T) {
  return z.preprocess(value => (value === '' ? null : value), schema.nullable().optional())
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Reads the JSON body and validates it with `schema`: 400 `INVALID_JSON` when it does not
 * parse, 400 `INVALID_INPUT` with `details.fields` when a field breaks its rules. An empty
 * body reads as `{}`.
 */
export async function readJsonBody<T extends z.ZodType>(event: H3Event, schema: T): Promise<z.output<T>> {
  const raw = await readBodyText(event)
  let body: unknown = {}
  if (raw.trim()) {
    try {
      body = JSON.parse(raw)
    }
    catch {
      throw apiError('INVALID_JSON')
    }
  }
  return validate(schema, body)
}

/** The request body as UTF-8 text, at most 16 KiB (`readBodyBytes`). */
async function readBodyText(event: H3Event): Promise<string> {
  return (await readBodyBytes(event, MAX_BODY_BYTES)).toString('utf8')
}

/**
 * The request body, refused with 413 `PAYLOAD_TOO_LARGE` as soon as it passes `maxBytes`,
 * however it is sent (a chunked body has no Content-Length to check beforehand): the rest is
 * drained, not kept. No body reads as empty.
 */
export function readBodyBytes(event: H3Event, maxBytes: number): Promise<Buffer> {
  const request = event.node.req
  // A request made from inside the server (useRequestFetch) carries its body ready-made.
  if ((request as { body?: unknown }).body !== undefined) {
    return readRawBody(event, false).then((bytes) => {
      if (bytes && bytes.length > maxBytes) throw apiError('PAYLOAD_TOO_LARGE')
      return Buffer.from(bytes ?? [])
    })
  }
  if (!Number(request.headers['content-length']) && !request.headers['transfer-encoding']) return Promise.resolve(Buffer.alloc(0))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) {
        chunks.push(chunk)
        return
      }
      request.off('data', onData).off('end', onEnd).resume()
      setResponseHeader(event, 'connection', 'close')
      reject(apiError('PAYLOAD_TOO_LARGE'))
    }
    const onEnd = () => resolve(Buffer.concat(chunks))
    request.on('data', onData).on('end', onEnd).on('error', reject)
  })
}

/** Validates `value` with `schema`, or throws 400 `INVALID_INPUT` naming each bad field's reason. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const fields: Record<string, MessageKey> = {}
  for (const issue of result.error.issues) {
    fields[issue.path.join('.') || 'body'] ??= isMessageKey(issue.message) ? issue.message : 'invalidValue'
  }
  throw invalidInput(fields)
}
