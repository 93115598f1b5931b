/**
 * Gives `target[key]`, unless it is set already, a copy of `source` made when first read
 * (`structuredClone`); a write replaces it as it would a plain property.
 */
export function defineLazyCopy(target: object, key: string, source: unknown): void {
  if ((target as Record<string, unknown>)[key]) return
  const settle = (value: unknown) => {
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: true })
    return value
  }
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get: () => settle(structuredClone(source)),
    set: settle,
  })
}
