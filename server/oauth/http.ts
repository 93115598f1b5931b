import { providerError } from './failures'

/** No provider call may hold a sign-in longer than this. */
const PROVIDER_TIMEOUT_MS = 5000

export interface ProviderAnswer {
  status: number
  headers: Headers
  /** The body parsed as JSON (QQ's `callback( … );` unwrapped), or undefined when it is none. */
  json: unknown
  text: string
}

/**
 * Calls a provider's endpoint (never longer than five seconds) and answers its status and body.
 * An unreachable or silent provider is 503 `SERVICE_UNAVAILABLE`.
 */
export async function callProvider(provider: string, address: string | URL, init: RequestInit = {}): Promise<ProviderAnswer> {
  let response: Response
  let text: string
  try {
    response = await fetch(address, { ...init, redirect: 'error', signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) })
    text = await response.text()
  }
  catch (error) {
    throw providerError(provider, 'SERVICE_UNAVAILABLE', `${new URL(address).pathname} unreachable: ${(error as Error).message}`)
  }
  return { status: response.status, headers: response.headers, json: parseJson(text), text }
}

/** JSON, also wrapped as JSONP (`callback( {…} );`, QQ Connect's historical format). */
export function parseJson(text: string): unknown {
  const unwrapped = /^\s*callback\(\s*([\s\S]*?)\s*\);?\s*$/.exec(text)?.[1] ?? text
  try {
    return JSON.parse(unwrapped)
  }
  catch {
    return undefined
  }
}

/** `value` as a record of its fields, or an empty one when it is no JSON object. */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {}
}

/** A field as text: a string as it is, a number written out, anything else null. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}
