import type { LocationQueryValue } from 'vue-router'

/** A query parameter as one string ('' when absent), whether it came once or repeated. */
export function queryText(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}
