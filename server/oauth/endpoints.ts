/*
 * Where a provider lives: its addresses come from configuration (a GitHub Enterprise server, a
 * test double), so each is checked before anything is sent to it.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])

/**
 * Why `address` may not be a provider's address, or null when it may: it must be an absolute
 * `https://` URL, or `http://` on a loopback host (`127.0.0.1`, `::1`, `localhost`: local
 * development and tests), with no user name or password in it (shared/API.md).
 */
export function providerAddressProblem(address: string): string | null {
  let url: URL
  try {
    url = new URL(address)
  }
  catch {
    return 'is no absolute URL'
  }
  if (url.username || url.password) return 'must not hold a user name or password'
  if (url.protocol === 'https:') return null
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null
  return 'must be an https:// address (http:// only on 127.0.0.1, ::1 or localhost)'
}

/** Whether `address` is on a loopback host (where plain http is accepted). */
export function isLoopbackAddress(address: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(address).hostname)
  }
  catch {
    return false
  }
}

/** `base` (an address, with or without a trailing slash and a path) joined with `path`. */
export function joinAddress(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}
